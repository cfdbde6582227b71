"""Scores back to the LMS gradebook (Assignment and Grade Services 2.0).

A graded quiz of an LMS learner queues its score, in the transaction that graded
it; `manage.py lti_send_scores` (cron, every minute) sends what is due with a
client-credentials token signed by our key, retrying with backoff for a day, then
gives up, records it in the school's audit log and the connections page says so."""

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from pylti1p3.grade import Grade

from accounts.models import User
from lessons.models import Lesson, LessonProgress
from lti.deep_linking import sign
from lti.models import Deployment, Identity, PendingScore, Placement, Registration
from lti.platform_http import PlatformUnreachable, platform_request
from lti.tool import AGS_SCOPES
from schools.models import AuditEntry

GIVE_UP_AFTER = timedelta(hours=24)
LONGEST_WAIT = timedelta(hours=1)
BATCH = 500
SENDING_LOCK = "lti:sending-scores"
LOCK_SECONDS = 300
# A run stops starting requests after this long, well inside its lock: the rest
# wait for the next run (a slow LMS cannot make two runs send at once).
SENDING_SECONDS = 240
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
# Our learners' usernames start so (lti.arrival): others skip the queries.
LMS_USERNAME_PREFIX = "lms."


def score_queue(
    *, learner: User, lesson: Lesson, best_score: int | None, completed: bool
):
    """Queue the learner's best score for every gradebook column of this lesson in
    the courses they are in, replacing any score still waiting."""
    if best_score is None or not learner.username.startswith(LMS_USERNAME_PREFIX):
        return
    identities = {i.issuer: i for i in Identity.objects.filter(user=learner)}
    placements = Placement.objects.filter(
        lesson=lesson,
        course__school_class__enrolments__student=learner,
        course__deployment__status=Deployment.Status.APPROVED,
    ).exclude(line_item_url="")
    now = timezone.now()
    for placement in placements.select_related("course__deployment"):
        identity = identities.get(placement.course.deployment.issuer)
        if identity is None:
            continue
        PendingScore.objects.update_or_create(
            placement=placement,
            identity=identity,
            defaults={
                "score": best_score,
                "completed": completed,
                "scored_at": now,
                "tries": 0,
                "next_try_at": now,
                "failed_at": None,
                "last_error": "",
            },
        )


def score_queue_on_completion(*, learner: User, lesson: Lesson) -> None:
    if not learner.username.startswith(LMS_USERNAME_PREFIX):
        return
    best = (
        LessonProgress.objects.filter(learner=learner, lesson=lesson)
        .values_list("best_score", flat=True)
        .first()
    )
    score_queue(learner=learner, lesson=lesson, best_score=best, completed=True)


def score_payload(pending: PendingScore) -> str:
    progress = "Completed" if pending.completed else "InProgress"
    return (
        Grade()
        .set_score_given(pending.score)
        .set_score_maximum(100)
        .set_timestamp(pending.scored_at.isoformat(timespec="milliseconds"))
        .set_activity_progress(progress)
        .set_grading_progress("FullyGraded")
        .set_user_id(pending.identity.subject)
        .get_value()
    )


def scores_url(line_item_url: str) -> str:
    """The line item's scores endpoint: "/scores" after its path, query kept."""
    parts = urlsplit(line_item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def access_token(registration: Registration) -> str:
    """A client-credentials token for sending scores, asked with a JWT signed by our
    key (RFC 7523), as LTI's security framework says."""
    now = int(time.time())
    assertion = sign(
        {
            "iss": registration.client_id,
            "sub": registration.client_id,
            "aud": registration.token_audience or registration.token_url,
            "iat": now - 5,
            "exp": now + 60,
            "jti": str(uuid.uuid4()),
        }
    )
    response = platform_request(
        registration,
        "POST",
        registration.token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": (
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            ),
            "client_assertion": assertion,
            "scope": " ".join(AGS_SCOPES),
        },
    )
    if response.status_code != 200:
        raise PlatformUnreachable(f"token: HTTP {response.status_code}")
    try:
        token = response.json().get("access_token")
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        raise PlatformUnreachable("token: no access_token")
    return token


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)


def scores_send() -> SendReport:
    """Send every score that is due, one token per LMS registration, for at most
    SENDING_SECONDS. Never raises for an LMS's failure: the score waits for its
    next try."""
    report = SendReport()
    if not cache.add(SENDING_LOCK, True, LOCK_SECONDS):  # another run is sending
        return report
    deadline = time.monotonic() + SENDING_SECONDS
    try:
        due = list(
            PendingScore.objects.filter(
                failed_at__isnull=True,
                next_try_at__lte=timezone.now(),
                placement__course__deployment__status=Deployment.Status.APPROVED,
            )
            .select_related("placement__course__deployment", "identity")
            .order_by("next_try_at")[:BATCH]
        )
        for registration, scores in _by_registration(due).items():
            _send_for(registration, scores, report, deadline)
    finally:
        cache.delete(SENDING_LOCK)
    return report


def _by_registration(due: list[PendingScore]) -> dict:
    grouped: dict = {}
    found: dict = {}
    for pending in due:
        deployment = pending.placement.course.deployment
        key = (deployment.school_id, deployment.issuer, deployment.client_id)
        if key not in found:
            found[key] = (
                Registration.objects.filter(
                    school_id=key[0], issuer=key[1], client_id=key[2]
                )
                .order_by("created_at")
                .first()
            )
        grouped.setdefault(found[key], []).append(pending)
    return grouped


def _send_for(
    registration, scores: list[PendingScore], report: SendReport, deadline: float
) -> None:
    if registration is None:
        for pending in scores:
            _failed(pending, "the LMS registration was removed", report)
        return
    if time.monotonic() > deadline:
        return
    try:
        token = access_token(registration)
    except PlatformUnreachable as error:
        for pending in scores:
            _failed(pending, str(error), report)
        return
    for pending in scores:
        if time.monotonic() > deadline:
            return  # left as it was, for the next run
        try:
            response = platform_request(
                registration,
                "POST",
                scores_url(pending.placement.line_item_url),
                data=score_payload(pending).encode(),
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": SCORE_TYPE,
                },
            )
            if not 200 <= response.status_code < 300:
                raise PlatformUnreachable(f"score: HTTP {response.status_code}")
        except PlatformUnreachable as error:
            _failed(pending, str(error), report)
            continue
        # Kept if a newer score was queued while this one was on its way.
        PendingScore.objects.filter(pk=pending.pk, scored_at=pending.scored_at).delete()
        report.sent += 1


@transaction.atomic
def _failed(pending: PendingScore, error: str, report: SendReport) -> None:
    now = timezone.now()
    report.errors.append(error)
    tries = pending.tries + 1
    waiting = PendingScore.objects.filter(pk=pending.pk, scored_at=pending.scored_at)
    if now - pending.scored_at >= GIVE_UP_AFTER:
        waiting.update(tries=tries, failed_at=now, last_error=error[:200])
        deployment = pending.placement.course.deployment
        AuditEntry.objects.create(
            school_id=deployment.school_id,
            actor=None,
            actor_label="LMS gradebook",
            action=AuditEntry.Action.LMS_SCORES_FAILED,
            subject_label=f"{deployment.issuer}: {error}"[:500],
        )
        report.given_up += 1
        return
    wait = min(timedelta(minutes=2 ** min(tries - 1, 10)), LONGEST_WAIT)
    waiting.update(tries=tries, next_try_at=now + wait, last_error=error[:200])
    report.retrying += 1
