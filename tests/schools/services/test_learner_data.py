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
