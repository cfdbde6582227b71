"""A class created, and its join code changed: each audited."""

import pytest

from schools.models import AuditEntry
from schools.services.classes import (
    class_create,
    class_join_code_regenerate,
    class_join_code_set_open,
)

pytestmark = pytest.mark.django_db


def test_creating_a_class_is_audited(school, teacher):
    school_class = class_create(
        school=school, teacher=teacher, name="10B", year_group="Year 10"
    )
    assert school_class.join_code_active
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.subject_label) == (
        "class_create",
        teacher,
        "10B",
    )


def test_each_change_of_join_code_is_audited(school_class, teacher):
    old = school_class.join_code
    class_join_code_regenerate(actor=teacher, school_class=school_class)
    assert school_class.join_code != old
    class_join_code_set_open(actor=teacher, school_class=school_class, is_open=False)
    class_join_code_set_open(actor=teacher, school_class=school_class, is_open=True)
    assert list(
        AuditEntry.objects.order_by("pk").values_list("action", "subject_label")
    ) == [
        ("join_code", "9M: new code"),
        ("join_code", "9M: closed"),
        ("join_code", "9M: opened"),
    ]
