"""Staff invitations: saved and audited in one transaction, emailed once it
commits; accepting one is audited too."""

import pytest
from django.core import mail

from schools.models import AuditEntry, StaffMembership
from schools.services.staff import staff_invite_accept, staff_invite_create
from tests import factories

pytestmark = pytest.mark.django_db


def invite(school, school_admin):
    return staff_invite_create(
        school=school,
        invited_by=school_admin,
        email="New@Example.org",
        role="teacher",
        site_url="https://schools.example/",
    )


def test_an_invitation_is_audited_and_emailed_after_commit(
    school, school_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = invite(school, school_admin)
    assert mail.outbox == []  # nothing leaves before the invitation is saved
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.subject_label) == (
        "staff_invite",
        "new@example.org: Teacher",
    )
    assert entry.actor == school_admin
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert message.subject == "You are invited to join Hillside School"
    assert f"https://schools.example{created.get_absolute_url()}" in message.body
    assert "Ada Admin invited you to join Hillside School as Teacher." in message.body


def test_accepting_an_invitation_is_audited(school, school_admin):
    token = invite(school, school_admin).token
    newcomer = factories.AdultFactory(
        display_name="Nia", username="nia@example.org", email="new@example.org"
    )
    staff_invite_accept(token=token, user=newcomer)
    assert StaffMembership.objects.get(user=newcomer).role == "teacher"
    entry = AuditEntry.objects.get(action="staff_join")
    assert (entry.actor, entry.subject_label) == (
        newcomer,
        "Nia (nia@example.org): Teacher",
    )
