"""Realistic data at national scale, quickly: bulk inserts, one transaction per school.

    manage.py seed_scale --schools 200 --classes-per-school 20 --students-per-class 25

Every school gets an admin, one teacher per class, a parent group, and its classes
assigned the student track with due dates; every student has section views, lesson
progress, quiz attempts (some failed before passing) and knowledge checks spread
over the lessons with plausible completion. Teachers and parents have done some of
their own tracks. All accounts share one password (`--password`), hashed once.
Schools are named `scale-0001`...; a second run adds none that exist already.
Log-ins: platform@scale.example; scale-0001-admin@scale.example (the school's
admin), scale-0001-t1@scale.example (the teacher of its class 1), scale-0001-p1@...
(a parent), and students scale-0001-c1-s1 (school 1, class 1, student 1).
"""

import random
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from elearning.codes import random_code
from lessons.models import (
    Certificate,
    Lesson,
    LessonProgress,
    Quiz,
    QuizAttempt,
    SectionView,
    Track,
)
from schools.models import (
    CODE_LENGTH,
    Assignment,
    AssignmentTarget,
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)
from schools.summaries import schools_recount

FIRST_NAMES = [
    "Ada",
    "Ali",
    "Amir",
    "Ana",
    "Ben",
    "Bo",
    "Cai",
    "Cy",
    "Dara",
    "Eli",
    "Eva",
    "Finn",
    "Gia",
    "Hana",
    "Ira",
    "Jae",
    "Jo",
    "Kai",
    "Lea",
    "Leo",
    "Lin",
    "Mae",
    "Max",
    "Mia",
    "Nia",
    "Noa",
    "Oli",
    "Pia",
    "Raj",
    "Ren",
    "Rio",
    "Sam",
    "Sol",
    "Tao",
    "Tia",
    "Uma",
    "Vic",
    "Wen",
    "Yara",
    "Zoe",
]
PARENTS_PER_SCHOOL = 10
PLATFORM_ADMIN = "platform@scale.example"
DEFAULT_PASSWORD = "scale-password-2026"  # noqa: S105 - for benchmark data only
PASS_MARK = 80


@dataclass
class TrackPlan:
    """What a track holds, fetched once: its lessons with their sections and quiz."""

    track: Track
    lessons: list[Lesson]
    sections: dict[int, list[int]]  # lesson id -> section ids in order
    quizzes: dict[int, int]  # lesson id -> quiz id
    check: int | None  # the knowledge check's quiz id


def track_plan(slug: str) -> TrackPlan:
    track = Track.objects.get(slug=slug)
    lessons = list(
        track.lessons.filter(is_published=True)
        .order_by("position")
        .prefetch_related("sections")
    )
    quizzes = dict(
        Quiz.objects.filter(lesson__in=lessons).values_list("lesson_id", "pk")
    )
    check = Quiz.objects.filter(track=track).values_list("pk", flat=True).first()
    return TrackPlan(
        track,
        lessons,
        {lesson.pk: [s.pk for s in lesson.sections.all()] for lesson in lessons},
        quizzes,
        check,
    )


class Command(BaseCommand):
    help = "Create many schools, classes, students and their progress, quickly."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--schools", type=int, default=200)
        parser.add_argument("--classes-per-school", type=int, default=20)
        parser.add_argument("--students-per-class", type=int, default=25)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the accounts even though DEBUG is off.",
        )

    def handle(self, *args, **options) -> None:
        from django.conf import settings

        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to create test accounts with DEBUG off; pass --force if "
                "this database is only for benchmarks."
            )
        for name in ("schools", "classes_per_school", "students_per_class"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        try:
            self.plans = {s: track_plan(s) for s in ("students", "parents", "staff")}
        except Track.DoesNotExist as error:
            raise CommandError("Load the content first: manage.py load_content") from (
                error
            )
        self.random = random.Random(options["seed"])
        self.password = make_password(options["password"])
        self.now = timezone.now()
        self.codes = set(SchoolClass.objects.values_list("join_code", flat=True))
        self.codes |= set(School.objects.values_list("parent_code", flat=True))
        started = time.monotonic()
        User.objects.get_or_create(
            username=PLATFORM_ADMIN,
            defaults={
                "email": PLATFORM_ADMIN,
                "display_name": "Platform Admin",
                "password": self.password,
                "is_staff": True,
                "is_superuser": True,
            },
        )
        made = rows = 0
        for number in range(1, options["schools"] + 1):
            slug = f"scale-{number:04d}"
            if School.objects.filter(slug=slug).exists():
                continue
            rows += self.school(
                number,
                slug,
                options["classes_per_school"],
                options["students_per_class"],
            )
            made += 1
            if made % 20 == 0:
                self.stdout.write(
                    f"  {made} schools, {rows:,} rows, "
                    f"{time.monotonic() - started:.0f} s"
                )
        if made:
            # Fresh statistics, or the planner keeps its guesses for empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {made} schools ({rows:,} rows) in {elapsed:.1f} s. "
            f"Password for every account: {options['password']}"
        )

    def code(self) -> str:
        while True:
            code = random_code(CODE_LENGTH)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def users(self, rows: list[tuple[str, str, str, str]]) -> list[User]:
        """(username, email, display name, kind) -> saved users, ids set."""
        return User.objects.bulk_create(
            [
                User(
                    username=username,
                    email=email,
                    display_name=name,
                    kind=kind,
                    password=self.password,
                    public_id=secrets.token_urlsafe(9),
                    date_joined=self.now,
                )
                for username, email, name, kind in rows
            ],
            batch_size=2000,
        )

    @transaction.atomic
    def school(self, number: int, slug: str, classes: int, per_class: int) -> int:
        school = School.objects.create(
            name=f"Scale School {number}",
            slug=slug,
            country="GB",
            parent_code=self.code(),
        )
        adult, student = User.Kind.ADULT, User.Kind.STUDENT
        staff = self.users(
            [(f"{slug}-admin@scale.example",) * 2 + (f"Admin {number}", adult)]
            + [
                (f"{slug}-t{c}@scale.example",) * 2 + (f"Teacher {c}", adult)
                for c in range(1, classes + 1)
            ]
        )
        parents = self.users(
            [
                (f"{slug}-p{p}@scale.example",) * 2 + (f"Parent {p}", adult)
                for p in range(1, PARENTS_PER_SCHOOL + 1)
            ]
        )
        StaffMembership.objects.bulk_create(
            [
                StaffMembership(
                    school=school,
                    user=user,
                    role=StaffMembership.Role.ADMIN
                    if index == 0
                    else StaffMembership.Role.TEACHER,
                )
                for index, user in enumerate(staff)
            ]
        )
        ParentMembership.objects.bulk_create(
            [
                ParentMembership(school=school, parent=p, consented_at=self.now)
                for p in parents
            ]
        )
        school_classes = SchoolClass.objects.bulk_create(
            [
                SchoolClass(
                    school=school,
                    teacher=teacher,
                    public_id=secrets.token_urlsafe(9),
                    name=f"Class {c}",
                    year_group=f"Year {7 + c % 6}",
                    join_code=self.code(),
                )
                for c, teacher in enumerate(staff[1:], start=1)
            ]
        )
        students = self.users(
            [
                (
                    f"{slug}-c{c}-s{s}",
                    "",
                    self.random.choice(FIRST_NAMES),
                    student,
                )
                for c in range(1, classes + 1)
                for s in range(1, per_class + 1)
            ]
        )
        plan = self.plans["students"]
        enrolments, assignments = [], []
        today = timezone.localdate()
        for index, school_class in enumerate(school_classes):
            members = students[index * per_class : (index + 1) * per_class]
            enrolments += [
                Enrolment(school_class=school_class, student=s) for s in members
            ]
            start = self.random.randint(-30, 0)
            assignments += [
                Assignment(
                    school_class=school_class,
                    lesson=lesson,
                    due_date=today + timedelta(days=start + 7 * position),
                    assigned_by=school_class.teacher,
                )
                for position, lesson in enumerate(plan.lessons)
            ]
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
        assignments = Assignment.objects.bulk_create(assignments, batch_size=5000)
        lessons = len(plan.lessons)
        AssignmentTarget.objects.bulk_create(
            [
                AssignmentTarget(assignment=assignment, student=s)
                for index, assignment in enumerate(assignments)
                for s in students[
                    (index // lessons) * per_class : (index // lessons + 1) * per_class
                ]
            ],
            batch_size=10000,
        )
        progress = Progress(self)
        for learner in students:
            progress.learner(learner, plan, diligence=self.random.random())
        for teacher in staff:
            progress.learner(teacher, self.plans["staff"], diligence=0.5)
        for parent in parents:
            progress.learner(parent, self.plans["parents"], diligence=0.3)
        saved = progress.save()
        schools_recount([school.pk])
        return (
            1
            + len(staff)
            + len(parents) * 2
            + len(school_classes)
            + len(students)
            + len(enrolments) * 2
            + len(assignments)
            + saved
        )


class Progress:
    """Section views, lesson progress, quiz attempts and certificates, gathered for
    one school and written in a few bulk inserts."""

    def __init__(self, command: Command) -> None:
        self.random = command.random
        self.now = command.now
        self.views: list[SectionView] = []
        self.progress: list[LessonProgress] = []
        self.attempts: list[QuizAttempt] = []
        self.certificates: list[Certificate] = []

    def attempt(self, learner, quiz_id, phase, score, when) -> None:
        self.attempts.append(
            QuizAttempt(
                learner=learner,
                quiz_id=quiz_id,
                phase=phase,
                token=secrets.token_urlsafe(16),
                seed=self.random.randrange(2**31),
                started_at=when,
                submitted_at=when,
                correct=score // 10,
                total=10,
                score=score,
                passed=score >= PASS_MARK,
            )
        )

    def learner(self, learner: User, plan: TrackPlan, *, diligence: float) -> None:
        """Lessons done in order; how far depends on the learner's diligence."""
        rng = self.random
        if rng.random() > 0.15 + diligence:  # never started
            return
        reach = rng.random() * (0.6 + diligence) * (len(plan.lessons) + 1)
        completed = min(len(plan.lessons), int(reach))
        started = self.now - timedelta(days=rng.randint(1, 60))
        if plan.check and rng.random() < 0.8:
            self.attempt(learner, plan.check, "pre", rng.randint(3, 7) * 10, started)
        for position, lesson in enumerate(plan.lessons[: completed + 1]):
            sections = plan.sections[lesson.pk]
            done = position < completed
            seen = len(sections) if done else rng.randint(1, len(sections))
            when = started + timedelta(hours=position * 24 + 1)
            self.views += [
                SectionView(learner=learner, section_id=s, viewed_at=when)
                for s in sections[:seen]
            ]
            best = None
            quiz = plan.quizzes.get(lesson.pk)
            if done and quiz:
                if rng.random() < 0.25:  # failed once first
                    self.attempt(learner, quiz, "lesson", rng.randint(4, 7) * 10, when)
                best = rng.randint(8, 10) * 10
                self.attempt(learner, quiz, "lesson", best, when)
            self.progress.append(
                LessonProgress(
                    learner=learner,
                    lesson=lesson,
                    status="completed" if done else "in_progress",
                    sections_viewed=seen,
                    percent=seen * 100 // max(len(sections), 1),
                    last_section="",
                    best_score=best,
                    quiz_passed_at=when if best else None,
                    completed_at=when if done else None,
                )
            )
        if completed == len(plan.lessons):
            when = started + timedelta(days=len(plan.lessons))
            if plan.check and rng.random() < 0.9:
                self.attempt(learner, plan.check, "post", rng.randint(7, 10) * 10, when)
            self.certificates.append(
                Certificate(
                    learner=learner,
                    track=plan.track,
                    code=f"{random_code(4)}-{random_code(4)}-{random_code(4)}",
                    name=learner.display_name,
                )
            )

    def save(self) -> int:
        SectionView.objects.bulk_create(self.views, batch_size=10000)
        LessonProgress.objects.bulk_create(self.progress, batch_size=5000)
        QuizAttempt.objects.bulk_create(self.attempts, batch_size=5000)
        Certificate.objects.bulk_create(self.certificates, batch_size=5000)
        return (
            len(self.views)
            + len(self.progress)
            + len(self.attempts)
            + len(self.certificates)
        )
