"""Inside the LMS's frame: the launch page and the hand-off may be framed by the
registered LMS only; "Open the lesson" signs the learner in once, for a minute."""

import time

import pytest
from django.contrib.auth import SESSION_KEY

from lti import handoff
from tests.lti.conftest import LEARNER, handoff_link, launch, login
from tests.lti.simulator import CLAIM

pytestmark = pytest.mark.django_db

LESSON = {CLAIM + "custom": {"lesson": "first-lesson"}}


def framed_by(response, origin: str) -> None:
    csp = response["Content-Security-Policy"]
    assert f"frame-ancestors {origin}" in csp
    assert "frame-ancestors 'none'" not in csp
    assert "X-Frame-Options" not in response


def test_the_launch_page_and_the_hand_off_may_be_framed_by_the_lms_only(
    client, content, course, simulator
):
    response = launch(client, simulator, **LESSON)
    assert response.status_code == 200
    framed_by(response, simulator.issuer)
    assert "<script>" not in response.content.decode()  # no inline script
    followed = client.get(handoff_link(response))
    framed_by(followed, simulator.issuer)
    # Any other page refuses frames, the lesson the hand-off leads to included.
    lesson = client.get(followed["Location"])
    assert "frame-ancestors 'none'" in lesson["Content-Security-Policy"]
    assert lesson["X-Frame-Options"] == "DENY"


def test_the_hand_off_signs_the_learner_in_once(client, content, course, simulator):
    response = launch(client, simulator, **LESSON)
    link = handoff_link(response)
    window = type(client)()  # the new window: no cookie of the frame's
    assert window.get(link).status_code == 302
    assert SESSION_KEY in window.session
    again = type(client)()
    gone = again.get(link)
    assert gone.status_code == 410
    assert "works once" in gone.content.decode()
    assert SESSION_KEY not in again.session


def test_the_hand_off_lasts_a_minute(client, content, course, simulator, monkeypatch):
    monkeypatch.setattr(handoff, "HANDOFF_SECONDS", 1)
    link = handoff_link(launch(client, simulator, **LESSON))
    time.sleep(1.2)
    assert type(client)().get(link).status_code == 410


def test_an_lms_asking_for_a_new_window_goes_straight_to_the_hand_off(
    client, content, course, simulator
):
    presentation = {CLAIM + "launch_presentation": {"document_target": "window"}}
    response = launch(client, simulator, **LESSON, **presentation)
    assert response.status_code == 302
    assert response["Location"].startswith("/lti/go/")
    assert client.get(response["Location"])["Location"] == "/lessons/first-lesson/"


def test_the_state_cookie_is_secure_httponly_samesite_none_and_short_lived(
    client, registration, simulator
):
    params = {
        "iss": simulator.issuer,
        "login_hint": "x",
        "target_link_uri": "https://testserver/lti/launch/",
    }
    response = client.get("/lti/login/", params, secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(simulator.issuer + "/auth?")
    cookie = response.cookies["lti_state"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "None"
    assert cookie["max-age"] == 300
    assert cookie["path"] == "/lti/"
    # Partitioned (CHIPS): kept in the LMS's frame by browsers that block
    # third-party cookies (tests/browser/test_lms.py launches in such a frame).
    assert "; Partitioned" in cookie.OutputString()


def test_a_launch_without_its_cookie_is_refused_inside_the_lms_frame(
    client, content, course, simulator
):
    """The refusal says what to do where the teacher or learner is: in the frame."""
    state, nonce = login(client, simulator)
    del client.cookies["lti_state"]
    token = simulator.id_token(nonce=nonce, sub="l", roles=LEARNER, **LESSON)
    response = client.post(
        "/lti/launch/", {"id_token": token, "state": state}, secure=True
    )
    assert response.status_code == 400
    framed_by(response, simulator.issuer)
    # A token naming no registered LMS: the refusal refuses frames, as any page.
    response = client.post("/lti/launch/", {"id_token": "x", "state": "y"}, secure=True)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_login_whose_target_is_not_our_launch_is_refused(
    client, registration, simulator
):
    params = {
        "iss": simulator.issuer,
        "login_hint": "x",
        "target_link_uri": "https://evil.example/lti/launch/",
    }
    response = client.post("/lti/login/", params, secure=True)
    assert response.status_code == 400
    assert "lti_state" not in response.cookies


def test_a_returning_learner_is_the_same_account(client, content, course, simulator):
    from lti.models import Identity

    for _ in range(2):
        response = launch(type(client)(), simulator, given_name="Sam", **LESSON)
        assert response.status_code == 200
    (identity,) = Identity.objects.all()
    assert identity.user.display_name == "Sam"
    assert identity.roles == LEARNER[0]


def test_a_learner_without_a_given_name_is_called_learner(
    client, content, course, simulator
):
    from lti.models import Identity

    assert launch(client, simulator, **LESSON).status_code == 200
    assert Identity.objects.get().user.display_name == "Learner"


def test_a_learner_without_a_given_name_is_named_in_the_launchs_language(
    client, content, course, simulator
):
    from lti.models import Identity

    spanish = {CLAIM + "launch_presentation": {"locale": "es-MX"}}
    assert launch(client, simulator, **LESSON, **spanish).status_code == 200
    assert Identity.objects.get().user.display_name == "Estudiante"


@pytest.mark.parametrize(
    "target", ["https://[", "https://testserver:99999/lti/launch/"]
)
def test_a_login_whose_target_is_not_a_url_is_refused(
    client, registration, simulator, target
):
    params = {"iss": simulator.issuer, "login_hint": "x", "target_link_uri": target}
    assert client.post("/lti/login/", params, secure=True).status_code == 400


def test_a_launch_and_its_hand_off_run_a_fixed_number_of_queries(
    client, content, course, simulator
):
    """A returning learner's launch and hand-off: pinned, whatever the class size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as launching:
            response = launch(type(client)(), simulator, given_name="Sam", **LESSON)
        with CaptureQueriesContext(connection) as handing_off:
            type(client)().get(handoff_link(response))
        return len(launching), len(handing_off)

    measure()  # the first launch makes the account
    counts = measure()
    for _ in range(5):
        factories.EnrolmentFactory(school_class=course.school_class)
    assert measure() == counts
    assert counts == (18, 12)
