"""Run by bench/harness.py inside the benchmark's Django settings: picks the accounts
and pages the simulated people use, writes them to a JSON file, and counts the
database queries each scenario's page makes (the Django test client, in process,
against the same database). It makes the class-size sweep's school the first time
(sweep_school) and the classroom run's school each time (classroom)."""

import json
import random
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from report import SWEEP_SIZES  # noqa: E402 - the sizes, with their rows' labels

from accounts.models import User  # noqa: E402
from lessons.models import Lesson, Section  # noqa: E402
from schools.models import School, SchoolClass  # noqa: E402
from schools.seeding.scale import (  # noqa: E402
    DEFAULT_PASSWORD,
    PLATFORM_ADMIN,
    TOTP_SECRET,
)

PLATFORM = PLATFORM_ADMIN


def manifest(count: int) -> dict:
    schools = list(
        School.objects.filter(slug__startswith="scale-").order_by("slug")[:count]
    )
    if not schools:
        sys.exit("No scale schools: run seed_scale first.")
    classes = list(
        SchoolClass.objects.filter(school__slug__startswith="scale-")
        .select_related("teacher")
        .order_by("school__slug", "pk")[: count * 10]
    )
    lessons = Lesson.objects.filter(track__slug="students", is_published=True)
    sections = [
        s.get_absolute_url()
        for s in Section.objects.filter(lesson__in=lessons).select_related("lesson")
    ]
    quizzes = [f"/lessons/{lesson.slug}/quiz/" for lesson in lessons]
    # Students of different classes, one per class, then the next of each.
    students = [
        f"scale-{n:04d}-c{c}-s{s}"
        for s in range(1, 26)
        for n in range(1, len(schools) + 1)
        for c in range(1, 4)
    ]
    existing = set(
        User.objects.filter(username__in=students).values_list("username", flat=True)
    )
    return {
        "password": DEFAULT_PASSWORD,
        # The admins' authenticator app secret (a benchmark fixture, seed_scale's):
        # bench/steps.py computes their codes from it.
        "totp_secret": TOTP_SECRET,
        "sections": sections,
        "quizzes": quizzes,
        "students": [u for u in students if u in existing][: count * 3],
        "teachers": [
            {"login": c.teacher.username, "report": f"/classes/{c.public_id}/report/"}
            for c in classes[:count]
        ],
        "admins": [
            {
                "login": f"{school.slug}-admin@scale.example",
                "dashboard": f"/schools/{school.slug}/dashboard/",
            }
            for school in schools
        ],
        "platform": PLATFORM,
    }


def query_counts(data: dict) -> tuple[dict[str, int], dict]:
    """Queries per page, for each scenario (the first request of a session; for
    the reports, what was kept of them), and the scenarios' pages."""
    student = User.objects.get(username=data["students"][0])
    teacher = User.objects.get(username=data["teachers"][0]["login"])
    admin = User.objects.get(username=data["admins"][0]["login"])
    platform = User.objects.get(username=PLATFORM)
    pages = {
        "health": (None, "/healthz"),
        "home": (None, "/"),
        "section_signed_out": (None, data["sections"][1]),
        "section_signed_in": (student, data["sections"][2]),
        "quiz_submission": (student, data["quizzes"][0]),
        "class_report": (teacher, data["teachers"][0]["report"]),
        "class_report_csv": (teacher, data["teachers"][0]["report"] + "?format=csv"),
        "school_dashboard": (admin, data["admins"][0]["dashboard"]),
        "platform_overview": (platform, "/platform/"),
    }
    for entry in data["sweep"]:  # the same count at every size, or it grows
        pages[f"class_report_{entry['size']}"] = (
            User.objects.get(username=entry["login"]),
            entry["report"],
        )
    counts = {}
    for name, (user, url) in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if user:
            client.force_login(user)
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code} for {name}")
        counts[name] = len(queries)
    return counts, pages


# The reports kept in the cache (core.fragment_cache), measured as built afresh.
KEPT = ["class_report", "class_report_csv", "school_dashboard"]
BUILT_TIMES = 20


def built_afresh(data: dict, pages: dict) -> dict[str, dict]:
    """The reports as a request finds them after a learner's write: nothing kept,
    so built from the rows. Their queries and their time in this process (the
    median of BUILT_TIMES), with the cache of rendered reports set aside."""
    from django.core.cache.backends.dummy import DummyCache

    from core import fragment_cache

    kept, fragment_cache.cache = fragment_cache.cache, DummyCache("", {})
    built = {}
    try:
        for name in KEPT + [f"class_report_{e['size']}" for e in data["sweep"]]:
            user, url = pages[name]
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # now: the next request empties the log
            times = []
            for _ in range(BUILT_TIMES):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            built[name] = {"queries": count, "ms": statistics.median(times)}
    finally:
        fragment_cache.cache = kept
    return built


def teacher_class(
    school: School, login: str, name: str, class_name: str, password: str
) -> SchoolClass:
    """A teacher (email `<login>@scale.example`, confirmed, as an adult must be to
    sign in; `password` already hashed) and their class in `school`."""
    from allauth.account.models import EmailAddress

    from schools.models import StaffMembership

    teacher = User.objects.create(
        username=f"{login}@scale.example",
        email=f"{login}@scale.example",
        display_name=name,
        password=password,
    )
    EmailAddress.objects.create(
        user=teacher, email=teacher.email, verified=True, primary=True
    )
    StaffMembership.objects.create(
        school=school, user=teacher, role=StaffMembership.Role.TEACHER
    )
    return SchoolClass.objects.create(school=school, teacher=teacher, name=class_name)


CLASSROOM = "classroom-bench"


def classroom(classes: int = 10, per_class: int = 30) -> dict:
    """A fresh school of `classes` classes of `per_class` students, each class
    assigned the student track, for the classroom run (the last run's is deleted)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from schools.models import Enrolment
    from schools.services.assignments import assignments_create

    School.objects.filter(slug=CLASSROOM).delete()  # its classes first
    User.objects.filter(username__startswith=f"{CLASSROOM}-").delete()
    password = make_password(DEFAULT_PASSWORD)
    lessons = list(
        Lesson.objects.filter(track__slug="students", is_published=True).order_by(
            "position"
        )
    )
    with transaction.atomic():
        school = School.objects.create(name="Classroom bench", slug=CLASSROOM)
        result = []
        for c in range(1, classes + 1):
            school_class = teacher_class(
                school, f"{CLASSROOM}-t{c}", f"Teacher {c}", f"Class {c}", password
            )
            teacher = school_class.teacher
            students = User.objects.bulk_create(
                User(
                    username=f"{CLASSROOM}-c{c}-s{s}",
                    display_name=f"Student {s}",
                    kind=User.Kind.STUDENT,
                    password=password,
                )
                for s in range(1, per_class + 1)
            )
            Enrolment.objects.bulk_create(
                Enrolment(school_class=school_class, student=s) for s in students
            )
            assignments_create(
                actor=teacher,
                school_class=school_class,
                lessons=lessons,
                due_date=None,
                reveal="at_once",
                students=[],
            )
            result.append(
                {
                    "address": f"10.20.{c}.1",
                    "teacher": teacher.username,
                    "report": f"/classes/{school_class.public_id}/report/",
                    "students": [s.username for s in students],
                }
            )
    return {
        "password": DEFAULT_PASSWORD,
        "classes": result,
        "lessons": [
            {
                "slug": lesson.slug,
                "sections": [s.get_absolute_url() for s in lesson.sections.all()],
                "quiz": f"/lessons/{lesson.slug}/quiz/",
            }
            for lesson in lessons
        ],
    }


SWEEP_SCHOOL = "sweep-bench"


def sweep() -> list[dict]:
    """The class-size sweep's classes: each size's teacher and report. The school is
    made once (see sweep_school) and kept, so that the reports show the same data
    from run to run."""
    if not School.objects.filter(slug=SWEEP_SCHOOL).exists():
        sweep_school()
    classes = (
        SchoolClass.objects.filter(school__slug=SWEEP_SCHOOL)
        .select_related("teacher")
        .annotate(size=Count("enrolments"))
        .order_by("size")
    )
    return [
        {
            "size": c.size,
            "login": c.teacher.username,
            "report": f"/classes/{c.public_id}/report/",
        }
        for c in classes
    ]


def sweep_school(sizes: tuple[int, ...] = SWEEP_SIZES) -> None:
    """One school with a class of each size, each with its own teacher, assigned
    the student track as a teacher would (assignments_create), and the students'
    progress drawn as seed_scale draws it (schools.seeding.progress), so that the
    grid holds a mix of statuses and quiz scores. All or nothing."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from schools.models import Enrolment
    from schools.seeding.progress import Progress, track_plan
    from schools.seeding.scale import FIRST_NAMES, users_bulk_create
    from schools.services.assignments import assignments_create
    from schools.summaries import schools_recount

    rng = random.Random(2026)  # seeded: the same classes on either database
    now = timezone.now()
    password = make_password(DEFAULT_PASSWORD)
    plan = track_plan("students")
    progress = Progress(rng=rng, now=now)
    student = User.Kind.STUDENT
    with transaction.atomic():
        school = School.objects.create(name="Class-size sweep bench", slug=SWEEP_SCHOOL)
        for size in sizes:
            school_class = teacher_class(
                school,
                f"{SWEEP_SCHOOL}-t{size}",
                f"Teacher of {size}",
                f"Class of {size}",
                password,
            )
            teacher = school_class.teacher
            students = users_bulk_create(
                [
                    (
                        f"{SWEEP_SCHOOL}-c{size}-s{s}",
                        "",
                        rng.choice(FIRST_NAMES),
                        student,
                    )
                    for s in range(1, size + 1)
                ],
                password=password,
                now=now,
            )
            Enrolment.objects.bulk_create(
                Enrolment(school_class=school_class, student=s) for s in students
            )
            assignments_create(
                actor=teacher,
                school_class=school_class,
                lessons=plan.lessons,
                due_date=None,
                reveal="at_once",
                students=[],
            )
            for student in students:
                progress.learner(student, plan, diligence=rng.random())
        progress.save()
        schools_recount([school.pk])  # the completions just written


def classroom_rows() -> dict:
    """What the classroom run wrote: rows of the classroom's students."""
    from axes.models import AccessAttempt

    from lessons.models import LessonProgress, QuizAttempt, SectionView

    students = User.objects.filter(username__startswith=f"{CLASSROOM}-c")
    return {
        "section_views": SectionView.objects.filter(learner__in=students).count(),
        "progress": LessonProgress.objects.filter(learner__in=students).count(),
        "progress_pairs": sorted(
            f"{u}|{slug}"
            for u, slug in LessonProgress.objects.filter(
                learner__in=students
            ).values_list("learner__username", "lesson__slug")
        ),
        "submitted": QuizAttempt.objects.filter(
            learner__in=students, submitted_at__isnull=False
        ).count(),
        "failed_sign_ins": AccessAttempt.objects.count(),
        "locked_out": AccessAttempt.objects.filter(failures_since_start__gte=5).count(),
    }


if __name__ == "__main__":
    target, mode = sys.argv[1], sys.argv[2]
    if mode == "classroom":
        data = classroom()
    elif mode == "classroom-rows":
        data = classroom_rows()
    else:
        data = manifest(int(mode))
        data["sweep"] = sweep()
        data["queries"], pages = query_counts(data)
        data["built"] = built_afresh(data, pages)
    with open(target, "w") as out:
        json.dump(data, out)
