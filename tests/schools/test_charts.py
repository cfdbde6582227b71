"""Bar chart geometry: one 40-unit row per bar, 500 units for 100%."""

from schools.charts import Bar, bar_chart, dashboard_charts
from schools.selectors.dashboard import (
    ClassFigure,
    Dashboard,
    Figure,
    ParentEngagement,
)


def test_each_bar_is_a_row_with_its_width_in_proportion():
    chart = bar_chart("chart-x", "Title", [("9M", 50), ("9N", 100)])
    assert (chart.id, chart.title, chart.height) == ("chart-x", "Title", 80)
    assert chart.bars == [
        Bar("9M", 50, label_y=14, bar_y=20, width=250, value_x=256, value_y=32),
        Bar("9N", 100, label_y=54, bar_y=60, width=500, value_x=506, value_y=72),
    ]


def test_a_value_near_the_end_is_written_past_the_track():
    assert bar_chart("c", "t", [("a", 87)]).bars[0].value_x == 435 + 6
    assert bar_chart("c", "t", [("a", 88)]).bars[0].value_x == 506


def test_an_empty_chart_keeps_one_rows_height():
    chart = bar_chart("c", "t", [])
    assert (chart.bars, chart.height) == ([], 40)


def test_the_dashboard_charts_completion_by_class_lesson_and_track():
    dashboard = Dashboard(
        classes=[ClassFigure("9M", 4, 1, overdue=2)],
        lessons=[Figure("First", 4, 2)],
        tracks=[Figure("Students", 4, 4)],
        staff=[],
        parents=ParentEngagement(0, 0, 0, 0),
        gain=[],
    )
    charts = dashboard_charts(dashboard)
    assert list(charts) == ["classes", "lessons", "tracks"]
    assert charts["classes"].title == "Completion by class (%)"
    assert [(b.label, b.percent) for b in charts["lessons"].bars] == [("First", 50)]
    assert charts["tracks"].bars[0].width == 500
