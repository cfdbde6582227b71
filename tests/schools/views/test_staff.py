"""Staff: invitations by email, roles, removal; the last admin stays."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import (
    AuditEntry,
    StaffInvite,
    StaffMembership,
)
from schools.services.staff import INVITE_OTHER_EMAIL, LAST_ADMIN
from tests import factories

pytestmark = pytest.mark.django_db


def invite(client, school_admin, school, email="new@example.org", role="teacher"):
    client.force_login(school_admin)
    client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": email, "role": role},
    )
    return StaffInvite.objects.get(email=email)


def test_an_invitation_is_emailed_and_makes_its_user_staff_once(
    client, school, school_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(client, school_admin, school)
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body
    newcomer = factories.AdultFactory(email="new@example.org")
    client.force_login(newcomer)
    url = invitation.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert StaffMembership.objects.get(school=school, user=newcomer).role == "teacher"
    # Used: it works no more, for anyone.
    someone = factories.AdultFactory()
    client.force_login(someone)
    assert client.post(url).status_code == 410
    assert not StaffMembership.objects.filter(user=someone).exists()


def test_an_expired_invitation_cannot_be_used(client, school, school_admin):
    invitation = invite(client, school_admin, school)
    StaffInvite.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    newcomer = factories.AdultFactory(email="new@example.org")
    client.force_login(newcomer)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "has expired, was already used" in response.content.decode()
    assert not StaffMembership.objects.filter(user=newcomer).exists()


def test_a_forged_invitation_is_a_404(client, adult):
    client.force_login(adult)
    response = client.post(reverse("schools:invite_accept", args=["forged-token"]))
    assert response.status_code == 404
    assert not StaffMembership.objects.filter(user=adult).exists()


def test_an_invitation_needs_a_signed_in_adult(client, school, school_admin, student):
    invitation = invite(client, school_admin, school)
    client.logout()
    # A visitor sees the invitation (tests/schools/views/test_invite_visitor.py) but
    # cannot accept it without signing in.
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    client.force_login(student)
    assert client.post(invitation.get_absolute_url()).status_code == 403
    assert not StaffMembership.objects.filter(user=student).exists()


def test_an_invitation_is_for_the_address_it_was_sent_to_only(
    client, school, school_admin
):
    invitation = invite(client, school_admin, school, email="new@example.org")
    url = invitation.get_absolute_url()
    holder = factories.AdultFactory(email="holder@example.org")
    client.force_login(holder)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert str(INVITE_OTHER_EMAIL) in " ".join(response.content.decode().split())
        assert "new@example.org" not in response.content.decode()
    assert not StaffMembership.objects.filter(user=holder).exists()
    # Still usable by the person it was sent to, whatever the case of the address.
    invited = factories.AdultFactory(email="New@Example.org")
    client.force_login(invited)
    assert client.post(url).status_code == 302
    assert StaffMembership.objects.filter(school=school, user=invited).exists()


def test_a_teacher_cannot_invite(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 404
    assert not StaffInvite.objects.exists()


def test_an_invalid_invitation_form_is_a_400(client, school, school_admin):
    client.force_login(school_admin)
    response = client.post(
        reverse("schools:staff_invite", args=[school.slug]),
        {"email": "nope", "role": "x"},
    )
    assert response.status_code == 400
    assert not StaffInvite.objects.exists()


def staff_action(client, school, membership, action):
    return client.post(
        reverse("schools:staff_change", args=[school.slug, membership.pk]),
        {"action": action},
    )


def test_admin_makes_a_teacher_admin_and_removes_staff(
    client, school, school_admin, teacher
):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=teacher)
    assert staff_action(client, school, membership, "admin").status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert staff_action(client, school, membership, "remove").status_code == 302
    assert not StaffMembership.objects.filter(user=teacher).exists()
    assert AuditEntry.objects.filter(action="staff_remove").count() == 1


def test_the_last_admin_cannot_leave_or_step_down(client, school, school_admin):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=school_admin)
    for action in ("remove", "teacher"):
        response = staff_action(client, school, membership, action)
        assert response.status_code == 400
        assert str(LAST_ADMIN) in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_staff_of_another_school_is_a_404(
    client, school, school_admin, other_school_admin
):
    client.force_login(school_admin)
    membership = StaffMembership.objects.get(user=other_school_admin)
    assert staff_action(client, school, membership, "remove").status_code == 404
    assert StaffMembership.objects.filter(user=other_school_admin).exists()


def test_an_invitation_needs_a_confirmed_email_address(client, school, school_admin):
    """Finding 3: only an adult whose *verified* email matches may accept."""
    invitation = invite(client, school_admin, school, email="new@example.org")
    url = invitation.get_absolute_url()
    unconfirmed = factories.AdultFactory(email="new@example.org", email_verified=False)
    client.force_login(unconfirmed)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert "Confirm your email address first" in response.content.decode()
    assert not StaffMembership.objects.filter(user=unconfirmed).exists()
    EmailAddress.objects.filter(user=unconfirmed).update(verified=True)
    assert client.post(url).status_code == 302
    assert StaffMembership.objects.filter(school=school, user=unconfirmed).exists()


def test_the_staff_list_shows_who_has_two_factor_sign_in_on(
    client, school, school_admin, teacher
):
    client.force_login(school_admin)
    staff = client.get(reverse("schools:school", args=[school.slug])).context["staff"]
    assert {m.user: m.two_factor for m in staff} == {
        school_admin: True,
        teacher: False,
    }
    factories.two_factor_on(teacher)
    page = client.get(reverse("schools:school", args=[school.slug]))
    assert all(m.two_factor for m in page.context["staff"])
    assert "Two-factor sign-in" in page.content.decode()
