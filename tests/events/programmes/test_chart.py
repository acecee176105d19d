"""The report chart's geometry on known figures: bars from zero on a 0-5 axis, mirrored in
right-to-left languages, the value written on the bar."""

from __future__ import annotations

import pytest

from events.programmes.chart import HEIGHT, PLOT_END, PLOT_START, WIDTH, bar_chart

UNIT = (PLOT_END - PLOT_START) / 5  # 52.8 user units per point of the scale


def test_the_bars_grow_from_the_start_in_proportion_to_the_means():
    chart = bar_chart(2.5, 4.0, rtl=False)
    before, after = chart.bars
    assert (chart.width, chart.height) == (WIDTH, HEIGHT) == (360, 130)
    assert (before.moment, before.x, before.width) == ("before", 80, 132.0)
    assert (after.moment, after.x, after.width) == ("after", 80, pytest.approx(4 * UNIT))
    assert after.y == before.y + before.height + 10
    # Written on the bar, centred 24 units before its end, in the bar's own ink.
    assert (before.label_x, before.label_inside) == (188.0, True)
    assert after.label_x == pytest.approx(80 + 4 * UNIT - 24)
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4, 5]
    assert [t.x for t in chart.ticks] == [80, 132.8, 185.6, 238.4, 291.2, 344]
    assert (chart.axis_start, chart.axis_end) == (80, 344)
    assert before.category_x == 36


def test_right_to_left_mirrors_every_x_and_keeps_the_lengths():
    ltr, rtl = bar_chart(2.5, 4.0, rtl=False), bar_chart(2.5, 4.0, rtl=True)
    for left, right in zip(ltr.bars, rtl.bars, strict=True):
        assert right.width == left.width
        assert right.x + right.width == pytest.approx(WIDTH - PLOT_START)  # grows from the right
        assert right.label_x == pytest.approx(WIDTH - left.label_x)
        assert right.category_x == WIDTH - left.category_x == 324
    assert [t.x for t in rtl.ticks] == [280, 227.2, 174.4, 121.6, 68.8, 16]
    assert (rtl.axis_start, rtl.axis_end) == (16, 280)
    assert rtl.axis_title_x == WIDTH - ltr.axis_title_x


def test_a_question_nobody_answered_after_has_no_bar_and_says_so_mid_plot():
    before, after = bar_chart(1.0, None, rtl=False).bars
    assert before.width == pytest.approx(UNIT) and before.label_inside  # 52.8 holds "1.00"
    assert (after.value, after.width, after.label_inside) == (None, 0, False)
    assert after.label_x == (PLOT_START + PLOT_END) / 2 == 212


@pytest.mark.parametrize(("mean", "width"), [(-1.0, 0), (0.0, 0), (5.0, 264.0), (7.5, 264.0)])
def test_means_off_the_scale_are_held_to_the_axis(mean, width):
    assert bar_chart(mean, mean, rtl=False).bars[0].width == width
