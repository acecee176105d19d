"""The report's bar chart, as geometry for an inline SVG: pure, no database, no language read.

One small chart per survey question: a bar for the mean before and one for the mean after, on
a value axis from 0 to 5 (bars start at zero, so that their lengths compare honestly; the
answers themselves run from 1 to 5). The template draws the shapes; here is where they go.

Coordinates are in the SVG's user units: the viewBox is `WIDTH` x `HEIGHT`, about one CSS pixel
each on a 390 px phone. Right to left, the chart is mirrored: the bars grow from the right and
the category labels stand on the right. Every text is anchored at its middle, so that a
label's place does not depend on the direction the SVG inherits.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 360
SCALE_MAX = 5
CATEGORY_WIDTH = 72  # the "Before" / "After" labels' column
PLOT_START = CATEGORY_WIDTH + 8
PLOT_END = WIDTH - 16  # room for the last tick's label, centred on it
BAR_HEIGHT = 28
BAR_GAP = 10
TOP = 8
AXIS_Y = TOP + 2 * BAR_HEIGHT + BAR_GAP + 8  # the value axis, under both bars
TICK_LABEL_Y = AXIS_Y + 18
AXIS_TITLE_Y = TICK_LABEL_Y + 22
HEIGHT = AXIS_TITLE_Y + 8
VALUE_LABEL_ROOM = 48  # a bar shorter than this has its value written just past its end
VALUE_LABEL_HALF = VALUE_LABEL_ROOM // 2


@dataclass(frozen=True)
class Bar:
    moment: str  # "before" or "after"
    value: float | None  # None: nobody answered, no bar is drawn
    x: float
    y: float
    width: float
    height: float
    category_x: float  # the middle of the "Before" / "After" label
    label_x: float  # the middle of the written value (or of "no answers yet")
    label_y: float  # its baseline
    label_inside: bool  # written on the bar (in the bar's ink) or just past it


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_start: float  # the value axis's line, from x = axis_start to axis_end at AXIS_Y
    axis_end: float
    axis_y: float
    tick_label_y: float
    axis_title_x: float
    axis_title_y: float


def _x(units: float, *, rtl: bool) -> float:
    """Where `units` from the chart's start edge lies, counted from the SVG's left."""
    return WIDTH - units if rtl else units


def _position(value: float) -> float:
    """How far along the plot a value lies, from the start edge (values clamped to 0..5)."""
    share = min(max(value, 0.0), SCALE_MAX) / SCALE_MAX
    return PLOT_START + share * (PLOT_END - PLOT_START)


def _bar(moment: str, value: float | None, row: int, *, rtl: bool) -> Bar:
    y = TOP + row * (BAR_HEIGHT + BAR_GAP)
    end = _position(value) if value is not None else PLOT_START
    length = end - PLOT_START
    inside = length >= VALUE_LABEL_ROOM
    if value is None:  # "no answers yet", in the plot's middle where a long text fits
        label_at = (PLOT_START + PLOT_END) / 2
    else:
        label_at = end - VALUE_LABEL_HALF if inside else end + VALUE_LABEL_HALF
    return Bar(
        moment=moment,
        value=value,
        x=round(WIDTH - end if rtl else PLOT_START, 2),
        y=y,
        width=round(length, 2) if value is not None else 0,
        height=BAR_HEIGHT,
        category_x=round(_x(CATEGORY_WIDTH / 2, rtl=rtl), 2),
        label_x=round(_x(label_at, rtl=rtl), 2),
        label_y=y + BAR_HEIGHT / 2 + 5,  # about the middle of a 14 px line
        label_inside=inside,
    )


def bar_chart(mean_before: float | None, mean_after: float | None, *, rtl: bool) -> BarChart:
    """The geometry of one question's chart: its two bars, the axis and its ticks 0..5."""
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        bars=(
            _bar("before", mean_before, 0, rtl=rtl),
            _bar("after", mean_after, 1, rtl=rtl),
        ),
        ticks=tuple(
            Tick(value=v, x=round(_x(_position(v), rtl=rtl), 2)) for v in range(SCALE_MAX + 1)
        ),
        axis_start=min(_x(PLOT_START, rtl=rtl), _x(PLOT_END, rtl=rtl)),
        axis_end=max(_x(PLOT_START, rtl=rtl), _x(PLOT_END, rtl=rtl)),
        axis_y=AXIS_Y,
        tick_label_y=TICK_LABEL_Y,
        axis_title_x=round(_x((PLOT_START + PLOT_END) / 2, rtl=rtl), 2),
        axis_title_y=AXIS_TITLE_Y,
    )
