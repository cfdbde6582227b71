"""Create a demo school to explore the site with (idempotent)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import email_address_set
from lessons.models import Lesson
from schools.models import School, SchoolClass, StaffMembership
from schools.services.assignments import assignments_create
from schools.services.parents import parent_group_join
from schools.services.staff import staff_membership_set
from schools.services.students import NewStudent, enrolment_create, students_create

DEMO_SCHOOL_SLUG = "demo-school"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str


class Command(BaseCommand):
    help = (
        "Create a demo school with an admin, a teacher, a class of students and a "
        "parent, and print their log-ins. Runs only with DEBUG on, or with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even though DEBUG is off.",
        )

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; pass --force if you "
                "really want them on this site."
            )
        logins = self.seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(f"Demo log-ins (password for all: {settings.DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.role:<22} {login.login}")
        if settings.DEBUG and settings.MFA_DEMO_EXEMPT:
            self.stdout.write(
                "The demo admins skip two-factor sign-in while DJANGO_DEBUG and "
                "MFA_DEMO_EXEMPT are on (never in production); any other admin must "
                "set up an authenticator app."
            )
        else:
            self.stdout.write(
                "The demo admins will be asked to set up an authenticator app at their "
                "first sign-in (MFA_DEMO_EXEMPT applies only with DJANGO_DEBUG on)."
            )

    @transaction.atomic
    def seed(self, *, password: str) -> list[DemoLogin]:
        school, _ = School.objects.get_or_create(
            slug=DEMO_SCHOOL_SLUG,
            defaults={"name": "Demo Secondary School", "country": "GB"},
        )
        platform_admin = self.user(
            "platform@demo.example", "Platform Admin", password, superuser=True
        )
        admin = self.user("admin@demo.example", "Alex Admin", password)
        teacher = self.user("teacher@demo.example", "Taylor Teacher", password)
        parent = self.user("parent@demo.example", "Pat Parent", password)
        staff_membership_set(school=school, user=admin, role=StaffMembership.Role.ADMIN)
        staff_membership_set(
            school=school, user=teacher, role=StaffMembership.Role.TEACHER
        )
        parent_group_join(school=school, parent=parent)
        school_class, _ = SchoolClass.objects.get_or_create(
            school=school,
            name="Year 9 Maple",
            defaults={"teacher": teacher, "year_group": "Year 9"},
        )
        students = [
            self.student(school_class, f"demo-student-{n}", name, password)
            for n, name in enumerate(["Sam", "Jordan", "Riley"], start=1)
        ]
        student_lessons = list(
            Lesson.objects.filter(track__audience="students", is_published=True)
        )
        if student_lessons and not school_class.assignments.exists():
            assignments_create(
                actor=teacher,
                school_class=school_class,
                lessons=student_lessons,
                due_date=timezone.localdate() + timedelta(days=14),
                reveal="at_once",
                students=[],
            )
        return [
            DemoLogin("platform admin", platform_admin.email),
            DemoLogin("school admin", admin.email),
            DemoLogin("teacher", teacher.email),
            DemoLogin("parent", parent.email),
            *[DemoLogin("student", s.username) for s in students],
        ]

    def user(
        self, email: str, name: str, password: str, *, superuser: bool = False
    ) -> User:
        user, created = User.objects.get_or_create(
            username=email,
            defaults={
                "email": email,
                "display_name": name,
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        # Confirmed, so that the demo adults sign in without an email round trip.
        email_address_set(user=user, verified=True)
        return user

    def student(
        self, school_class: SchoolClass, username: str, name: str, password: str
    ) -> User:
        """The demo student in the demo class: made as any student is, the first
        time; afterwards only put back in the class if they were taken out."""
        user = User.objects.filter(username=username).first()
        if user is None:
            [user] = students_create(
                school_class=school_class,
                students=[NewStudent(name, username, password)],
            )
        else:
            enrolment_create(school_class=school_class, student=user)
        return user
