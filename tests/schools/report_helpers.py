"""Rows for the reports, written directly (fast, and exactly as wanted), and the
count of a page's queries."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lessons import content_cache
from lessons.models import LessonProgress
from schools.models import Enrolment
from schools.summaries import schools_recount
from tests import factories
from tests.queries import in_one_minute, page_queries


def progress(student, lesson, status, best=None):
    return LessonProgress.objects.create(
        learner=student,
        lesson=lesson,
        status=status,
        best_score=best,
        sections_viewed=lesson.section_count if status == "completed" else 1,
        percent=100 if status == "completed" else 25,
        last_section="get-help",
        completed_at=timezone.now() if status == "completed" else None,
    )


def report_url(school_class, **query):
    url = reverse("schools:class_report", args=[school_class.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def make_class(school, teacher, lesson, students: int):
    school_class = factories.SchoolClassFactory(school=school, teacher=teacher)
    pupils = factories.StudentFactory.create_batch(students)
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=pupil) for pupil in pupils
    )
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    LessonProgress.objects.bulk_create(
        LessonProgress(
            learner=p,
            lesson=lesson,
            status="completed",
            best_score=80,
            sections_viewed=4,
            percent=100,
            last_section="get-help",
        )
        for p in pupils[::2]
    )
    schools_recount([school.pk])
    return school_class


def count(client, url: str) -> int:
    """Queries of a second visit (the first after signing in renews the session)."""
    return len(page_queries(client, url))


def grid_names(response) -> list[str]:
    """The students the class report's grid shows, in its order."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row">([^<]*)</th>', body)


def grid_completion(response) -> list[int]:
    """Each lesson's completion over the whole class, from the grid's last row."""
    foot = response.content.decode().split("<tfoot>")[1].split("</tfoot>")[0]
    return [int(p) for p in re.findall(r'class="grid-score">(\d+)%', foot)]


def miss_count(client, url: str) -> int:
    """Queries of a visit that finds nothing kept in the cache."""

    def measure() -> list[dict]:
        client.get(url)
        cache.clear()
        # The content version went with the cache: forget the one held, or the
        # next second's check would change the page's key between two visits.
        content_cache.forget()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return queries.captured_queries

    return len(in_one_minute(measure))


# The overview's figures after the school's name, in its columns' order.
FIGURES = [
    "learners",
    "active",
    "completion",
    "parent_count",
    "parent_lessons",
    "staff_count",
    "staff_lessons",
]


def platform_rows(response) -> dict[str, dict[str, str]]:
    """The overview's rows as the page shows them, by school ("All schools" for the
    totals), in the page's order: the figures' cells read from the HTML."""
    table = response.content.decode().split("<tbody>")[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        name = re.search(r'<th scope="row">([^<]*)</th>', row)[1]
        cells = re.findall(r"<td>([^<]*)</td>", row)
        rows[name] = dict(zip(FIGURES, cells, strict=False))
    return rows
