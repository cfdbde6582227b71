import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from accounts.models import User
from schools.models import Enrolment, School, SchoolClass, StaffMembership

PASSWORD = "correct-horse-battery-9"
# Hashing with Argon2 on every factory call is slow; hash once.
_PASSWORD_HASH = make_password(PASSWORD)
# The authenticator app's secret of every admin the factories make (base32): tests
# compute its current code with `totp_code` to sign in.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def two_factor_on(user: User, secret: str = TOTP_SECRET) -> None:
    """Turn on two-factor sign-in (an authenticator app) for `user`, as platform and
    school admins must."""
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now for `secret`."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        # The hooks below write other rows; the user needs no second save.
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"adult{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    display_name = factory.Sequence(lambda n: f"Adult {n}")
    kind = User.Kind.ADULT
    password = _PASSWORD_HASH

    @factory.post_generation
    def email_verified(self, create: bool, verified: bool | None, **kwargs) -> None:
        """Adults have confirmed their address unless a test says otherwise
        (email_verified=False); platform admins have two-factor sign-in on."""
        if not create or not self.email:
            return
        EmailAddress.objects.create(
            user=self,
            email=self.email.lower(),
            primary=True,
            verified=verified is not False,
        )
        if self.is_staff or self.is_superuser:
            two_factor_on(self)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"student{n}")
    display_name = factory.Sequence(lambda n: f"Student {n}")
    kind = User.Kind.STUDENT
    email = ""
    password = _PASSWORD_HASH


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    country = "GB"


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(AdultFactory)
    role = StaffMembership.Role.TEACHER

    @factory.post_generation
    def two_factor(self, create: bool, extracted: object, **kwargs) -> None:
        """A school's admins have two-factor sign-in on, as they must."""
        if create and self.role == StaffMembership.Role.ADMIN:
            two_factor_on(self.user)


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    teacher = factory.SubFactory(AdultFactory)
    name = factory.Sequence(lambda n: f"Class {n}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    school_class = factory.SubFactory(SchoolClassFactory)
    student = factory.SubFactory(StudentFactory)


def assign_lessons(school_class, lessons, *, actor=None, students=()):
    """Assign lessons to a class (or to some of its students) through the service,
    with no due date and answers shown at once."""
    from schools.services.assignments import assignments_create

    return assignments_create(
        actor=actor or school_class.teacher,
        school_class=school_class,
        lessons=list(lessons),
        due_date=None,
        reveal="at_once",
        students=list(students),
    )


def sources_up_to(last: int) -> None:
    """Example sources after the loaded ones, numbered up to `last`."""
    from lessons.models import Source

    Source.objects.bulk_create(
        Source(
            slug=f"report-{n}",
            number=n,
            organisation="Example",
            title=f"Report {n}",
            year=2024,
            url=f"https://example.org/{n}",
        )
        for n in range(Source.objects.count() + 1, last + 1)
    )
