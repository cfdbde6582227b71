"""An LMS learner's account and identity go with erasure and with the purge of
inactive accounts, their queued scores too."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from lti.models import Identity, PendingScore
from schools.services.learner_data import learner_erase
from tests.lti.conftest import handoff_link, launch
from tests.lti.simulator import CLAIM

pytestmark = pytest.mark.django_db

LESSON = {CLAIM + "custom": {"lesson": "first-lesson"}}


@pytest.fixture
def lms_learner(client, content, course, simulator):
    response = launch(client, simulator, **LESSON)
    client.get(handoff_link(response))
    identity = Identity.objects.get()
    assert identity.user.last_login is not None  # signed in by the hand-off
    return identity.user


def test_erasing_an_lms_learner_removes_their_identity(lms_learner, lms_school):
    school, admin, _teacher = lms_school
    learner_erase(actor=admin, school=school, learner=lms_learner)
    assert not User.objects.filter(pk=lms_learner.pk).exists()
    assert not Identity.objects.exists()
    assert not PendingScore.objects.exists()


def test_an_inactive_lms_learner_is_purged_with_their_identity(lms_learner, settings):
    User.objects.filter(pk=lms_learner.pk).update(
        last_login=timezone.now() - timedelta(days=settings.STUDENT_RETENTION_DAYS + 1)
    )
    call_command("purge_inactive")
    assert not User.objects.filter(pk=lms_learner.pk).exists()
    assert not Identity.objects.exists()
