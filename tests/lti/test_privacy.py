"""An LMS learner's account and identity go with erasure and with the purge of
inactive accounts, their queued scores too; their export includes both."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lti.models import Identity, PendingScore, Placement
from schools.services.learner_data import learner_erase
from tests import factories
from tests.lti.conftest import LEARNER, handoff_link, launch
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


def test_an_lms_learners_export_has_their_lms_account_and_waiting_score(
    client, lms_learner, lms_school, simulator
):
    school, admin, _teacher = lms_school
    placement = Placement.objects.get()
    now = timezone.now()
    PendingScore.objects.create(
        placement=placement,
        identity=Identity.objects.get(),
        score=75,
        completed=True,
        scored_at=now,
        next_try_at=now,
    )
    client.force_login(admin)
    url = reverse("schools:learner_export", args=[school.slug, lms_learner.public_id])
    data = client.get(url).json()
    (account,) = data["lms_accounts"]
    assert (account["lms"], account["lms_user_id"], account["roles"]) == (
        simulator.issuer,
        "learner-1",
        LEARNER,
    )
    (waiting,) = data["lms_scores_waiting"]
    assert (waiting["lesson"], waiting["score"], waiting["completed"]) == (
        "first-lesson",
        75,
        True,
    )
    assert waiting["given_up_at"] is None


def test_a_learner_without_an_lms_has_empty_lms_sections(client, lms_school, content):
    school, admin, _teacher = lms_school
    pupil = factories.StudentFactory()
    factories.EnrolmentFactory(
        student=pupil, school_class=factories.SchoolClassFactory(school=school)
    )
    client.force_login(admin)
    url = reverse("schools:learner_export", args=[school.slug, pupil.public_id])
    data = client.get(url).json()
    assert (data["lms_accounts"], data["lms_scores_waiting"]) == ([], [])
