"""Bar charts of the report page, drawn as SVG on the server (no script, readable on a phone).

The SVG is 400 units wide and shown at most 400 px wide, so it never grows on a desk and shrinks
only a little on a phone: its 15-unit text stays about 13 px at 390 px. Each bar has its label on
its own line above it, its value at its end, and an axis with a few round ticks gives the scale.
A total is never a bar beside its parts: it is named under the chart instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import figures as reports

WIDTH = 400
VALUE_SPACE = 48  # room right of the longest bar for its number
BAR_AREA = WIDTH - VALUE_SPACE
ROW = 46  # label line + bar + gap
BAR_HEIGHT = 18
AXIS = 30  # the axis line and its tick labels
MAX_TICKS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed
    width: float
    y: int


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    total: reports.Figure | None

    width: int = WIDTH
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT

    @property
    def axis_y(self) -> int:
        return len(self.bars) * ROW + 4

    @property
    def height(self) -> int:
        return self.axis_y + AXIS

    @property
    def description(self) -> str:
        parts = [
            f"{bar.label}: {bar.value if bar.value is not None else _('verborgen')}"
            for bar in self.bars
        ]
        return "; ".join(parts) + "."


def _step(top: int) -> int:
    """The smallest round step (1, 2 or 5 times a power of ten) giving at most MAX_TICKS ticks."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if math.ceil(top / (factor * power)) <= MAX_TICKS:
                return factor * power
        power *= 10


def _is_total(figure: reports.Figure) -> bool:
    return figure.key.endswith(".total")


def chart_build(section: reports.Section) -> Chart | None:
    figures = [f for f in section.figures if f.unit == "count"]
    if section.key == "measures":  # per kind it would be 28 bars: chart the totals
        figures = [f for f in figures if f.key.startswith("measures.total.")]
    total = next((f for f in figures if _is_total(f)), None)
    figures = [f for f in figures if not _is_total(f)]
    if not figures:
        return None
    top = max((f.value or 0 for f in figures), default=0) or 1
    step = _step(top)
    scale_top = math.ceil(top / step) * step
    ticks = [
        Tick(value=value, x=round(value * BAR_AREA / scale_top, 1))
        for value in range(0, scale_top + 1, step)
    ]
    bars = [
        Bar(
            label=f.label,
            value=f.value,
            width=round((f.value or 0) * BAR_AREA / scale_top, 1),
            y=i * ROW,
        )
        for i, f in enumerate(figures)
    ]
    return Chart(key=section.key, title=section.label, bars=bars, ticks=ticks, total=total)
