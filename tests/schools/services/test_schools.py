"""Registering a school, and a platform admin switching it off and on: each audited
in the school's log."""

import pytest

from schools.models import AuditEntry, StaffMembership
from schools.services import ServiceError
from schools.services.schools import school_register, school_set_active
from schools.services.staff import INVITE_STUDENT

pytestmark = pytest.mark.django_db


def test_registering_makes_the_registrant_admin_and_is_audited(adult):
    school = school_register(user=adult, name="Oak Academy", country="GB")
    assert school.slug == "oak-academy"
    assert StaffMembership.objects.get(school=school).user == adult
    entry = AuditEntry.objects.get(school=school)
    assert (entry.action, entry.actor, entry.subject_label) == (
        "school_register",
        adult,
        "Oak Academy",
    )


def test_a_student_cannot_register_a_school(student):
    with pytest.raises(ServiceError) as error:
        school_register(user=student, name="Oak", country="GB")
    assert str(error.value) == str(INVITE_STUDENT)


def test_deactivating_and_reactivating_are_audited(school, platform_admin):
    school_set_active(actor=platform_admin, school=school, is_active=False)
    school.refresh_from_db()
    assert school.is_active is False
    school_set_active(actor=platform_admin, school=school, is_active=True)
    actions = list(
        AuditEntry.objects.filter(school=school)
        .order_by("pk")
        .values_list("action", "actor", "subject_label")
    )
    assert actions == [
        ("school_deactivate", platform_admin.pk, "Hillside School"),
        ("school_activate", platform_admin.pk, "Hillside School"),
    ]
