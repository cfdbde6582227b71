"""Schools at scale for `manage.py seed_scale`: each school with an admin, one
teacher per class, a parent group, its classes of students assigned the student
track with due dates, and everyone's progress (`schools.seeding.progress`), in bulk
inserts, one transaction per school. Every account shares one password hash; every
adult has a confirmed email address (sign-in requires one), and the admins, who must
use two-factor sign-in, one authenticator app secret (`TOTP_SECRET`)."""

import random
import secrets
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core.codes import random_code
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
from schools.seeding.progress import Progress, track_plan
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
# The authenticator app secret (base32, RFC 6238: SHA1, 6 digits, 30 s) of the platform
# admin and every school admin seed_scale makes, so that the benchmark can compute
# their codes and sign in (bench/manifest.py hands it to the load generator). A
# benchmark fixture, public in this file: never the secret of a real account.
TOTP_SECRET = "BENCHONLYSCALETOTPFIXTURENOTREAL"  # noqa: S105 - benchmark data only


def users_bulk_create(
    rows: list[tuple[str, str, str, str]], *, password: str, now: datetime
) -> list[User]:
    """(username, email, display name, kind) -> saved users, ids set, every one
    with the same password hash (`make_password` once, not once per account)."""
    return User.objects.bulk_create(
        [
            User(
                username=username,
                email=email,
                display_name=name,
                kind=kind,
                password=password,
                public_id=secrets.token_urlsafe(9),
                date_joined=now,
            )
            for username, email, name, kind in rows
        ],
        batch_size=2000,
    )


class ScaleSeeder:
    """Creates `scale-NNNN` schools; the content must be loaded first (the track
    plans are read when it is made: Track.DoesNotExist otherwise)."""

    def __init__(self, *, rng: random.Random, password: str) -> None:
        """`password` is the hash every account gets."""
        self.plans = {s: track_plan(s) for s in ("students", "parents", "staff")}
        self.random = rng
        self.password = password
        self.now = timezone.now()
        self.codes = set(SchoolClass.objects.values_list("join_code", flat=True))
        self.codes |= set(School.objects.values_list("parent_code", flat=True))

    @transaction.atomic
    def platform_admin(self) -> None:
        """The platform admin, with a confirmed address and two-factor sign-in on (a
        second run adds what an earlier one's account lacks)."""
        user, _ = User.objects.get_or_create(
            username=PLATFORM_ADMIN,
            defaults={
                "email": PLATFORM_ADMIN,
                "display_name": "Platform Admin",
                "password": self.password,
                "is_staff": True,
                "is_superuser": True,
            },
        )
        EmailAddress.objects.get_or_create(
            user=user,
            email=user.email.lower(),
            defaults={"verified": True, "primary": True},
        )
        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            self.two_factor_on([user])

    @transaction.atomic
    def sign_in_ready(self) -> int:
        """What schools seeded before adults needed a confirmed address and admins
        a second factor lack: both, added in bulk. Returns the rows added."""
        adults = list(
            User.objects.filter(
                kind=User.Kind.ADULT, email__endswith="@scale.example"
            ).exclude(emailaddress__verified=True)
        )
        EmailAddress.objects.filter(user__in=adults).delete()  # unconfirmed ones
        self.emails_confirmed(adults)
        admins = list(
            User.objects.filter(
                staff_memberships__school__slug__startswith="scale-",
                staff_memberships__role=StaffMembership.Role.ADMIN,
            )
            .exclude(authenticator__type=Authenticator.Type.TOTP)
            .distinct()
        )
        self.two_factor_on(admins)
        return len(adults) + len(admins)

    def analyze(self) -> None:
        """Fresh statistics, or the planner keeps its guesses for empty tables."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def code(self) -> str:
        while True:
            code = random_code(CODE_LENGTH)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def users(self, rows: list[tuple[str, str, str, str]]) -> list[User]:
        return users_bulk_create(rows, password=self.password, now=self.now)

    def emails_confirmed(self, users: list[User]) -> None:
        """Each adult's email address, confirmed and primary, as allauth keeps it:
        without it an adult cannot sign in (ACCOUNT_EMAIL_VERIFICATION)."""
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(
                    user=user, email=user.email.lower(), verified=True, primary=True
                )
                for user in users
            ],
            batch_size=2000,
        )

    def two_factor_on(self, users: list[User]) -> None:
        """An authenticator app (TOTP_SECRET) for each of `users`: the row
        allauth's TOTP.activate saves, in bulk."""
        secret = encrypt(TOTP_SECRET)
        Authenticator.objects.bulk_create(
            [
                Authenticator(
                    user=user,
                    type=Authenticator.Type.TOTP,
                    data={"secret": secret},
                    created_at=self.now,
                )
                for user in users
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
        self.emails_confirmed(staff + parents)
        self.two_factor_on(staff[:1])  # the school's admin
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
        progress = Progress(rng=self.random, now=self.now)
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
            + len(staff)
            + len(parents)
            + 1  # email addresses, the admin's app
            + len(school_classes)
            + len(students)
            + len(enrolments) * 2
            + len(assignments)
            + saved
        )
