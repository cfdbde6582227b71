"""Every launch the hardening refuses gets a 4xx page saying what to do, and
creates nothing: no session, user, class, enrolment, identity or queued score."""

import time

import pytest
from django.contrib.sessions.models import Session

from accounts.models import User
from lti.models import Course, Deployment, Identity, PendingScore, Placement
from schools.models import Assignment, AuditEntry, Enrolment, SchoolClass
from tests import factories
from tests.lti.conftest import LEARNER, MEMBERSHIP, launch, login
from tests.lti.simulator import CLAIM, rsa_key

pytestmark = pytest.mark.django_db

COUNTED = (
    User,
    Session,
    SchoolClass,
    Enrolment,
    Assignment,
    AuditEntry,
    Identity,
    Course,
    Placement,
)
LESSON = {CLAIM + "custom": {"lesson": "first-lesson"}}


def counts() -> dict[str, int]:
    models = (*COUNTED, PendingScore, Deployment)
    return {model.__name__: model.objects.count() for model in models}


def refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.content.decode()[:2000]
    assert words in response.content.decode()


def test_a_good_launch_is_accepted(client, content, course, simulator):
    """The baseline the refusals below differ from by one thing each."""
    response = launch(client, simulator, **LESSON)
    assert response.status_code == 200
    assert Identity.objects.count() == 1


@pytest.mark.parametrize("fresh_client", [False, True], ids=["same-client", "fresh"])
def test_a_replayed_token_and_state_are_refused(
    client, content, course, simulator, fresh_client
):
    state, nonce = login(client, simulator)
    token = simulator.id_token(nonce=nonce, sub="learner-1", roles=LEARNER, **LESSON)
    form = {"id_token": token, "state": state}
    assert client.post("/lti/launch/", form, secure=True).status_code == 200
    before = counts()
    replayer = type(client)() if fresh_client else client
    replayer.cookies["lti_state"] = state  # even with the cookie copied over
    response = replayer.post("/lti/launch/", form, secure=True)
    refused(response, 400, "expired or was already used")
    assert counts() == before


CLAIMS_REFUSED = {
    "expired": (
        lambda sim, now: {"exp": now - 120, "iat": now - 420},
        "it has expired",
    ),
    "issued-an-hour-ahead": (
        lambda sim, now: {"iat": now + 3600, "exp": now + 3900},
        "issued in the future",
    ),
    "no-exp": (lambda sim, now: {"remove": ["exp"]}, "lacks the claim exp"),
    "key-not-in-jwks": (
        lambda sim, now: {"signing_key": rsa_key(), "kid": "not-published"},
        "not in the LMS&#x27;s key set",
    ),
    "wrong-aud": (
        lambda sim, now: {"aud": "another-tool"},
        "not addressed to our client ID",
    ),
    "several-aud-no-azp": (
        lambda sim, now: {"aud": [sim.client_id, "another-tool"]},
        "several audiences and no azp",
    ),
    "mentor-only": (
        lambda sim, now: {CLAIM + "roles": [MEMBERSHIP + "Mentor"]},
        "This role cannot open lessons here",
    ),
    "no-lesson": (lambda sim, now: {CLAIM + "custom": {}}, "names no lesson"),
}


@pytest.mark.parametrize("case", list(CLAIMS_REFUSED))
def test_a_launch_failing_a_check_is_refused_and_creates_nothing(
    client, content, course, simulator, case
):
    make, words = CLAIMS_REFUSED[case]
    claims = {**LESSON, **make(simulator, int(time.time()))}
    before = counts()
    response = launch(client, simulator, **claims)
    assert 400 <= response.status_code < 500
    refused(response, response.status_code, words)
    assert counts() == before


def test_an_unknown_issuer_is_refused_at_login(client, db):
    before = counts()
    response = client.post(
        "/lti/login/",
        {
            "iss": "https://lms.unknown.example",
            "login_hint": "x",
            "target_link_uri": "https://testserver/lti/launch/",
        },
        secure=True,
    )
    refused(response, 400, "This LMS is not registered")
    assert "lti_state" not in response.cookies
    assert counts() == before


def test_an_unapproved_deployment_is_refused(client, content, registration, simulator):
    Deployment.objects.create(
        issuer=registration.issuer,
        client_id=registration.client_id,
        deployment_id=simulator.deployment_id,
    )
    before = counts()
    refused(launch(client, simulator, **LESSON), 403, "awaits approval")
    assert counts() == before


def test_a_deployment_seen_first_is_noted_and_nothing_else(
    client, content, registration, simulator
):
    before = counts()
    refused(launch(client, simulator, **LESSON), 403, "awaits approval")
    after = counts()
    assert after.pop("Deployment") == before.pop("Deployment") + 1
    assert after == before
    assert Deployment.objects.get().status == Deployment.Status.PENDING


def test_a_deployment_approved_by_another_school_is_refused(
    client, content, registration, simulator
):
    Deployment.objects.create(
        issuer=registration.issuer,
        client_id=registration.client_id,
        deployment_id=simulator.deployment_id,
        school=factories.SchoolFactory(),
        status=Deployment.Status.APPROVED,
    )
    before = counts()
    refused(launch(client, simulator, **LESSON), 403, "belongs to another school")
    assert counts() == before


def test_a_revoked_deployment_is_refused(client, content, course, simulator):
    Deployment.objects.update(status=Deployment.Status.REVOKED)
    before = counts()
    refused(launch(client, simulator, **LESSON), 403, "revoked")
    assert counts() == before


def test_no_state_cookie_is_refused(client, content, course, simulator):
    state, nonce = login(client, simulator)
    del client.cookies["lti_state"]
    token = simulator.id_token(nonce=nonce, sub="learner-1", roles=LEARNER, **LESSON)
    before = counts()
    response = client.post(
        "/lti/launch/", {"id_token": token, "state": state}, secure=True
    )
    refused(response, 400, "expired or was already used")
    assert counts() == before


def test_a_forged_state_is_refused(client, content, course, simulator):
    _state, nonce = login(client, simulator)
    client.cookies["lti_state"] = "forged-state"
    token = simulator.id_token(nonce=nonce, sub="learner-1", roles=LEARNER, **LESSON)
    before = counts()
    response = client.post(
        "/lti/launch/", {"id_token": token, "state": "forged-state"}, secure=True
    )
    refused(response, 400, "expired or was already used")
    assert counts() == before


def test_an_id_token_that_is_not_a_jwt_is_refused(client, content, course, simulator):
    state, _nonce = login(client, simulator)
    before = counts()
    response = client.post(
        "/lti/launch/", {"id_token": "not-a-jwt", "state": state}, secure=True
    )
    refused(response, 401, "not a JWT")
    assert counts() == before


def test_a_learner_before_any_teacher_is_told_to_ask_them(
    client, content, approved, simulator
):
    before = counts()
    refused(launch(client, simulator, **LESSON), 403, "Ask your teacher")
    assert counts() == before


def test_a_nonce_is_used_once_even_with_a_new_state(client, content, course, simulator):
    """A token captured from one launch, sent with another login's state."""
    state, nonce = login(client, simulator)
    token = simulator.id_token(nonce=nonce, sub="learner-1", roles=LEARNER, **LESSON)
    assert (
        client.post(
            "/lti/launch/", {"id_token": token, "state": state}, secure=True
        ).status_code
        == 200
    )
    second_state, _second_nonce = login(client, simulator)
    before = counts()
    response = client.post(
        "/lti/launch/", {"id_token": token, "state": second_state}, secure=True
    )
    refused(response, 401, "nonce is not the one we gave")
    assert counts() == before


def test_an_id_token_nested_too_deep_to_read_is_refused(
    client, content, course, simulator
):
    import base64

    def part(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    deep = part("[" * 5000 + "]" * 5000)
    header = part('{"alg": "RS256", "kid": "x"}')
    state, _nonce = login(client, simulator)
    before = counts()
    form = {"id_token": f"{deep}.{deep}.c2ln", "state": state}
    refused(client.post("/lti/launch/", form, secure=True), 401, "not a JWT")
    # Without its state, only the payload is read (for the LMS's frame): refused too.
    form = {"id_token": f"{header}.{deep}.c2ln", "state": "x"}
    response = client.post("/lti/launch/", form, secure=True)
    refused(response, 400, "expired or was already used")
    assert counts() == before


def test_a_signed_token_with_a_nul_in_a_claim_is_refused(
    client, content, course, simulator
):
    """PostgreSQL's text cannot hold NUL: refused before any query uses it."""
    before = counts()
    response = launch(client, simulator, sub="a\x00b", **LESSON)
    refused(response, 401, "NUL character")
    assert counts() == before
