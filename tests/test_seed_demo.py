import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

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
