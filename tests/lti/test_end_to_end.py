"""The whole LTI journey against the simulated LMS: register, approve, a teacher's
deep link, a learner's launch and lesson, and one score in the gradebook."""

import re
from html import unescape

import pytest
import requests
from django.core.management import call_command
from django.urls import reverse

from lessons.models import Lesson, Section
from lti.models import Deployment, Identity, PendingScore, Placement, Registration
from schools.models import Assignment, AuditEntry, Enrolment, SchoolClass
from tests.auth import sign_in
from tests.factories import PASSWORD
from tests.lessons.quiz_helpers import pass_lesson_quiz
from tests.lti.conftest import INSTRUCTOR, LEARNER, handoff_link, launch

pytestmark = pytest.mark.django_db

MARKERS = {
    "email": "marker-email-7f3a@example.org",
    "family_name": "MarkerFamily7f3a",
    "name": "Ada MarkerFamily7f3a",
    "picture": "https://127.0.0.1/marker-picture-7f3a.png",
}


def test_register_approve_deep_link_launch_learn_and_score(
    client, content, simulator, lms_school, settings
):
    school, admin, teacher = lms_school
    admin_client, teacher_client = type(client)(), type(client)()
    assert sign_in(admin_client, admin.email, PASSWORD)

    # A school admin registers the LMS on the connections page.
    page = reverse("lms:connections", args=[school.slug])
    response = admin_client.post(page, simulator.registration_fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Registration.objects.filter(school=school).count() == 1
    assert AuditEntry.objects.filter(school=school, action="lms_register").exists()
    shown = admin_client.get(response["Location"]).content.decode()
    assert "https://testserver/lti/login/" in shown or "/lti/login/" in shown

    # The first launch: the deployment is noted, awaiting approval; refused.
    response = launch(client, simulator, sub="teacher-1", roles=INSTRUCTOR)
    assert response.status_code == 403
    assert "awaits approval" in response.content.decode()
    deployment = Deployment.objects.get()
    assert deployment.status == Deployment.Status.PENDING

    # Approved on the connections page.
    response = admin_client.post(
        reverse("lms:deployment", args=[school.slug, deployment.public_id]),
        {"decision": "approve"},
    )
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert (deployment.status, deployment.school) == ("approved", school)

    # The teacher's first launch: link their LMS account by signing in.
    response = launch(
        client,
        simulator,
        sub="teacher-1",
        roles=INSTRUCTOR,
        **simulator.deep_linking_claims(),
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert sign_in(teacher_client, teacher.email, PASSWORD)
    response = teacher_client.get(handoff_link(response))
    assert response["Location"] == reverse("lti:link")
    response = teacher_client.post(reverse("lti:link"))
    assert response.status_code == 302
    assert Identity.objects.get(subject="teacher-1").user == teacher

    # Deep linking: the class is made, a lesson picked, the answer signed.
    response = launch(
        client,
        simulator,
        sub="teacher-1",
        roles=INSTRUCTOR,
        **simulator.deep_linking_claims(),
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    school_class = SchoolClass.objects.get(lti_course__context_id="course-7")
    assert (school_class.name, school_class.teacher) == ("Year 9 PSHE", teacher)
    action = re.search(r'action="(/lti/pick/[^"]+/)"', response.content.decode())[1]
    response = client.post(action, {"lesson": "first-lesson"}, secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{simulator.issuer}/deep-link-return"' in html
    answer = unescape(re.search(r'name="JWT" value="([^"]+)"', html)[1])
    # The browser posts it to the LMS, which checks it against our JWKS.
    simulator.tool_jwks = client.get(reverse("lti:jwks")).json()
    posted = requests.post(
        f"{simulator.issuer}/deep-link-return",
        data={"JWT": answer},
        verify=settings.LTI_CA_BUNDLE,
        timeout=5,
    )
    assert posted.status_code == 200, simulator.received.problems
    (claims,) = simulator.received.deep_links
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-42"
    (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    lesson = Lesson.objects.get(slug="first-lesson")
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "https://testserver/lti/launch/"
    assert item["custom"] == {"lesson": "first-lesson"}
    assert item["lineItem"] == {
        "scoreMaximum": 100,
        "label": lesson.title,
        "resourceId": "first-lesson",
    }
    assert Assignment.objects.filter(school_class=school_class, lesson=lesson).exists()

    # A learner launches the link the LMS made of it (with data we must not keep).
    line_item = simulator.line_item("li-1")
    learner_client = type(client)()
    response = launch(
        learner_client,
        simulator,
        sub="learner-1",
        roles=LEARNER,
        given_name="Ada",
        **MARKERS,
        **{
            "https://purl.imsglobal.org/spec/lti/claim/custom": {
                "lesson": "first-lesson"
            }
        },
        **simulator.ags_claim(line_item),
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    response = learner_client.get(handoff_link(response))
    assert response["Location"] == reverse("lessons:lesson", args=["first-lesson"])
    learner = Identity.objects.get(subject="learner-1").user
    assert (learner.display_name, learner.email, learner.is_student) == (
        "Ada",
        "",
        True,
    )
    assert not learner.has_usable_password()
    assert Enrolment.objects.filter(school_class=school_class, student=learner).exists()
    assert Placement.objects.get().line_item_url == line_item

    # The learner reads every section and passes the quiz.
    for section in Section.objects.filter(lesson=lesson).order_by("position"):
        url = reverse("lessons:section", args=[lesson.slug, section.slug])
        assert learner_client.get(url).status_code == 200
    pass_lesson_quiz(learner_client, lesson.slug)
    assert PendingScore.objects.count() == 1

    # One run of the command: one token request, one score.
    call_command("lti_send_scores")
    assert simulator.received.problems == []
    assert len(simulator.received.token_requests) == 1
    (score,) = simulator.received.scores
    assert score["path"] == "/lineitems/li-1/scores"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (100, 100)
    assert (score["activityProgress"], score["gradingProgress"]) == (
        "Completed",
        "FullyGraded",
    )
    assert score["userId"] == "learner-1"
    assert PendingScore.objects.count() == 0

    # Nothing of what we must not keep is anywhere in the database.
    dump = _database_dump()
    for marker in MARKERS.values():
        assert marker not in dump
    assert "MarkerFamily" not in dump


def _database_dump() -> str:
    """Every row of every table, as dumpdata writes them, with each session's data
    decoded (it is stored encoded)."""
    from io import StringIO

    from django.contrib.sessions.models import Session

    out = StringIO()
    call_command("dumpdata", stdout=out)
    sessions = [str(session.get_decoded()) for session in Session.objects.all()]
    return out.getvalue() + "\n".join(sessions)


def test_the_simulator_refuses_an_answer_not_signed_by_our_keys(
    client, simulator, settings, db
):
    """Its checks can fail: a JWT signed by a key that is not in our JWKS."""
    import jwt

    from tests.lti.simulator import rsa_key

    simulator.tool_jwks = client.get(reverse("lti:jwks")).json()
    kid = simulator.tool_jwks["keys"][0]["kid"]
    forged = jwt.encode(
        {"iss": simulator.client_id, "aud": simulator.issuer},
        rsa_key(),
        algorithm="RS256",
        headers={"kid": kid},
    )
    posted = requests.post(
        f"{simulator.issuer}/deep-link-return",
        data={"JWT": forged},
        verify=settings.LTI_CA_BUNDLE,
        timeout=5,
    )
    assert posted.status_code == 400
    assert simulator.received.deep_links == []
