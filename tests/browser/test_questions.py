"""The questions pages on the demo school, in a real browser: a teacher opens "How
the class answered" from the class page, on a laptop and a phone; the platform
admin opens the questions to review. Zero axe violations, no request leaves the
site, the page never scrolls sideways, and printed it drops its menus. Screenshots
go to screenshots/ (ignored by git)."""

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in
from tests.browser.test_grid import axe_violations
from tests.factories import two_factor_on

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)
    two_factor_on(User.objects.get(email="platform@demo.example"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_teacher_reads_how_the_class_answered(new_page, site, demo, viewport):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_page(viewport)
    sign_in(page, site, "teacher@demo.example")
    page.goto(f"{site}/schools/demo-school/")
    page.click("main a:has-text('Year 9 Maple')")
    page.click("text=How the class answered")
    assert page.locator("h1").inner_text() == "How the class answered: Year 9 Maple"
    rows = page.locator(".questions-table tbody tr")
    assert rows.count() >= 5
    assert "fewer than" not in page.locator(".questions-table").inner_text()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert axe_violations(page) == []
    page.screenshot(
        path=SCREENSHOTS / f"questions-class-{viewport}.png", full_page=True
    )

    page.click("nav[aria-labelledby=questions-nav] >> text=For students")
    assert page.locator("h2:has-text('Knowledge check: ')").count() == 1
    assert axe_violations(page) == []
    page.screenshot(
        path=SCREENSHOTS / f"questions-class-check-{viewport}.png", full_page=True
    )
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-labelledby=questions-nav]").is_visible()
    assert page.locator(".questions-table").is_visible()
    assert page.requests.elsewhere == []


def test_the_platform_admin_reads_the_questions_to_review(new_page, site, demo):
    page = new_page("desktop")
    sign_in(page, site, "platform@demo.example")
    page.goto(f"{site}/platform/")
    page.click("text=Questions to review")
    assert page.locator("h1").inner_text() == "Questions to review"
    assert page.locator(".questions-table tbody tr").count() > 50
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "questions-platform.png", full_page=True)
    assert page.requests.elsewhere == []
