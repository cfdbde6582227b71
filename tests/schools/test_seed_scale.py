"""seed_scale: many schools quickly, with plausible progress and exact summaries."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import LessonProgress, QuizAttempt, SectionView
from schools.models import AssignmentTarget, Enrolment, School, SchoolClass
from schools.seeding.scale import TOTP_SECRET
from schools.summaries import schools_recount
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_content():
    content_load(bundle=read_content(settings.CONTENT_ROOT))


def seed(**sizes) -> str:
    from io import StringIO

    out = StringIO()
    call_command("seed_scale", force=True, stdout=out, **sizes)
    return out.getvalue()


def test_it_creates_schools_classes_students_and_their_progress(real_content, client):
    output = seed(schools=2, classes_per_school=3, students_per_class=4)
    assert "Created 2 schools" in output and " s. " in output  # the time taken
    assert School.objects.filter(slug__startswith="scale-").count() == 2
    assert SchoolClass.objects.count() == 6
    assert Enrolment.objects.count() == 24
    students = User.objects.filter(kind=User.Kind.STUDENT)
    assert students.count() == 24 and not students.exclude(email="").exists()
    assert AssignmentTarget.objects.count() == 24 * 5  # the student track
    assert LessonProgress.objects.exists() and SectionView.objects.exists()
    assert QuizAttempt.objects.filter(phase="lesson", passed=True).exists()
    completed = LessonProgress.objects.filter(status="completed")
    assert 0 < completed.count() < LessonProgress.objects.count()

    # The summaries equal a recount; the accounts sign in with the password.
    kept = list(School.objects.values_list("learner_count", "completed_count"))
    schools_recount()
    assert list(School.objects.values_list("learner_count", "completed_count")) == kept
    assert kept[0][0] == 12
    assert sign_in(client, "scale-0001-c1-s1", "scale-password-2026")
    # Adults have confirmed addresses; admins sign in with the fixture's second step.
    adults = User.objects.filter(kind=User.Kind.ADULT)
    assert (
        adults.count()
        == EmailAddress.objects.filter(verified=True, primary=True).count()
    )
    for login in ("scale-0001-t1@scale.example", "scale-0002-p1@scale.example"):
        client.logout()
        assert sign_in(client, login, "scale-password-2026"), login
    admins = ["scale-0001-admin@scale.example", "platform@scale.example"]
    assert Authenticator.objects.filter(user__username__in=admins).count() == 2
    for login in admins:
        client.logout()
        assert sign_in(client, login, "scale-password-2026", totp_secret=TOTP_SECRET)
        assert client.get(reverse("lessons:home")).status_code == 200, login


def test_a_second_run_adds_only_missing_schools(real_content):
    seed(schools=1, classes_per_school=1, students_per_class=2)
    users = User.objects.count()
    assert "Created 0 schools" in seed(
        schools=1, classes_per_school=1, students_per_class=2
    )
    assert User.objects.count() == users
    seed(schools=2, classes_per_school=1, students_per_class=2)
    assert School.objects.filter(slug__startswith="scale-").count() == 2


def test_it_refuses_bad_sizes_and_missing_content(db):
    with pytest.raises(CommandError, match="Load the content first"):
        seed(schools=1)
    with pytest.raises(CommandError, match="at least 1"):
        seed(schools=0)


def test_it_refuses_to_run_with_debug_off_unless_forced(real_content, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_scale", schools=1)
