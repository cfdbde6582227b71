"""The demo school of `manage.py seed_demo`, telling the story on first run: two
classes of 25 students set the student track weeks ago, with every state a teacher
meets (lessons done, part-way and not started, work overdue, quizzes failed then
passed, knowledge checks before and after, certificates), a parent group with some
of its parents reading, and the staff part-way through their own track.

The accounts, school, classes, memberships and assignments are made through the
services; the learners' progress in bulk (`schools.seeding.progress`), with times
taken from today, so that the demo always looks current. A second run adds nothing:
what exists is kept, and a learner who has begun a track (in an earlier run, or by
trying the demo) is left as they are."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import email_address_set
from lessons.models import Certificate, LessonProgress, QuizAttempt, SectionView, Track
from schools.models import Assignment, School, SchoolClass, StaffMembership
from schools.seeding.progress import Progress, Story, TrackPlan, track_plan
from schools.seeding.scale import FIRST_NAMES, users_bulk_create
from schools.services.assignments import assignments_create
from schools.services.parents import parent_group_join
from schools.services.staff import staff_membership_set
from schools.services.students import enrolment_create
from schools.services.teaching import lesson_taught_record
from schools.summaries import schools_recount

DEMO_SCHOOL_SLUG = "demo-school"
SEED = 2026
Role = StaffMembership.Role


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str
    note: str = ""


@dataclass(frozen=True)
class Adult:
    """A demo adult: `role` is "platform", a staff role or "parent"; `done` the
    lessons of their own track completed (None: not begun)."""

    email: str
    name: str
    role: str
    done: int | None
    note: str = ""
    check_before: bool = True  # took the knowledge check before the track


ADULTS = (
    Adult("platform@demo.example", "Platform Admin", "platform", None),
    Adult("admin@demo.example", "Alex Admin", Role.ADMIN, 2),
    Adult("teacher@demo.example", "Taylor Teacher", Role.TEACHER, 4, "Year 9 Maple"),
    Adult("teacher2@demo.example", "Morgan Teacher", Role.TEACHER, 5, "Year 9 Oak"),
    # Pat went straight to the lessons: the check before is still there to take.
    Adult(
        "parent@demo.example",
        "Pat Parent",
        "parent",
        2,
        "parent2@ to parent6@demo.example too",
        check_before=False,
    ),
    Adult("parent2@demo.example", "Chris Parent", "parent", 5),
    Adult("parent3@demo.example", "Dana Carer", "parent", 1),
    Adult("parent4@demo.example", "Evan Parent", "parent", 0),
    Adult("parent5@demo.example", "Frankie Carer", "parent", 3),
    Adult("parent6@demo.example", "Gabi Parent", "parent", None),
)


@dataclass(frozen=True)
class Student:
    """A demo student who always has the same story (the printed log-ins)."""

    name: str
    done: int | None
    quiz_failed: bool = False
    note: str = ""


# demo-student-1 is left for trying the whole journey from the start.
STUDENTS = (
    Student("Sam", None, note="not started yet"),
    Student("Jordan", 2, True, "part-way, a quiz to retake, work overdue"),
    Student("Riley", 5, note="finished the track: a certificate"),
)


@dataclass(frozen=True)
class DemoClass:
    name: str
    year_group: str
    teacher: str
    first: int  # its students are demo-student-<first>...
    set_days_ago: int  # when the student track was assigned
    due_in_days: tuple[int, ...]  # each lesson's due date from today (< 0: past)
    reveal: str
    # Lessons completed by each of its other students (None: not begun).
    done: tuple[int | None, ...]


CLASSES = (
    DemoClass(
        "Year 9 Maple",
        "Year 9",
        "teacher@demo.example",
        1,
        28,
        (-21, -14, -7, 7, 14),
        Assignment.Reveal.AT_ONCE,
        (5, 5, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 0, 0, None),
    ),
    DemoClass(
        "Year 9 Oak",
        "Year 9",
        "teacher2@demo.example",
        26,
        17,
        (-10, -3, 4, 11, 18),
        Assignment.Reveal.AFTER_DUE,
        (5, 5, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0)
        + (None,) * 3,
    ),
)
ROLE_NAMES = {
    "platform": "platform admin",
    Role.ADMIN: "school admin",
    Role.TEACHER: "teacher",
    "parent": "parent",
}
STUDENT_NAMES = [name for name in FIRST_NAMES if name not in {s.name for s in STUDENTS}]


class DemoSeeder:
    """Makes the demo school, or adds what an earlier run's lacks."""

    def __init__(self, *, password: str) -> None:
        """`password` is the hash (`make_password`) every demo account gets."""
        self.password = password
        self.now = timezone.now()
        self.random = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        self.stories: dict[str, list[tuple[User, Story]]] = {
            "students": [],
            "parents": [],
            "staff": [],
        }
        self.plans: dict[str, TrackPlan] = {}

    @transaction.atomic
    def seed(self) -> list[DemoLogin]:
        school, _ = School.objects.get_or_create(
            slug=DEMO_SCHOOL_SLUG,
            defaults={"name": "Demo Secondary School", "country": "GB"},
        )
        self.plans = self.tracks()
        adults = {adult.email: self.adult(school, adult) for adult in ADULTS}
        logins = [
            DemoLogin(ROLE_NAMES[adult.role], adult.email, adult.note)
            for adult in ADULTS
            if adult.note or adult.role in ("platform", Role.ADMIN)
        ]
        for demo_class in CLASSES:
            logins += self.school_class(school, demo_class, adults)
        if self.plans:
            progress = Progress(
                rng=self.random, now=self.now, answers=True, backdate=True
            )
            for slug, plan in self.plans.items():
                stories = self.stories[slug]
                begun = self.begun(plan, [user.pk for user, _ in stories])
                for user, story in stories:
                    if user.pk not in begun:
                        progress.story(user, plan, story)
            progress.save()
        schools_recount([school.pk])
        return logins

    def tracks(self) -> dict[str, TrackPlan]:
        """The plans of the tracks loaded (none before `load_content`: then the
        demo has its people and classes only, and a later run adds the rest)."""
        plans = {}
        for slug in self.stories:
            try:
                plans[slug] = track_plan(slug)
            except Track.DoesNotExist:
                continue
        return plans

    def adult(self, school: School, adult: Adult) -> User:
        user, _ = User.objects.get_or_create(
            username=adult.email,
            defaults={
                "email": adult.email,
                "display_name": adult.name,
                "password": self.password,
                "is_staff": adult.role == "platform",
                "is_superuser": adult.role == "platform",
            },
        )
        # Confirmed, so that the demo adults sign in without an email round trip.
        email_address_set(user=user, verified=True)
        if adult.role == "parent":
            parent_group_join(school=school, parent=user)
        elif adult.role != "platform":
            staff_membership_set(school=school, user=user, role=adult.role)
        if adult.done is not None:
            track = "parents" if adult.role == "parent" else "staff"
            started = self.days_ago(self.random.uniform(20, 40))
            self.story(
                track, user, adult.done, started, 4, check_before=adult.check_before
            )
        return user

    def school_class(
        self,
        school: School,
        demo: DemoClass,
        adults: dict[str, User],
    ) -> list[DemoLogin]:
        """The class, its students in it, the student track assigned, and each
        student's story drawn (the named demo students first)."""
        teacher = adults[demo.teacher]
        school_class, _ = SchoolClass.objects.get_or_create(
            school=school,
            name=demo.name,
            defaults={"teacher": teacher, "year_group": demo.year_group},
        )
        named = STUDENTS if demo.first == 1 else ()
        others = len(demo.done)
        offset = max(demo.first - 1 - len(STUDENTS), 0)
        names = [s.name for s in named] + [
            STUDENT_NAMES[(offset + i) % len(STUDENT_NAMES)] for i in range(others)
        ]
        usernames = [
            f"demo-student-{n}" for n in range(demo.first, demo.first + len(names))
        ]
        students = self.students(usernames, names)
        for student in students:
            enrolment_create(school_class=school_class, student=student)
        if "students" in self.plans:
            self.assign(school_class, demo, teacher, self.plans["students"])
        # Each run draws the same stories in the same order (a fixed seed), so a
        # learner not begun stays so; the others are shuffled, not sorted by progress.
        done = [*(s.done for s in named), *self.random.sample(demo.done, others)]
        failed = [s.quiz_failed for s in named] + [
            self.random.random() < 0.3 for _ in range(others)
        ]
        set_at = self.days_ago(demo.set_days_ago)
        for student, lessons, quiz_failed in zip(students, done, failed, strict=True):
            started = set_at + timedelta(days=self.random.uniform(0.2, 4))
            pace = self.random.uniform(2, 5)
            self.story("students", student, lessons, started, pace, quiz_failed)
        logins = [
            DemoLogin("student", user.username, f"{demo.name}: {s.note}")
            for user, s in zip(students, named, strict=False)
        ]
        rest = usernames[len(named)]
        return [
            *logins,
            DemoLogin("students", f"{rest} to {usernames[-1]}", demo.name),
        ]

    def students(self, usernames: list[str], names: list[str]) -> list[User]:
        """The demo students, made (in bulk, all with the one password hash) the
        first time; in the order given."""
        existing = User.objects.in_bulk(usernames, field_name="username")
        users_bulk_create(
            [
                (username, "", name, User.Kind.STUDENT)
                for username, name in zip(usernames, names, strict=True)
                if username not in existing
            ],
            password=self.password,
            now=self.now,
        )
        made = User.objects.in_bulk(usernames, field_name="username")
        return [made[username] for username in usernames]

    def assign(
        self, school_class: SchoolClass, demo: DemoClass, teacher: User, plan: TrackPlan
    ) -> None:
        """The student track, as the teacher set it `set_days_ago` with a lesson due
        each week: the service refuses a due date in the past (rightly), so the
        dates are moved back afterwards, as if the work had been set weeks ago."""
        assigned = set(school_class.assignments.values_list("lesson_id", flat=True))
        missing = [lesson for lesson in plan.lessons if lesson.pk not in assigned]
        if not missing:
            return
        assignments_create(
            actor=teacher,
            school_class=school_class,
            lessons=missing,
            due_date=None,
            reveal=demo.reveal,
            students=[],
        )
        set_at = self.days_ago(demo.set_days_ago)
        today = timezone.localdate()
        dues = demo.due_in_days
        for position, lesson in enumerate(plan.lessons):
            if lesson in missing:  # a week apart after the last date given
                later = max(position - len(dues) + 1, 0)
                days = dues[min(position, len(dues) - 1)] + 7 * later
                due = today + timedelta(days=days)
                Assignment.objects.filter(
                    school_class=school_class, lesson=lesson
                ).update(due_date=due, created_at=set_at, updated_at=set_at)
                # The teacher taught it to the class a week before it was due.
                if due - timedelta(days=7) <= today:
                    lesson_taught_record(
                        actor=teacher,
                        school_class=school_class,
                        lesson=lesson,
                        taught_on=due - timedelta(days=7),
                    )

    def story(
        self,
        track: str,
        user: User,
        done: int | None,
        started: datetime,
        pace_days: float,
        quiz_failed: bool = False,
        *,
        check_before: bool = True,
    ) -> None:
        """A learner's story, kept to write once every account exists. `done`:
        lessons completed (None: not begun); the pace is slowed if need be so
        that all of it happened before now."""
        if done is None or track not in self.plans:
            return
        finished = done >= len(self.plans[track].lessons)
        available = (self.now - started) / timedelta(days=1) - 0.5
        pace_days = min(pace_days, max(available, 0.1) / (done + 1))
        self.stories[track].append(
            (
                user,
                Story(
                    started=started,
                    completed=done,
                    quiz_failed=quiz_failed,
                    # Most take the check before; those who finished, both.
                    pre=check_before and (finished or self.random.random() < 0.9),
                    pace=timedelta(days=pace_days),
                ),
            )
        )

    def begun(self, plan: TrackPlan, learner_ids: list[int]) -> set[int]:
        """Those of the learners with anything in the track already: read, tried,
        checked or certified."""
        lessons = [lesson.pk for lesson in plan.lessons]
        quizzes = [*plan.quizzes.values(), plan.check]
        rows = [
            LessonProgress.objects.filter(lesson_id__in=lessons),
            QuizAttempt.objects.filter(quiz_id__in=quizzes),
            SectionView.objects.filter(section__lesson_id__in=lessons),
            Certificate.objects.filter(track=plan.track),
        ]
        return {
            pk
            for queryset in rows
            for pk in queryset.filter(learner_id__in=learner_ids).values_list(
                "learner_id", flat=True
            )
        }

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)
