"""Assigning is audited in the same transaction; a refused assignment leaves no
row at all."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schools.models import Assignment, AuditEntry
from schools.services import ServiceError
from schools.services.assignments import DUE_DATE_PAST, assignments_create
from tests import factories

pytestmark = pytest.mark.django_db


def assign(teacher, school_class, lesson, **overrides):
    arguments = {
        "actor": teacher,
        "school_class": school_class,
        "lessons": [lesson],
        "due_date": None,
        "reveal": "at_once",
        "students": [],
    }
    return assignments_create(**(arguments | overrides))


def test_assigning_writes_an_audit_row(school_class, teacher, lesson):
    assert assign(teacher, school_class, lesson) == (1, 0)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == ("assign", teacher)
    assert entry.subject_label == "9M: The first lesson"


def test_assigning_to_chosen_students_says_how_many(school_class, teacher, lesson):
    ann = factories.EnrolmentFactory(school_class=school_class).student
    assign(teacher, school_class, lesson, students=[ann])
    assert AuditEntry.objects.get().subject_label == "9M: The first lesson (1 students)"


def test_a_refused_assignment_writes_nothing(school_class, teacher, lesson):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ServiceError) as error:
        assign(teacher, school_class, lesson, due_date=yesterday)
    assert str(error.value) == str(DUE_DATE_PAST)
    assert not Assignment.objects.exists()
    assert not AuditEntry.objects.exists()
