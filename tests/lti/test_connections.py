"""The LMS connections page: registering an LMS, what to paste into it, and
approving or revoking its deployments; every change audited."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from lti.models import Deployment, Registration
from schools.models import AuditEntry
from tests import factories
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Moodle",
    "issuer": "https://moodle.example.org",
    "client_id": "abc123",
    "login_url": "https://moodle.example.org/mod/lti/auth.php",
    "token_url": "https://moodle.example.org/mod/lti/token.php",
    "jwks_url": "https://moodle.example.org/mod/lti/certs.php",
    "frame_origins": "https://moodle.example.org/\nhttps://moodle.example.org",
}


@pytest.fixture
def admin_client(client, lms_school):
    client.force_login(lms_school[1])
    return client


def page(school) -> str:
    return reverse("lms:connections", args=[school.slug])


def test_an_admin_registers_an_lms_and_sees_what_to_paste(admin_client, lms_school):
    school = lms_school[0]
    response = admin_client.post(page(school), FIELDS)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.origins == ["https://moodle.example.org"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LMS_REGISTER)
    assert (entry.school, entry.actor) == (school, lms_school[1])
    html = admin_client.get(response["Location"]).content.decode()
    for path in ("/lti/login/", "/lti/launch/", "/lti/jwks.json"):
        assert f"http://testserver{path}</code>" in html
    canvas = json.loads(
        unescape(re.search(r"<pre[^>]*><code>(.*?)</code>", html, re.S)[1])
    )
    assert canvas["oidc_initiation_url"] == "http://testserver/lti/login/"
    assert canvas["public_jwk_url"] == "http://testserver/lti/jwks.json"
    placements = canvas["extensions"][0]["settings"]["placements"]
    assert {p["message_type"] for p in placements} == {"LtiDeepLinkingRequest"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("issuer", "http://moodle.example.org", "Use an https:// address."),
        ("token_url", "ftp://moodle.example.org/token", "Use an https:// address."),
        ("frame_origins", "https://moodle.example.org/course", "is not one"),
        ("frame_origins", "https://a.example *", "is not one"),
        ("frame_origins", "https://日本.example", "is not one"),
        ("frame_origins", "", "This field is required."),
        ("client_id", "", "This field is required."),
    ],
)
def test_a_registration_with_bad_input_is_400_and_saves_nothing(
    admin_client, lms_school, field, value, message
):
    response = admin_client.post(page(lms_school[0]), {**FIELDS, field: value})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_same_lms_twice_is_refused(admin_client, lms_school):
    assert admin_client.post(page(lms_school[0]), FIELDS).status_code == 302
    response = admin_client.post(page(lms_school[0]), FIELDS)
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.fixture
def seen(admin_client, lms_school):
    admin_client.post(page(lms_school[0]), FIELDS)
    return Deployment.objects.create(
        issuer=FIELDS["issuer"], client_id=FIELDS["client_id"], deployment_id="7"
    )


def decide(client, school, deployment, decision):
    url = reverse("lms:deployment", args=[school.slug, deployment.public_id])
    return client.post(url, {"decision": decision})


def test_a_deployment_is_approved_then_revoked_each_audited(
    admin_client, lms_school, seen
):
    school = lms_school[0]
    listed = admin_client.get(page(school)).content.decode()
    assert ">7</td>" in listed and "Awaiting approval" in listed
    assert decide(admin_client, school, seen, "approve").status_code == 302
    seen.refresh_from_db()
    assert (seen.status, seen.school, seen.decided_by) == (
        "approved",
        school,
        lms_school[1],
    )
    assert decide(admin_client, school, seen, "revoke").status_code == 302
    seen.refresh_from_db()
    assert seen.status == "revoked"
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("at"))
    assert actions == ["lms_register", "lms_approve", "lms_revoke"]


def test_a_decision_that_is_neither_is_400(admin_client, lms_school, seen):
    assert decide(admin_client, lms_school[0], seen, "maybe").status_code == 400
    seen.refresh_from_db()
    assert seen.status == "pending"


def test_another_schools_deployment_cannot_be_taken(admin_client, lms_school, seen):
    """A district's LMS registered by two schools: a deployment is one school's."""
    other = factories.SchoolFactory()
    Registration.objects.create(
        school=other, **{**FIELDS, "frame_origins": "https://x.example"}
    )
    Deployment.objects.filter(pk=seen.pk).update(school=other, status="approved")
    response = decide(admin_client, lms_school[0], seen, "approve")
    assert response.status_code == 404  # not even listed for this school
    assert ">7</td>" not in admin_client.get(page(lms_school[0])).content.decode()
    seen.refresh_from_db()
    assert seen.school == other


def test_another_schools_admin_gets_404(client, lms_school, seen):
    other_admin = factories.StaffMembershipFactory(role="admin").user
    client.force_login(other_admin)
    assert client.get(page(lms_school[0])).status_code == 404
    assert decide(client, lms_school[0], seen, "approve").status_code == 404


def test_the_pages_queries_do_not_grow_with_registrations_and_deployments(
    admin_client, lms_school, seen
):
    school = lms_school[0]
    registration = Registration.objects.get()
    detail = reverse("lms:registration", args=[school.slug, registration.public_id])
    counts = (
        len(page_queries(admin_client, page(school))),
        len(page_queries(admin_client, detail)),
    )
    for n in range(3):
        Registration.objects.create(
            school=school, **{**FIELDS, "client_id": f"more-{n}"}
        )
        Deployment.objects.create(
            issuer=FIELDS["issuer"], client_id=f"more-{n}", deployment_id=str(n)
        )
    assert (
        len(page_queries(admin_client, page(school))),
        len(page_queries(admin_client, detail)),
    ) == counts
    assert counts == (6, 5)


def test_registering_twice_at_once_saves_one_and_says_so(lms_school):
    """A double click: the second request passed the form's check before the first
    saved; the database's constraint stops it, with nothing half-saved."""
    from lti.services import registration_create
    from schools.services import ServiceError

    school, admin, _teacher = lms_school
    registration_create(school=school, actor=admin, fields=FIELDS)
    with pytest.raises(ServiceError, match="already registered"):
        registration_create(school=school, actor=admin, fields=FIELDS)
    assert Registration.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_the_page_says_so_when_the_database_refuses_the_second(
    admin_client, lms_school, monkeypatch
):
    from lti.forms import RegistrationForm

    assert admin_client.post(page(lms_school[0]), FIELDS).status_code == 302
    monkeypatch.setattr(RegistrationForm, "clean", lambda form: form.cleaned_data)
    response = admin_client.post(page(lms_school[0]), FIELDS)
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1
