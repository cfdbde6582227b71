import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from lti import keys
from lti.models import Course, Deployment, Registration
from tests import factories
from tests.lti.simulator import MEMBERSHIP, Simulator

LEARNER = [MEMBERSHIP + "Learner"]
INSTRUCTOR = [MEMBERSHIP + "Instructor"]


@pytest.fixture(autouse=True)
def tool_key_file(tmp_path, settings):
    """A key file of this test's own (one test replaces it), read afresh."""
    path = tmp_path / "tool-key.pem"
    shutil.copy(settings.LTI_PRIVATE_KEY_FILE, path)
    settings.LTI_PRIVATE_KEY_FILE = str(path)
    keys._loaded.clear()
    yield path
    keys._loaded.clear()


@pytest.fixture
def simulator(tmp_path, settings):
    lms = Simulator()
    settings.LTI_CA_BUNDLE = str(lms.start(tmp_path))
    settings.LTI_HTTP_TIMEOUT = 3.0
    yield lms
    lms.stop()


@pytest.fixture
def lms_school(db):
    school = factories.SchoolFactory()
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    teacher = factories.StaffMembershipFactory(school=school, role="teacher").user
    return school, admin, teacher


@pytest.fixture
def registration(simulator, lms_school):
    school, admin, _teacher = lms_school
    return Registration.objects.create(
        school=school, created_by=admin, **simulator.registration_fields
    )


@pytest.fixture
def approved(registration, simulator):
    return Deployment.objects.create(
        issuer=registration.issuer,
        client_id=registration.client_id,
        deployment_id=simulator.deployment_id,
        school=registration.school,
        status=Deployment.Status.APPROVED,
    )


@pytest.fixture
def course(approved, lms_school):
    """The course a teacher opened already, so that a learner's launch works."""
    _school, _admin, teacher = lms_school
    school_class = factories.SchoolClassFactory(school=approved.school, teacher=teacher)
    return Course.objects.create(
        deployment=approved, context_id="course-7", school_class=school_class
    )


def login(client, simulator, **extra):
    """The LMS's login initiation; returns (state, nonce) from where we sent it."""
    params = {
        "iss": simulator.issuer,
        "login_hint": "hint-1",
        "target_link_uri": "https://testserver/lti/launch/",
        "client_id": simulator.client_id,
        "lti_message_hint": "message-9",
        **extra,
    }
    response = client.post("/lti/login/", params, secure=True)
    assert response.status_code == 302, response.content[:500]
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["state"][0], query["nonce"][0]


def launch(client, simulator, *, sub="learner-1", roles=LEARNER, state=None, **claims):
    """A whole launch: login initiation, then the signed id_token posted back."""
    login_state, nonce = login(client, simulator)
    token = simulator.id_token(
        nonce=claims.pop("nonce", nonce), sub=sub, roles=roles, **claims
    )
    return client.post(
        "/lti/launch/", {"id_token": token, "state": state or login_state}, secure=True
    )


def handoff_link(response) -> str:
    match = re.search(r'href="(/lti/go/[^"]+/)"', response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)
