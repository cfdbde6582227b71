"""The audit log a page at a time, newest first, each action with its label."""

import pytest

from schools.selectors.audit import audit_page
from schools.services.audit import audit

pytestmark = pytest.mark.django_db


def test_the_page_labels_every_action_newest_first(school, teacher):
    audit(school=school, actor=teacher, action="password_reset", subject="Sam")
    audit(school=school, actor=teacher, action="assign", subject="9M: First")
    page = audit_page(school=school, number=1)
    assert [(e.get_action_display(), e.subject_label) for e in page] == [
        ("Assigned lessons", "9M: First"),
        ("Reset a student's password", "Sam"),
    ]


def test_another_schools_entries_are_not_on_the_page(school, other_school, teacher):
    audit(school=other_school, actor=teacher, action="export", subject="Sam")
    assert list(audit_page(school=school, number=None)) == []
