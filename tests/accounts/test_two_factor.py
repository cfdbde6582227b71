"""Two-factor sign-in: required for platform and school admins, offered to other
adults, never asked of students; the demo's exemption holds only with DEBUG on."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from accounts.checks import demo_two_factor_exemption
from schools.services.staff import staff_membership_set
from tests import factories
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture
def school_admin(school):
    """An admin with an authenticator app (as StaffMembershipFactory makes them)."""
    return factories.StaffMembershipFactory(school=school, role="admin").user


@pytest.fixture
def teacher(school):
    return factories.StaffMembershipFactory(school=school, role="teacher").user


def test_a_school_admin_without_it_is_sent_to_turn_it_on(client, school):
    admin = factories.StaffMembershipFactory(school=school, role="teacher").user
    staff_membership_set(school=school, user=admin, role="admin")  # no app yet
    client.force_login(admin)
    for url in (reverse("lessons:home"), reverse("schools:school", args=[school.slug])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE
    # Signing out and the pages that turn it on stay open.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_a_platform_admin_without_it_is_sent_to_turn_it_on_even_in_the_admin(client):
    platform_admin = factories.AdultFactory(is_staff=True, is_superuser=True)
    platform_admin.authenticator_set.all().delete()
    client.force_login(platform_admin)
    for url in (reverse("schools:platform"), reverse("admin:index")):
        assert client.get(url)["Location"] == ACTIVATE


def test_teachers_and_parents_are_offered_it_not_made_to(client, teacher, adult):
    for user in (teacher, adult):
        client.force_login(user)
        assert client.get(reverse("lessons:home")).status_code == 200
        page = client.get(reverse("mfa_index"))
        assert page.status_code == 200
        assert ACTIVATE in page.content.decode()


def test_an_admin_with_it_on_signs_in_with_a_code(client, school_admin, password):
    response = client.post(
        reverse("account_login"), {"login": school_admin.email, "password": password}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "_auth_user_id" not in client.session
    assert sign_in(client, school_admin.email, password)
    assert client.get(reverse("lessons:home")).status_code == 200


def test_a_lost_phone_is_recovered_with_a_recovery_code_not_by_email(
    client, school_admin, password
):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(school_admin).get_unused_codes()
    client.post(
        reverse("account_login"), {"login": school_admin.email, "password": password}
    )
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(school_admin.pk)
    # A used recovery code works once.
    client.logout()
    client.post(
        reverse("account_login"), {"login": school_admin.email, "password": password}
    )
    assert (
        client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 400
    )


def test_students_never_meet_it(client, student, password):
    assert sign_in(client, student.username, password)
    assert client.get(reverse("lessons:home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 403


@pytest.mark.parametrize(("debug", "exempt"), [(True, True), (False, False)])
def test_the_demo_admins_are_exempt_only_with_debug_on(
    client, settings, school, debug, exempt
):
    settings.MFA_DEMO_EXEMPT = True
    settings.DEBUG = debug
    demo_admin = factories.AdultFactory(email="admin@demo.example")
    staff_membership_set(school=school, user=demo_admin, role="admin")
    client.force_login(demo_admin)
    response = client.get(reverse("lessons:home"))
    assert (response.status_code == 200) is exempt
    # Anyone else's account is never exempt.
    other = factories.AdultFactory(email="admin@school.example")
    staff_membership_set(school=school, user=other, role="admin")
    client.force_login(other)
    assert client.get(reverse("lessons:home"))["Location"] == ACTIVATE


def test_check_deploy_fails_while_the_demo_exemption_is_on(settings):
    settings.MFA_DEMO_EXEMPT = True
    [error] = demo_two_factor_exemption(None)
    assert error.id == "accounts.E001"
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")
    settings.MFA_DEMO_EXEMPT = False
    assert demo_two_factor_exemption(None) == []
