"""Scores to the LMS gradebook: queued with the quiz, sent by the command with a
token signed by our current key, waiting with backoff when the LMS fails."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lessons.models import Lesson
from lti import keys
from lti.grades import scores_send, scores_url
from lti.models import Deployment, Identity, PendingScore, Placement, ToolKey
from schools.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(content, course, simulator):
    """One score waiting for the simulated LMS's gradebook."""
    learner = factories.StudentFactory(username="lms.abc")
    identity = Identity.objects.create(
        issuer=simulator.issuer, subject="learner-9", user=learner
    )
    placement = Placement.objects.create(
        course=course,
        resource_link_id="link-1",
        lesson=Lesson.objects.get(slug="first-lesson"),
        line_item_url=simulator.line_item("li-9") + "?type=quiz",
    )
    now = timezone.now()
    return PendingScore.objects.create(
        placement=placement,
        identity=identity,
        score=80,
        completed=False,
        scored_at=now,
        next_try_at=now,
    )


def test_the_scores_address_keeps_the_line_items_query():
    url = "https://lms.example/api/lineitems/4?type_id=9"
    assert scores_url(url) == "https://lms.example/api/lineitems/4/scores?type_id=9"


def test_a_score_is_sent_once_with_its_fields(client, waiting, simulator):
    simulator.tool_jwks = client.get(reverse("lti:jwks")).json()
    call_command("lti_send_scores")
    assert simulator.received.problems == []
    (score,) = simulator.received.scores
    assert score["path"] == "/lineitems/li-9/scores"
    assert (score["scoreGiven"], score["activityProgress"], score["userId"]) == (
        80,
        "InProgress",
        "learner-9",
    )
    assert score["timestamp"].startswith(waiting.scored_at.isoformat()[:19])
    assert not PendingScore.objects.exists()
    call_command("lti_send_scores")  # nothing more to send
    assert len(simulator.received.token_requests) == 1


def test_after_adding_a_key_the_jwks_has_two_and_scores_are_signed_with_the_new(
    client, waiting, simulator
):
    old = keys.signing_key().kid
    call_command("lti_add_key", "--retire-after-days", "3")
    published = client.get(reverse("lti:jwks")).json()["keys"]
    new = keys.signing_key().kid
    assert new != old
    assert [k["kid"] for k in published] == [new, old]
    assert all("d" not in k and k["kty"] == "RSA" for k in published)
    simulator.tool_jwks = {"keys": [published[0]]}  # the simulator trusts only the new
    call_command("lti_send_scores")
    assert simulator.received.problems == []
    assert len(simulator.received.scores) == 1
    # Three days on, the old key is no longer published.
    ToolKey.objects.filter(kid=old).update(published_until=timezone.now())
    assert [k["kid"] for k in client.get(reverse("lti:jwks")).json()["keys"]] == [new]


def test_an_lms_that_never_answers_the_token_request_leaves_the_score_queued(
    waiting, simulator, settings
):
    settings.LTI_HTTP_TIMEOUT = 5.0
    simulator.token_hangs = True
    started = time.monotonic()
    call_command("lti_send_scores")  # exits normally: no exception
    assert time.monotonic() - started < 15
    kept = PendingScore.objects.get()
    assert (kept.tries, kept.failed_at) == (1, None)
    assert kept.next_try_at > timezone.now()
    assert simulator.received.scores == []


def test_a_day_of_failures_gives_up_audits_and_the_page_says_so(
    client, waiting, simulator, lms_school
):
    school, admin, _teacher = lms_school
    simulator.tool_jwks = {"keys": []}  # every token request is refused
    PendingScore.objects.update(scored_at=timezone.now() - timedelta(hours=25))
    report = scores_send()
    assert report.given_up == 1
    assert PendingScore.objects.get().failed_at is not None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LMS_SCORES_FAILED)
    assert entry.school == school
    client.force_login(admin)
    page = client.get(reverse("lms:connections", args=[school.slug]))
    assert "Scores not delivered" in page.content.decode()
    # Given up: the next runs leave it alone.
    assert scores_send().given_up == 0


def test_revoking_the_deployment_drops_its_waiting_scores_unsent(
    client, waiting, simulator, lms_school
):
    school, admin, _teacher = lms_school
    deployment = waiting.placement.course.deployment
    client.force_login(admin)
    url = reverse("lms:deployment", args=[school.slug, deployment.public_id])
    assert client.post(url, {"decision": "revoke"}).status_code == 302
    assert not PendingScore.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LMS_REVOKE)
    assert entry.subject_label.endswith(": 1 score waiting for its gradebook dropped")
    call_command("lti_send_scores")
    assert simulator.received.token_requests == []


def test_a_score_of_a_deployment_no_longer_approved_is_not_sent(waiting, simulator):
    """Revoked between the queueing and the sending, outside the page."""
    Deployment.objects.update(status=Deployment.Status.REVOKED)
    assert scores_send().sent == 0
    assert simulator.received.token_requests == []
    assert PendingScore.objects.get().tries == 0


def test_a_run_that_has_used_its_time_leaves_the_rest_for_the_next(
    client, waiting, simulator, monkeypatch
):
    """A slow LMS cannot keep a run sending past its lock: from SENDING_SECONDS on,
    no request starts and the scores left wait, untouched, for the next run."""
    from lti import grades

    simulator.tool_jwks = client.get(reverse("lti:jwks")).json()
    monkeypatch.setattr(grades, "SENDING_SECONDS", -1)
    assert scores_send().sent == 0
    assert simulator.received.token_requests == []
    assert PendingScore.objects.get().tries == 0
    monkeypatch.setattr(grades, "SENDING_SECONDS", 240)
    assert scores_send().sent == 1


def test_a_token_audience_of_the_lms_own_is_used(client, waiting, simulator):
    """Brightspace names its own audience for token requests."""
    from lti.models import Registration

    audience = "https://api.lms.example/auth/token"
    Registration.objects.update(token_audience=audience)
    simulator.token_audience = audience
    simulator.tool_jwks = client.get(reverse("lti:jwks")).json()
    call_command("lti_send_scores")
    assert simulator.received.problems == []
    assert len(simulator.received.scores) == 1


def test_a_quiz_before_the_reading_is_in_progress_then_completed(
    client, content, course, simulator
):
    """The score goes as InProgress until the lesson is complete; reading its last
    section then queues it again as Completed."""
    from lessons.models import Section
    from tests.lessons.quiz_helpers import pass_lesson_quiz
    from tests.lti.conftest import handoff_link, launch
    from tests.lti.simulator import CLAIM

    lesson = {CLAIM + "custom": {"lesson": "first-lesson"}}
    line_item = simulator.ags_claim(simulator.line_item("li-3"))
    client.get(handoff_link(launch(client, simulator, **lesson, **line_item)))
    pass_lesson_quiz(client, "first-lesson")
    assert PendingScore.objects.get().completed is False
    for section in Section.objects.filter(lesson__slug="first-lesson"):
        client.get(reverse("lessons:section", args=["first-lesson", section.slug]))
    waiting = PendingScore.objects.get()
    assert (waiting.score, waiting.completed) == (100, True)


def test_a_student_who_is_not_an_lms_learner_queues_nothing(client, content, course):
    from tests.lessons.quiz_helpers import pass_lesson_quiz

    student = factories.StudentFactory()
    factories.EnrolmentFactory(school_class=course.school_class, student=student)
    client.force_login(student)
    pass_lesson_quiz(client, "first-lesson")
    assert not PendingScore.objects.exists()
