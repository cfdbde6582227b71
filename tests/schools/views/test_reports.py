"""The class report: the grid and its CSV, kept and built, its queries pinned
(the school dashboard's tests are in test_dashboard.py)."""

import csv
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from accounts.models import User
from lessons.models import LessonProgress
from schools.models import Enrolment, LessonTaught
from schools.selectors.reports import class_report
from tests.schools.report_helpers import (
    count,
    grid_completion,
    grid_names,
    make_class,
    miss_count,
    progress,
    report_url,
)

pytestmark = pytest.mark.django_db


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


class _Cells(HTMLParser):
    """Each row's first lesson cell: (its status key, the text a screen reader
    reads: the words, without what is aria-hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, tuple[str, str]] = {}
        self.row: str | None = None
        self.key: str | None = None
        self.text: list[str] = []
        self.hidden = 0
        self.in_name = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "th" and attrs.get("scope") == "row":
            self.in_name, self.row = True, ""
        elif (
            tag == "td"
            and (attrs.get("class") or "").startswith("grid-")
            and (attrs.get("class") != "grid-count" and self.row and self.key is None)
        ):
            self.key, self.text = attrs["class"].removeprefix("grid-"), []
        elif tag == "svg" and self.key and attrs.get("aria-hidden") == "true":
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_name = False
        elif tag == "svg" and self.hidden:
            self.hidden -= 1
        elif tag == "td" and self.key:
            words = " ".join("".join(self.text).split()).replace(" ,", ",")
            self.cells[self.row] = (self.key, words)
            self.key = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.in_name:
            self.row += data
        elif self.key and not self.hidden:
            self.text.append(data)


def parse_cells(html: str) -> dict[str, tuple[str, str]]:
    parser = _Cells()
    parser.feed(html.split("<tbody>")[1].split("</tbody>")[0])
    return parser.cells


def legend(html: str) -> str:
    return strip_tags(html.split('class="grid-legend"')[1].split("</ul>")[0])


def test_class_report_shows_each_students_status_and_best_score(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    response = client.get(report_url(school_class))
    html = response.content.decode()
    cells = parse_cells(html)
    assert cells["Ann"] == ("completed", "Completed, best quiz score 90%")
    assert cells["Ben"] == ("overdue", "Overdue, best quiz score 40%")
    assert cells["Cara"] == ("overdue", "Overdue")
    assert grid_completion(response) == [33]
    assert "2 assigned lessons are overdue." in html


def test_class_report_filters_by_status(client, school_class, teacher, assigned_class):
    client.force_login(teacher)
    assert grid_names(client.get(report_url(school_class, status="completed"))) == [
        "Ann"
    ]


def test_class_report_csv_matches_the_filtered_table_column_for_column(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    page = client.get(report_url(school_class, status="overdue"))
    download = client.get(report_url(school_class, status="overdue", format="csv"))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header, *body, footer = rows
    assert header == [
        "Student",
        "The first lesson: status",
        "The first lesson: best score (%)",
        "The first lesson: taught in class",
        "Completed",
        "Assigned",
    ]
    assert body == [
        ["Ben", "Overdue", "40", "", "0", "1"],
        ["Cara", "Overdue", "", "", "0", "1"],
    ]
    assert footer == ["Completion (%)", "", "33", "", "", ""]
    html = page.content.decode()
    # The page's grid has the same rows (one cell per lesson), then the total row.
    assert html.count('scope="row"') == len(body) + 1
    for student, *_rest in body:
        assert f'<th scope="row">{student}</th>' in html


def test_a_lesson_taught_in_class_shows_in_the_report_and_its_csv(
    client, school_class, teacher, assigned_class, lesson
):
    LessonTaught.objects.create(
        school_class=school_class, lesson=lesson, taught_on=date(2026, 11, 20)
    )
    client.force_login(teacher)

    html = client.get(report_url(school_class)).content.decode()
    download = client.get(report_url(school_class, format="csv"))

    assert "taught in class 20 Nov" in html
    header, *body, _footer = list(
        csv.reader(io.StringIO(download.content.decode("utf-8-sig")))
    )
    column = header.index("The first lesson: taught in class")
    assert {row[column] for row in body} == {"2026-11-20"}


def test_teacher_of_another_class_and_students_get_404_for_the_report(
    client, school_class, other_teacher, class_student, other_school_admin
):
    for user in (other_teacher, class_student, other_school_admin):
        client.force_login(user)
        assert client.get(report_url(school_class)).status_code == 404


def test_class_report_queries_do_not_grow_with_students(
    client, school, teacher, lesson
):
    client.force_login(teacher)
    small = make_class(school, teacher, lesson, students=5)
    large = make_class(school, teacher, lesson, students=100)
    # Kept in the cache: session, user, the class (with its school, through the
    # permission filter), its stamp.
    assert count(client, report_url(small)) == count(client, report_url(large)) == 4
    # Built: then assignments with lessons (and when each was taught), students,
    # their assignment targets, their progress.
    assert miss_count(client, report_url(small)) == 8
    assert miss_count(client, report_url(large)) == 8
    for url in (report_url(large, format="csv"), report_url(large, sort="progress")):
        assert (count(client, url), miss_count(client, url)) == (4, 8)
    # Sorting by progress and filtering work on the loaded rows: no query added.
    sorted_url = report_url(large, sort="progress", status="completed")
    assert miss_count(client, sorted_url) == 8
    assert miss_count(client, sorted_url + "&format=csv") == 8


def test_a_kept_report_is_never_shown_once_its_rows_changed(
    client, school_class, teacher, assigned_class, lesson
):
    """The report is kept in the cache under its class's stamp: each kind of write
    to what it shows gives the next visit a new report."""
    client.force_login(teacher)

    def page():
        return client.get(report_url(school_class))

    def grid() -> dict[str, tuple[str, str]]:
        return parse_cells(page().content.decode())

    def cells() -> dict[str, str]:
        return {name: key for name, (key, _) in grid().items()}

    assert cells() == {"Ann": "completed", "Ben": "overdue", "Cara": "overdue"}
    assert cells()["Cara"] == "overdue"  # kept: the same
    # A learner's write (progress rows carry their time of change).
    progress(assigned_class["Cara"], lesson, "completed", 80)
    assert cells()["Cara"] == "completed"
    ben = LessonProgress.objects.get(learner=assigned_class["Ben"])
    ben.best_score = 75
    ben.save()
    assert grid()["Ben"] == ("overdue", "Overdue, best quiz score 75%")
    # The teacher's: a due date moved, a lesson taught, a student removed.
    assignment = school_class.assignments.get()
    assignment.due_date = timezone.localdate() + timedelta(days=7)
    assignment.save()
    assert cells()["Ben"] == "in_progress"
    LessonTaught.objects.create(
        school_class=school_class,
        lesson=lesson,
        taught_by=teacher,
        taught_on=timezone.localdate(),
    )
    assert "taught in class" in page().content.decode()
    Enrolment.objects.filter(student=assigned_class["Ben"]).delete()
    assert grid_names(page()) == ["Ann", "Cara"]


def test_each_cell_shows_an_icon_hidden_from_screen_readers_and_the_status_in_words(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    html = client.get(report_url(school_class)).content.decode()
    cells = parse_cells(html)
    assert cells["Ann"] == ("completed", "Completed, best quiz score 90%")
    assert cells["Ben"] == ("overdue", "Overdue, best quiz score 40%")
    assert cells["Cara"] == ("overdue", "Overdue")
    # Every icon is hidden from assistive technology; the words are what is read.
    assert html.count('<svg class="grid-icon" aria-hidden="true">') == 3 + 5
    for words in ("Completed", "In progress", "Not started", "Overdue"):
        assert words in legend(html)


def test_the_grid_is_a_captioned_table_in_a_named_keyboard_reachable_region(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    html = client.get(report_url(school_class)).content.decode()
    region = re.search(r'<div class="grid-scroll"[^>]*>', html)[0]
    assert 'tabindex="0"' in region and 'role="region"' in region
    assert 'aria-labelledby="grid-title"' in region
    assert re.search(r'<h2 [^>]*id="grid-title">\s*Progress grid: 3 students', html)
    assert '<caption class="visually-hidden">' in html
    assert '<th scope="col" class="grid-lesson">The first lesson' in html
    assert '<th scope="col" aria-sort="ascending">Student</th>' in html
    foot = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert '<th scope="row">Completed, whole class</th>' in foot
    assert " ".join(strip_tags(foot).split()) == (
        "Completed, whole class 1 of 3 1 of 3 33%"
    )


def test_the_grids_rows_escape_names_and_read_in_spanish(
    client, school_class, teacher, assigned_class
):
    """The rows come from the Jinja2 template: escaped and translated like the
    rest of the page."""
    User.objects.filter(display_name="Ann").update(display_name="<b>Ann</b>")
    client.force_login(teacher)
    html = client.get(report_url(school_class)).content.decode()
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html and "<b>Ann" not in html
    assert '<td class="grid-count">1 of 1</td>' in html
    spanish = client.get("/es" + report_url(school_class)).content.decode()
    assert '<td class="grid-count">1 de 1</td>' in spanish
    assert "mejor puntuación" in spanish


def test_the_report_leaves_the_lessons_bodies_unread(school_class, assigned_class):
    report = class_report(school_class=school_class)
    lesson = report.assignments[0].lesson
    assert {"objectives", "facilitator"} <= lesson.get_deferred_fields()
    assert "leaflet" in lesson.track.get_deferred_fields()


def test_the_grid_sorts_by_progress_and_the_csv_follows_the_same_order(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    page = client.get(report_url(school_class, sort="progress"))
    assert grid_names(page) == ["Ann", "Ben", "Cara"]
    html = page.content.decode()
    assert 'aria-sort="descending"' in html
    assert 'href="?sort=progress" aria-current="true"' in " ".join(html.split())
    assert "sort=progress&amp;format=csv" in html
    download = client.get(report_url(school_class, sort="progress", format="csv"))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:-1]] == ["Ann", "Ben", "Cara"]


def test_sorting_keeps_the_status_filter_and_the_filter_keeps_the_sort(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    html = client.get(report_url(school_class, status="overdue", sort="progress"))
    text = " ".join(html.content.decode().split())
    assert 'href="?status=overdue&amp;sort=name"' in text
    assert '<input type="hidden" name="sort" value="progress">' in text
    assert grid_names(html) == ["Ben", "Cara"]


def test_an_unknown_order_sorts_by_name_and_says_so(
    client, school_class, teacher, assigned_class
):
    client.force_login(teacher)
    response = client.get(report_url(school_class, sort="nope"))
    assert response.context["sort"] == "name"
    assert "Unknown order: sorted by name." in response.content.decode()


def test_csv_cells_that_look_like_formulas_are_neutralised(
    client, school_class, teacher, assigned_class
):
    User.objects.filter(pk=assigned_class["Ann"].pk).update(
        display_name="=HYPERLINK(1)"
    )
    client.force_login(teacher)
    download = client.get(report_url(school_class, format="csv"))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["'=HYPERLINK(1)", "Completed", "90", "", "1", "1"] in rows
