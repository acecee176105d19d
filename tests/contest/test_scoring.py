"""The jury's arithmetic: weighted averages, conflicts left out, ties kept as ties."""

from __future__ import annotations

from decimal import Decimal

from salam.contest.scoring import Criterion, JurorScore, standings, weighted

RUBRIC = [Criterion("message", Decimal(3)), Criterion("craft", Decimal(1))]


def test_a_weighted_mark():
    assert weighted({"message": 8, "craft": 4}, RUBRIC) == Decimal(7)
    assert weighted({"message": 8}, RUBRIC) is None


def test_averages_leave_out_conflicts_and_count_scores():
    scores = [
        JurorScore(1, 10, {"message": 8, "craft": 4}),  # 7
        JurorScore(1, 11, {"message": 10, "craft": 10}),  # 10, but juror 11 declared a conflict
        JurorScore(1, 12, {"message": 6, "craft": 6}),  # 6
        JurorScore(2, 10, {"message": 9, "craft": 9}),  # 9
    ]
    result = {s.entry_id: s for s in standings([1, 2], scores, RUBRIC, conflicts={(1, 11)})}
    assert result[1].average == Decimal("6.50")
    assert result[1].scores == 2
    assert (result[2].rank, result[1].rank) == (1, 2)


def test_ties_share_a_rank_and_the_next_rank_skips():
    scores = [
        JurorScore(1, 10, {"message": 8, "craft": 8}),
        JurorScore(2, 10, {"message": 8, "craft": 8}),
        JurorScore(3, 10, {"message": 5, "craft": 5}),
    ]
    result = standings([1, 2, 3, 4], scores, RUBRIC, conflicts=set())
    assert [(s.entry_id, s.rank, s.tied) for s in result] == [
        (1, 1, True),
        (2, 1, True),
        (3, 3, False),
        (4, None, False),
    ]
    assert result[3].average is None and result[3].scores == 0


def test_an_entry_whose_only_scores_are_conflicted_is_unranked():
    scores = [JurorScore(1, 10, {"message": 8, "craft": 8})]
    (only,) = standings([1], scores, RUBRIC, conflicts={(1, 10)})
    assert (only.average, only.scores, only.rank) == (None, 0, None)
