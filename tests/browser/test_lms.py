"""LMS connections in a real browser: a school admin registers an LMS on a laptop
and a phone; a learner opens a lesson from a course page of the simulated LMS, whose
frame shows our launch page (allowed by frame-ancestors) and whose "Open the lesson"
opens the lesson in a new window, signed in. Zero axe violations on our pages."""

import pytest
from django.core.management import call_command

from accounts.models import User
from lti.models import Course, Deployment, Registration
from schools.models import School, SchoolClass
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in
from tests.browser.test_grid import axe_violations
from tests.factories import two_factor_on
from tests.lti.conftest import LEARNER
from tests.lti.simulator import CLAIM, Simulator

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)
    two_factor_on(User.objects.get(email="admin@demo.example"))


@pytest.fixture
def lms(site, tmp_path, settings):
    simulator = Simulator()
    settings.LTI_CA_BUNDLE = str(simulator.start(tmp_path))
    simulator.tool_url = site
    yield simulator
    simulator.stop()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_school_admin_registers_an_lms(new_page, site, demo, lms, viewport):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_page(viewport)
    sign_in(page, site, "admin@demo.example")
    page.goto(f"{site}/schools/demo-school/")
    page.click("text=LMS connections")
    assert page.locator("h1").inner_text() == "LMS connections"
    assert axe_violations(page) == []
    fields = lms.registration_fields
    for name in ("name", "issuer", "client_id", "login_url", "token_url", "jwks_url"):
        page.fill(f"#id_{name}", fields[name])
    page.fill("#id_frame_origins", fields["frame_origins"])
    page.click("button:has-text('Register the LMS')")
    assert page.locator("h1").inner_text() == "Simulated LMS"
    assert f"{site}/lti/login/" in page.locator("main").inner_text()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert axe_violations(page) == []
    page.screenshot(
        path=SCREENSHOTS / f"lms-registration-{viewport}.png", full_page=True
    )
    assert page.requests.elsewhere == []


def test_a_learner_opens_a_lesson_from_the_lms_course_page(browser, site, demo, lms):
    school = School.objects.get(slug="demo-school")
    registration = Registration.objects.create(school=school, **lms.registration_fields)
    deployment = Deployment.objects.create(
        issuer=registration.issuer,
        client_id=registration.client_id,
        deployment_id=lms.deployment_id,
        school=school,
        status=Deployment.Status.APPROVED,
    )
    Course.objects.create(
        deployment=deployment,
        context_id="course-7",
        school_class=SchoolClass.objects.filter(school=school).first(),
    )
    lesson = "how-sextortion-works"
    lms.next_launch = {
        "sub": "browser-learner",
        "roles": LEARNER,
        "claims": {CLAIM + "custom": {"lesson": lesson}, "given_name": "Robin"},
    }
    # The LMS's own pages use a certificate of its own: trusted by this browser only.
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{lms.issuer}/course")
    frame = page.frame_locator("iframe[title=Lesson]")
    frame.locator("text=Your lesson is ready").wait_for()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "lms-launch-in-frame.png")
    with context.expect_page() as opened:
        frame.locator("text=Open the lesson").click()
    window = opened.value
    window.wait_for_load_state()
    assert window.url == f"{site}/lessons/{lesson}/"
    assert "Robin" in window.locator("header").inner_text()
    assert axe_violations(window) == []
    learner = User.objects.get(lti_identities__subject="browser-learner")
    assert (learner.display_name, learner.email) == ("Robin", "")
    context.close()
