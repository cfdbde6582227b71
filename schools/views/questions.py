"""Question insight pages: which answers a class or a school chose, question by
question, and every question's item statistics for the platform's content team."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from core.csv_export import csv_response, csv_text, csv_text_response
from core.fragment_cache import fragment
from lessons.models import Lesson, Quiz, Track
from lessons.selectors import quiz_with_questions, track_lessons, tracks_held
from schools import question_tables
from schools.access import access_class, access_platform, access_school
from schools.item_statistics import figures_from_groups
from schools.permissions import students_of_class, students_of_school
from schools.selectors.classes import class_assignments
from schools.selectors.questions import (
    answer_groups,
    answers_stamp,
    check_answers,
    objective_texts,
    question_specs,
    quiz_answers,
    quizzes_with_questions,
)
from schools.selectors.stamps import kept_key


@login_required
@require_safe
def class_questions(request: HttpRequest, public_id: str) -> HttpResponse:
    """One assigned lesson's quiz (`?lesson=<slug>`, the first by default) or one
    assigned track's knowledge check (`?track=<slug>`), over the class's students,
    as a page or (with `format=csv`) the same table as CSV. A lesson or track not
    assigned to the class is a 404."""
    school_class = access_class(public_id, request.user)
    lessons = list(
        dict.fromkeys(a.lesson for a in class_assignments(school_class=school_class))
    )
    students = students_of_class(school_class)
    return _questions_page(
        request,
        lessons=lessons,
        learners=lambda track: students,
        minimum=question_tables.CLASS_MINIMUM,
        name=f"class-{school_class.public_id}",
        context={"school_class": school_class, "school": school_class.school},
    )


@login_required
@require_safe
def school_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The same over a whole school, for its admins: each students' lesson over its
    students, each staff lesson over its staff, each parents' lesson over its
    parent group."""
    school = access_school(slug, request.user, admin=True)
    groups = {
        Track.Audience.STUDENTS: students_of_school(school),
        Track.Audience.STAFF: User.objects.filter(staff_memberships__school=school),
        Track.Audience.PARENTS: User.objects.filter(parent_memberships__school=school),
    }
    lessons = [
        lesson for track in tracks_held() for lesson in track_lessons(track=track)
    ]
    return _questions_page(
        request,
        lessons=lessons,
        learners=lambda track: groups[track.audience],
        minimum=question_tables.SCHOOL_MINIMUM,
        name=school.slug,
        context={"school": school},
    )


def _questions_page(
    request: HttpRequest,
    *,
    lessons: list[Lesson],
    learners: Callable[[Track], QuerySet[User]],
    minimum: int,
    name: str,
    context: dict,
) -> HttpResponse:
    """A lesson's quiz (`?lesson=`, the first of `lessons` by default) or a track's
    knowledge check (`?track=`, a track of `lessons`), over the track's learners."""
    tracks = list(dict.fromkeys(lesson.track for lesson in lessons))
    lesson_slug, track_slug = request.GET.get("lesson"), request.GET.get("track")
    if lesson_slug is not None and track_slug is not None:
        raise Http404("A lesson or a track, not both")
    lesson = track = None
    if track_slug is not None:
        track = _pick(tracks, track_slug)
        quiz = quiz_with_questions(track=track)
        table = question_tables.check_table(
            check_answers(quiz=quiz, learners=learners(track)),
            objective_texts(track_lessons(track=track)),
            minimum=minimum,
        )
    elif lessons:
        lesson = _pick(lessons, lesson_slug) if lesson_slug else lessons[0]
        quiz = quiz_with_questions(lesson=lesson)
        table = question_tables.quiz_table(
            quiz_answers(quiz=quiz, learners=learners(lesson.track)),
            minimum=minimum,
        )
    elif lesson_slug is not None:
        raise Http404("Not assigned to this class")
    else:
        table = question_tables.empty_quiz_table()
    shown = {}
    if lesson or track:
        shown = {"lesson": lesson.slug} if lesson else {"track": track.slug}
    if request.GET.get("format") == "csv":
        what = next(iter(shown.values()), "none")
        filename = f"questions-{name}-{what}-{timezone.localdate()}.csv"
        return csv_response(filename, table.header, table.csv_rows())
    context |= {
        "lessons": lessons,
        "tracks": tracks,
        "lesson": lesson,
        "track": track,
        "table": table,
        "rows": list(zip(table.rows, table.marks, strict=True)),
        "minimum": minimum,
        "csv_query": urlencode({**shown, "format": "csv"}),
        "generated": timezone.now(),
    }
    return render(request, "schools/questions.html", context)


def _pick(items: list, slug: str):
    """The lesson or track with this slug among those assigned, or a 404."""
    for item in items:
        if item.slug == slug:
            return item
    raise Http404("Not assigned to this class")


@login_required
@require_safe
def platform_questions(request: HttpRequest) -> HttpResponse:
    """Every question's item statistics over every learner, with the content
    team's review flags; or (`format=csv`) the same table as CSV. Built from every
    answer on the site (seconds, with a hundred thousand students), so kept in the
    cache under the answers' number and latest id: a new answer or an erased
    learner gives the next visit a new table."""
    access_platform(request.user)
    csv = request.GET.get("format") == "csv"
    minimum = question_tables.SCHOOL_MINIMUM
    parts = kept_key(*answers_stamp(), csv)

    def body() -> str:
        table = _platform_table(minimum)
        if csv:
            return csv_text(table.header, table.csv_rows())
        context = {
            "table": table,
            "rows": list(zip(table.rows, table.marks, strict=True)),
        }
        return render_to_string(
            "schools/platform_questions.html#questions-body", context, request
        )

    kept = fragment("platform-questions", parts, body)
    if csv:
        filename = f"questions-{timezone.localdate()}.csv"
        return csv_text_response(filename, kept)
    context = {
        "body": mark_safe(kept),  # noqa: S308 - rendered by the template engine
        "minimum": minimum,
        "statistics_from": question_tables.STATISTICS_FROM,
        "generated": timezone.now(),
    }
    return render(request, "schools/platform_questions.html", context)


def _platform_table(minimum: int) -> question_tables.QuestionTable:
    quizzes = quizzes_with_questions()
    grouped = answer_groups(quiz_ids=[quiz.pk for quiz in quizzes])
    return question_tables.platform_table(
        [
            question_tables.QuizStatistics(
                _quiz_title(quiz),
                list(quiz.questions.all()),
                figures_from_groups(
                    question_specs(quiz),
                    grouped.by_quiz.get(quiz.pk, []),
                    _sittings(grouped.by_quiz.get(quiz.pk, [])),
                ),
            )
            for quiz in quizzes
        ],
        minimum=minimum,
        left_out=sum(grouped.left_out.values()),
    )


def _quiz_title(quiz: Quiz) -> str:
    if quiz.lesson_id:
        return quiz.lesson.title
    return _("Knowledge check: %(track)s") % {"track": quiz.track.title}


def _sittings(groups: list) -> int:
    """How many sittings the groups hold: the answers to the most-answered
    question (a sitting answers each question once; one whose answer to a question
    was to an earlier wording is left out of that question only)."""
    counts: dict[str, int] = {}
    for group in groups:
        counts[group.question] = counts.get(group.question, 0) + group.count
    return max(counts.values(), default=0)
