"""Horizontal bar charts as plain geometry for an SVG template: no script, no
library. The same figures are always in a table beside the chart."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from schools.selectors.dashboard import Dashboard

ROW = 40  # height of one bar with its label
TRACK = 500  # width of a bar at 100%
FULL = 88  # from this percent on, the value is written past the end of the track


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: list[Bar]
    height: int


def bar_chart(chart_id: str, title: str, values: Iterable[tuple[str, int]]) -> BarChart:
    """One bar per (label, percent), top to bottom."""
    bars = []
    for index, (label, percent) in enumerate(values):
        top = index * ROW
        width = round(TRACK * percent / 100)
        bars.append(
            Bar(
                label=label,
                percent=percent,
                label_y=top + 14,
                bar_y=top + 20,
                width=width,
                value_x=width + 6 if percent < FULL else TRACK + 6,
                value_y=top + 32,
            )
        )
    return BarChart(chart_id, title, bars, max(ROW, len(bars) * ROW))


def dashboard_charts(dashboard: Dashboard) -> dict[str, BarChart]:
    """Completion by class, lesson and track, by the name of their tables."""
    charts = (
        ("classes", _("Completion by class (%)"), dashboard.classes),
        ("lessons", _("Completion by lesson (%)"), dashboard.lessons),
        ("tracks", _("Completion by track (%)"), dashboard.tracks),
    )
    return {
        name: bar_chart(f"chart-{name}", title, [(f.label, f.percent) for f in figures])
        for name, title, figures in charts
    }
