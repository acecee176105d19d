"""Notices, their mails and digests are written in their recipient's language and time zone,
never in those of the person whose action made them (an English-speaking organiser, a moderator
reading the site in French)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from events import services as event_services
from events.models import Occurrence
from rooms.chat import services as chat_services
from rooms.models import Membership, Round
from rooms.moderation import services as room_moderation
from rooms.pairing import services as pairing_services
from salam.clearinghouse.models import Organisation
from salam.forum import services as forum_services
from salam.forum.models import Category
from salam.journal import services as journal_services
from salam.journal.models import HistoryEntry
from salam.notices import services
from salam.notices.models import Digest, Notice
from salam.notices.recipient import for_recipient, moment
from salam.people import services as people_services
from salam.people.models import University
from salam.people.roles import Role
from tests.events.conftest import at
from tests.jobs import run_jobs
from tests.notices.text import says

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)
NOON = datetime(2030, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def occurrence(published) -> Occurrence:
    """Integration, on 10 June 2030 at 10:00 in Rio (13:00 UTC)."""
    return Occurrence.objects.get(session__event=published)


def only_notice(person) -> Notice:
    [notice] = Notice.objects.filter(user=person)
    return notice


def in_french(message: str) -> str:
    with translation.override("fr"):
        translated = gettext(message)
    assert translated != message, f"no French for {message!r}"
    return translated


# ---- the moderator's mute --------------------------------------------------------------------


def test_a_mute_tells_an_arabic_reader_in_arabic_with_the_end_in_their_zone(make_person, moderator):
    room = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    farah = make_person("farah", ui_language="ar", time_zone="Asia/Riyadh")
    chat_services.add_member(room, user=farah)
    with translation.override("fr"):  # the moderator reads the site in French
        room_moderation.mute_member(
            room, actor=moderator, username="farah", minutes=90, reason="", now=NOON
        )
    notice = only_notice(farah)
    assert notice.title == "كتمك مشرف في #welcome"
    # 13:30 UTC is 16:30 in Riyadh
    assert notice.body.startswith("لمدة 90 دقيقة، حتى ")
    assert notice.body.endswith("، 16:30 UTC+3.")
    assert "13:30" not in notice.body


def test_a_mute_tells_a_reader_without_a_zone_in_utc_and_says_so(make_person, moderator):
    room = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    chat_services.add_member(room, user=make_person("amina", time_zone=""))
    room_moderation.mute_member(
        room, actor=moderator, username="amina", minutes=90, reason="", now=NOON
    )
    notice = Notice.objects.get(user__username="amina")
    assert notice.body == "For 90 minutes, until June 10, 2030, 13:30 UTC."


# ---- the events cancellation, and its mail ---------------------------------------------------


def test_a_cancellation_tells_a_french_reader_in_french_in_their_zone_and_mails_it_so(
    occurrence, make_person, organiser, django_capture_on_commit_callbacks
):
    camille = make_person("camille", ui_language="fr", time_zone="Europe/Paris")
    event_services.register(occurrence, actor=camille, now=BEFORE)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_session(occurrence.session, actor=organiser, now=BEFORE)
    notice = only_notice(camille)
    assert notice.title == "Annulée : « Integration »"
    # 10:00 in Rio is 15:00 in Paris
    assert notice.body == "« Integration » est annulée : 10 juin 2030, 15:00 CEST."
    run_jobs()
    [sent] = mail.outbox
    assert sent.to == [camille.email]
    assert sent.subject == "[Café Salam] Annulée : « Integration »"
    assert "« Integration » est annulée : 10 juin 2030, 15:00 CEST." in sent.body
    assert "Choisissez comment les avis vous parviennent : " in sent.body


def test_each_person_told_of_one_cancellation_reads_it_in_their_own_language(
    occurrence, make_person, organiser
):
    camille = make_person("camille", ui_language="fr")
    sara = make_person("sara", ui_language="es")
    farah = make_person("farah", ui_language="ar")
    for person in (camille, sara, farah):
        event_services.register(occurrence, actor=person, now=BEFORE)
    with translation.override("fr"):
        event_services.cancel_session(occurrence.session, actor=organiser, now=BEFORE)
    titles = {n.user.username: n.title for n in Notice.objects.select_related("user")}
    assert titles == {
        "camille": "Annulée : « Integration »",
        "sara": "Cancelada: «Integration»",
        "farah": "أُلغيت: «Integration»",
    }


# ---- every notice-sending service: written in the recipient's language --------------------


def mute(make_person, moderator, camille, **_) -> tuple[str, dict]:
    room = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    chat_services.add_member(room, user=camille)
    room_moderation.mute_member(
        room, actor=moderator, username="camille", minutes=30, reason="", now=NOON
    )
    return "A moderator muted you in %(place)s", {"place": "#welcome"}


def kick(make_person, moderator, camille, **_) -> tuple[str, dict]:
    room = chat_services.create_room(slug="welcome", title="Welcome")
    chat_services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    chat_services.add_member(room, user=camille)
    room_moderation.kick_member(room, actor=moderator, username="camille", reason="")
    return "A moderator removed you from %(place)s", {"place": "#welcome"}


def cancel_session(make_person, organiser, camille, occurrence, **_) -> tuple[str, dict]:
    event_services.register(occurrence, actor=camille, now=BEFORE)
    event_services.cancel_session(occurrence.session, actor=organiser, now=BEFORE)
    return "Cancelled: “%(title)s”", {"title": "Integration"}


def promote(make_person, organiser, camille, occurrence, **_) -> tuple[str, dict]:
    first, second = make_person(), make_person()
    for person in (first, second, camille):
        event_services.register(occurrence, actor=person, now=BEFORE)
    event_services.cancel_registration(occurrence, actor=first)
    return "You have a seat at “%(title)s”", {"title": "Integration"}


def remind(make_person, organiser, camille, occurrence, **_) -> tuple[str, dict]:
    event_services.register(occurrence, actor=camille, now=BEFORE)
    event_services.send_due_reminders(now=at(0, 10) - timedelta(minutes=15))
    return "“%(title)s” starts soon", {"title": "Integration"}


def forum_reply(make_person, organiser, camille, **_) -> tuple[str, dict]:
    category = Category.objects.create(slug="general", name="General")
    thread = forum_services.start_thread(
        category, author=camille, title="Housing", body="Where to look?"
    )
    forum_services.reply(thread, author=make_person("lucas"), body="Try the union.")
    return "New reply in “%(thread)s”", {"thread": "Housing"}


def room_mention(make_person, organiser, camille, **_) -> tuple[str, dict]:
    room = chat_services.create_room(slug="welcome", title="Welcome")
    lucas = make_person("lucas")
    for person in (lucas, camille):
        chat_services.add_member(room, user=person)
    chat_services.post_message(room, author=lucas, body="@camille hello", client_id="c1")
    return "%(name)s mentioned you in %(room)s", {"name": "Lucas", "room": "Welcome"}


def round_cancelled(make_person, organiser, camille, **_) -> tuple[str, dict]:
    round_ = pairing_services.create_round(
        actor=organiser,
        title="Tea",
        starts_at=datetime(2030, 12, 2, 11, 0, tzinfo=UTC),
        duration_minutes=45,
        pool_kind=Round.PoolKind.UNIVERSITY,
        universities=[University.objects.get(name="Boğaziçi University")],
        city=None,
        mode=Round.Mode.PAIRS,
        group_size=4,
        facilitators=[],
    )
    pairing_services.sign_up(round_, actor=camille)
    pairing_services.cancel_round(round_, actor=organiser)
    return "Round cancelled", {}


ARTICLE = {
    "title": "Mentoring newcomers into work",
    "abstract": "What mentoring changes.",
    "body": "## Why\n\nNetworks **matter**.",
    "language": "en",
    "policy_area": "socio-economic",
}


def journal_submission(make_person, organiser, camille, **_) -> tuple[str, dict]:
    people_services.grant_role(camille, Role.EDITOR)
    journal_services.submit_article(author=make_person("nadia"), **ARTICLE)
    return "New submission: %(title)s", {"title": ARTICLE["title"]}


def journal_decision(make_person, organiser, camille, **_) -> tuple[str, dict]:
    editor = make_person("editor", role=Role.EDITOR)
    reviewer = make_person("reviewer")
    partner = Organisation.objects.create(name="IOM", slug="iom", kind="un", is_partner=True)
    partner.editors.add(reviewer)  # reviewers come from partner organisations
    article = journal_services.submit_article(author=camille, **ARTICLE)
    journal_services.assign_reviewer(article, actor=editor, reviewer=reviewer)
    Notice.objects.filter(user=camille).delete()  # "in review": the decision is the one here
    review = article.reviews.get()
    journal_services.submit_review(review, actor=reviewer, recommendation="revise", comments="Ok")
    journal_services.decide(article, actor=editor, decision="revise", note="")
    with translation.override("fr"):
        decision = str(HistoryEntry.Action.REVISIONS_REQUESTED.label)
    return "%(decision)s: %(title)s", {"decision": decision, "title": ARTICLE["title"]}


SCENARIOS: dict[str, Callable[..., tuple[str, dict]]] = {
    "moderation mute": mute,
    "moderation kick": kick,
    "events cancellation": cancel_session,
    "events waiting list": promote,
    "events reminder": remind,
    "forum reply": forum_reply,
    "room mention": room_mention,
    "round cancelled": round_cancelled,
    "journal submission": journal_submission,
    "journal decision": journal_decision,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_notice_is_written_in_the_recipients_language_not_the_actors(
    scenario, make_person, moderator, organiser, occurrence
):
    """One French reader, made a notice by each service from an English request: a service
    that wrote its text before `notify` could call its writer would leave it in English."""
    camille = make_person("camille", ui_language="fr")
    with translation.override("en"):
        message, params = SCENARIOS[scenario](
            make_person=make_person,
            moderator=moderator,
            organiser=organiser,
            camille=camille,
            occurrence=occurrence,
        )
    notice = only_notice(camille)
    assert notice.title == in_french(message) % params


# ---- the writer and the helper ---------------------------------------------------------------


def test_the_writer_is_called_in_the_recipients_language_and_zone(make_person):
    farah = make_person("farah", ui_language="ar", time_zone="Asia/Tokyo")
    seen = []

    def write() -> tuple[str, str]:
        seen.append((translation.get_language(), moment(NOON)))
        return "t", "b"

    with translation.override("en"):
        services.notify(farah, kind="k", text=write, email=False)
        assert translation.get_language() == "en"  # given back after
    [(language, when)] = seen
    assert language == "ar"
    assert when.endswith("21:00 JST")


def test_a_person_without_a_preference_is_written_to_in_the_sites_language(make_person):
    nadia = make_person("nadia")
    with translation.override("fr"), for_recipient(nadia):
        assert translation.get_language() == "en"


# ---- the digest: the recipient's language, and their day -------------------------------------


def waiting_for_digest(person, title: str = "New reply in “Housing”") -> None:
    services.notify(person, kind="forum.reply", text=says(title, "Lucas: yes"), url="/forum/t/")


def test_the_digest_is_in_the_recipients_language(make_person, django_capture_on_commit_callbacks):
    camille = make_person("camille", ui_language="fr")
    waiting_for_digest(camille)
    waiting_for_digest(camille)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_digests(now=NOON) == 1
    run_jobs()
    [sent] = mail.outbox
    assert sent.to == [camille.email]
    assert "Café Salam" in sent.subject and "2" in sent.subject
    with translation.override("fr"):
        expected = translation.ngettext(
            "[%(site)s] Your daily digest: %(count)d notice",
            "[%(site)s] Your daily digest: %(count)d notices",
            2,
        ) % {"site": "Café Salam", "count": 2}
    assert sent.subject == expected != "[Café Salam] Your daily digest: 2 notices"
    assert "Choisissez comment les avis vous parviennent : " in sent.body


def test_the_digest_leaves_in_the_morning_of_each_persons_own_day(make_person):
    tokyo = make_person("kenji", time_zone="Asia/Tokyo")
    utc = make_person("amina", time_zone="")
    rio = make_person("joao", time_zone="America/Sao_Paulo")
    for person in (tokyo, utc, rio):
        waiting_for_digest(person)
    # 03:00 UTC: noon in Tokyo, night in London and Rio
    assert services.send_due_digests(now=datetime(2030, 6, 10, 3, 0, tzinfo=UTC)) == 1
    assert list(Digest.objects.values_list("user__username", "day")) == [
        ("kenji", date(2030, 6, 10))
    ]
    # 10:00 UTC: 07:00 in Rio; Tokyo's evening of the same day has had its digest
    waiting_for_digest(tokyo, "Later the same day in Tokyo")
    assert services.send_due_digests(now=datetime(2030, 6, 10, 10, 0, tzinfo=UTC)) == 2
    assert Notice.objects.filter(user=tokyo, digest_pending=True).count() == 1
    # 23:00 UTC: already the 11th in Tokyo, where it is 08:00: the day's digest goes
    assert services.send_due_digests(now=datetime(2030, 6, 10, 23, 0, tzinfo=UTC)) == 1
    assert Digest.objects.filter(user=tokyo).count() == 2
