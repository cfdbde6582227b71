"""Purging: students unused for the retention period go, with every row about
them, and their schools' figures are recounted; everyone else stays."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from schools.services.learner_data import students_purge
from tests import factories

pytestmark = pytest.mark.django_db


def test_only_students_unused_for_the_period_are_purged(school_class, teacher):
    old = timezone.now() - timedelta(days=400)
    idle = factories.EnrolmentFactory(school_class=school_class).student
    User.objects.filter(pk=idle.pk).update(last_login=old)
    active = factories.EnrolmentFactory(school_class=school_class).student
    User.objects.filter(pk=active.pk).update(last_login=timezone.now())
    User.objects.filter(pk=teacher.pk).update(last_login=old)  # adults never
    assert students_purge(days=365) == 1
    assert set(User.objects.values_list("pk", flat=True)) == {active.pk, teacher.pk}
    school_class.school.refresh_from_db()
    assert school_class.school.learner_count == 1


def _traces(learner, school, actor):
    """A sign-in record and a log entry that name the learner."""
    from axes.models import AccessLog

    from schools.models import AuditEntry

    AccessLog.objects.create(
        username=learner.username.upper(), user_agent="Browser", ip_address="192.0.2.1"
    )
    AuditEntry.objects.create(
        school=school,
        actor=actor,
        actor_label="Tom Teacher",
        action="password_reset",
        # As they were called then: a name since changed.
        subject_label=f"Old Name ({learner.username})",
    )


def test_a_purged_student_leaves_no_sign_in_record_and_no_name_in_any_log(
    school_class, teacher, other_school, other_school_admin
):
    from axes.models import AccessLog

    from schools.models import AuditEntry

    idle = factories.EnrolmentFactory(school_class=school_class).student
    User.objects.filter(pk=idle.pk).update(
        last_login=timezone.now() - timedelta(days=400)
    )
    active = factories.EnrolmentFactory(school_class=school_class).student
    _traces(idle, other_school, other_school_admin)
    _traces(active, school_class.school, teacher)
    assert students_purge(days=365) == 1
    assert list(AccessLog.objects.values_list("username", flat=True)) == [
        active.username.upper()
    ]
    assert sorted(AuditEntry.objects.values_list("subject_label", flat=True)) == [
        f"Old Name ({active.username})",
        "an erased learner",
    ]


def test_erasing_keeps_the_name_of_whoever_acted(school, school_admin, teacher):
    from schools.models import AuditEntry
    from schools.services.learner_data import learner_erase

    learner = factories.StudentFactory()
    _traces(learner, school, teacher)
    learner_erase(actor=school_admin, school=school, learner=learner)
    entry = AuditEntry.objects.get(action="password_reset")
    assert (entry.actor_label, entry.subject_label) == (
        "Tom Teacher",
        "an erased learner",
    )
