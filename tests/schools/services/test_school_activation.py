"""Switching a school off and on (schools.services.schools.school_set_active)."""

import pytest

from schools.models import AuditEntry
from schools.services.schools import school_set_active

pytestmark = pytest.mark.django_db


def test_asking_for_the_state_a_school_is_in_changes_nothing(school, platform_admin):
    school_set_active(actor=platform_admin, school=school, is_active=True)
    assert not AuditEntry.objects.exists()
    school_set_active(actor=platform_admin, school=school, is_active=False)
    school_set_active(actor=platform_admin, school=school, is_active=False)  # twice
    school.refresh_from_db()
    assert school.is_active is False
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "school_deactivate"
    ]
