import functools
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Certificate, LessonProgress, QuizAttempt
from lessons.quizzes import graded_answers
from schools.exports import dashboard_tables
from schools.models import (
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)
from schools.selectors.dashboard import dashboard
from schools.selectors.reports import OVERDUE, class_report
from schools.summaries import schools_recount
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

Status = LessonProgress.Status
SUMMARY = ["learner_count", "assigned_count", "completed_count", "last_activity_at"]
COUNTED = [
    "accounts.User",
    "account.EmailAddress",
    "schools.School",
    "schools.SchoolClass",
    "schools.Enrolment",
    "schools.StaffMembership",
    "schools.ParentMembership",
    "schools.Assignment",
    "schools.AssignmentTarget",
    "schools.AuditEntry",
    "lessons.SectionView",
    "lessons.LessonProgress",
    "lessons.QuizAttempt",
    "lessons.AttemptAnswer",
    "lessons.Certificate",
]


@functools.cache
def content_bundle():
    """The real content, read once for the module (reading is the slow part)."""
    return read_content(settings.CONTENT_ROOT)


@pytest.fixture
def real_content():
    content_load(bundle=content_bundle())


@pytest.fixture
def demo(real_content, settings):
    settings.DEBUG = True
    settings.MFA_DEMO_EXEMPT = True
    call_command("seed_demo")
    return School.objects.get(slug="demo-school")


def counts() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in COUNTED}


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo accounts"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_creates_the_demo_school_once_and_prints_log_ins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    school = School.objects.get(slug="demo-school")
    assert StaffMembership.objects.filter(school=school).count() == 3
    assert Enrolment.objects.filter(school_class__school=school).count() == 50
    assert ParentMembership.objects.filter(school=school).count() == 6
    assert User.objects.count() == 10 + 50  # adults, students
    for login in ("teacher@demo.example", "teacher2@demo.example", "demo-student-1"):
        assert login in out
    assert settings.DEMO_PASSWORD in out
    assert "run manage.py load_content" in out  # no lessons: no work, no progress


def test_seed_demo_with_force_works_with_debug_off(settings, client):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert sign_in(client, "demo-student-2", settings.DEMO_PASSWORD)
    assert sign_in(client, "parent@demo.example", settings.DEMO_PASSWORD)


def test_the_demo_adults_sign_in_with_the_printed_password_and_no_email_round_trip(
    settings, client
):
    """The demo stays easy to try: confirmed addresses, and with DEBUG and
    MFA_DEMO_EXEMPT on the demo admins go straight in."""
    settings.DEBUG = True
    settings.MFA_DEMO_EXEMPT = True
    call_command("seed_demo")
    for email in (
        "admin@demo.example",
        "platform@demo.example",
        "teacher@demo.example",
        "teacher2@demo.example",
        "parent6@demo.example",
    ):
        client.logout()
        response = client.post(
            reverse("account_login"),
            {"login": email, "password": settings.DEMO_PASSWORD},
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("lessons:home"), email
        assert client.get(reverse("lessons:home")).status_code == 200, email


def test_with_debug_off_the_demo_admin_must_set_up_two_factor_sign_in(settings, client):
    settings.DEBUG = False
    settings.MFA_DEMO_EXEMPT = True  # not honoured without DEBUG
    call_command("seed_demo", "--force")
    assert sign_in(client, "admin@demo.example", settings.DEMO_PASSWORD)
    response = client.get(reverse("lessons:home"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_each_demo_class_report_shows_completion_and_every_status(demo, client):
    classes = SchoolClass.objects.filter(school=demo).order_by("name")
    assert [(c.name, c.enrolments.count()) for c in classes] == [
        ("Year 9 Maple", 25),
        ("Year 9 Oak", 25),
    ]
    assert set(
        User.objects.filter(enrolments__school_class=classes[0]).values_list(
            "username", flat=True
        )
    ) >= {"demo-student-1", "demo-student-2", "demo-student-3"}
    for school_class in classes:
        report = class_report(school_class=school_class)
        assert len(report.assignments) == 5, school_class
        assert all(percent > 0 for percent in report.completion), report.completion
        assert report.overdue > 0
        shown = {cell.shown_status for row in report.rows for cell in row.cells}
        assert shown == {
            Status.COMPLETED,
            Status.IN_PROGRESS,
            Status.NOT_STARTED,
            OVERDUE,
        }, school_class

    # And on the teacher's page.
    assert sign_in(client, "teacher@demo.example", settings.DEMO_PASSWORD)
    url = reverse("schools:class_report", args=[classes[0].public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert "assigned lessons are overdue." in response.content.decode()


def test_the_dashboard_has_figures_in_every_table_and_a_knowledge_gain(demo, client):
    assert sign_in(client, "admin@demo.example", settings.DEMO_PASSWORD)
    response = client.get(reverse("schools:dashboard", args=[demo.slug]))
    assert response.status_code == 200
    assert "Nothing to show yet" not in response.content.decode()
    tables = dashboard_tables(dashboard(school=demo))
    for name, table in tables.items():
        assert table.rows, name
        for row in table.rows:
            # No 0, none missing; but a lesson may not be taught in class yet.
            figures = row[:-1] if name == "lessons" else row
            assert all(value for value in figures), (name, row)
    # Each class was taught its lessons due so far, a week before each was due.
    taught = [row[-1] for row in tables["lessons"].rows]
    assert taught[:3] == [2, 2, 2] and taught[-1] == 0, taught
    assert [row[0] for row in tables["classes"].rows] == ["Year 9 Maple", "Year 9 Oak"]
    assert len(tables["staff"].rows) == 3
    parents, active, _lessons, certificates = tables["parents"].rows[0]
    assert (parents, certificates) == (6, 1) and 0 < active < parents
    gains = {row[0]: row[-1] for row in tables["gain"].rows}
    assert len(gains) == 3 and all(gain > 0 for gain in gains.values()), gains


def test_a_second_run_changes_no_counts_and_the_summaries_equal_a_recount(demo):
    before = counts()
    summary = list(School.objects.values_list(*SUMMARY))
    call_command("seed_demo")
    assert counts() == before
    assert list(School.objects.values_list(*SUMMARY)) == summary
    schools_recount()
    assert list(School.objects.values_list(*SUMMARY)) == summary
    assert summary[0][:3] == (50, 250, demo.completed_count) and summary[0][2] > 0


def test_the_named_demo_students_tell_their_story(demo):
    fresh, behind, finished = (
        User.objects.get(username=f"demo-student-{n}") for n in (1, 2, 3)
    )
    assert not fresh.lesson_progress.exists() and not fresh.quiz_attempts.exists()

    # Two lessons done, the third read to the end and its quiz failed: overdue.
    statuses = list(
        behind.lesson_progress.order_by("lesson__position").values_list(
            "status", "best_score"
        )
    )
    assert [s for s, _ in statuses] == [Status.COMPLETED] * 2 + [Status.IN_PROGRESS]
    assert statuses[2][1] < 80
    row = next(
        r
        for r in class_report(
            school_class=SchoolClass.objects.get(name="Year 9 Maple")
        ).rows
        if r.student == behind
    )
    assert row.cells[2].shown_status == OVERDUE

    # A certificate with a code the verification page finds.
    certificate = Certificate.objects.get(learner=finished, track__slug="students")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", certificate.code)
    assert Certificate.objects.filter(code=certificate.code).count() == 1


def test_seeded_attempts_are_retaken_and_their_answers_grade_as_their_score(demo):
    retaken = [
        attempts
        for attempts in (
            list(
                QuizAttempt.objects.filter(
                    learner=learner, quiz=quiz, phase="lesson"
                ).order_by("submitted_at")
            )
            for learner, quiz in QuizAttempt.objects.filter(phase="lesson")
            .values_list("learner", "quiz")
            .distinct()
        )
        if len(attempts) > 1
    ]
    assert retaken
    assert all(not a[0].passed and a[-1].passed for a in retaken)

    # What a learner sees on opening a result agrees with the score kept.
    for attempt in QuizAttempt.objects.filter(phase__in=["pre", "post"])[:10]:
        questions = list(attempt.quiz.questions.prefetch_related("options"))
        grade = graded_answers(questions, list(attempt.answers.all()), attempt.seed)
        assert (grade.correct, grade.total, grade.score) == (
            attempt.correct,
            attempt.total,
            attempt.score,
        )
        assert attempt.started_at <= attempt.submitted_at


def test_a_demo_certificate_verifies(demo, client):
    certificate = Certificate.objects.filter(track__slug="students").first()
    response = client.get(reverse("lessons:verify"), {"code": certificate.code})
    assert response.status_code == 200
    assert certificate.name in response.content.decode()


def test_a_second_run_leaves_a_learner_who_has_begun_as_they_are(demo):
    """Whatever a learner has (from the first run, or from trying the demo) keeps
    the second run off their track."""
    student = User.objects.get(username="demo-student-2")
    student.quiz_attempts.all().delete()
    student.section_views.all().delete()
    before = counts()
    call_command("seed_demo")
    assert counts() == before
    assert not student.quiz_attempts.exists()


def test_the_finished_demo_student_sees_their_results_and_certificate(demo, client):
    assert sign_in(client, "demo-student-3", settings.DEMO_PASSWORD)
    track = client.get(reverse("lessons:track", args=["students"]))
    assert track.status_code == 200
    assert track.context["gain"] > 0 and track.context["certificate"]
    post = track.context["post"]
    result = client.get(reverse("lessons:quiz_result", args=[post.token]))
    assert result.status_code == 200
    assert result.context["result"].score == post.score
    certificate = client.get(track.context["certificate"].get_absolute_url())
    assert certificate.status_code == 200

    # The student part-way picks up where they left off.
    client.logout()
    assert sign_in(client, "demo-student-2", settings.DEMO_PASSWORD)
    progress = LessonProgress.objects.get(
        learner__username="demo-student-2", status=Status.IN_PROGRESS
    )
    lesson = client.get(reverse("lessons:lesson", args=[progress.lesson.slug]))
    assert lesson.context["resume"].slug == progress.last_section
