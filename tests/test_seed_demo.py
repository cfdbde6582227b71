import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from schools.models import Enrolment, ParentMembership, School, StaffMembership
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


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
    assert StaffMembership.objects.filter(school=school).count() == 2
    assert Enrolment.objects.filter(school_class__school=school).count() == 3
    assert ParentMembership.objects.filter(school=school).count() == 1
    assert User.objects.count() == 7
    assert "teacher@demo.example" in out
    assert "demo-student-1" in out
    assert settings.DEMO_PASSWORD in out


def test_seed_demo_with_force_works_with_debug_off(settings, client):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert sign_in(client, "demo-student-2", settings.DEMO_PASSWORD)
    assert sign_in(client, "parent@demo.example", settings.DEMO_PASSWORD)
