import factory
from django.contrib.auth.hashers import make_password

from accounts.models import User
from schools.models import Enrolment, School, SchoolClass, StaffMembership

PASSWORD = "correct-horse-battery-9"
# Hashing with Argon2 on every factory call is slow; hash once.
_PASSWORD_HASH = make_password(PASSWORD)


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"adult{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    display_name = factory.Sequence(lambda n: f"Adult {n}")
    kind = User.Kind.ADULT
    password = _PASSWORD_HASH


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

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(AdultFactory)
    role = StaffMembership.Role.TEACHER


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
