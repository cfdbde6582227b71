"""Every page type at a desktop and a phone viewport, in the system's light and dark
colour schemes, in Chromium: no console error, zero axe violations (WCAG 2.0, 2.1
and 2.2, A and AA, colour contrast included), the colour mode the system asks for,
no horizontal scrolling, touch targets of at least 24x24 CSS px, and no request to
any other host. A screenshot of each is written to screenshots/ (ignored by git) for
people to look at."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import (
    DEMO_PASSWORD,
    activate_two_factor,
    confirmation_link,
    path_of,
    sign_in,
    submit,
)
from tests.factories import (
    AdultFactory,
    StaffMembershipFactory,
    two_factor_on,
)

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A school admin who has not turned on two-factor sign-in yet: signing in takes them
# to the page that sets it up.
NEW_ADMIN = "lead@school.example"
LANDS = {NEW_ADMIN: {"/accounts/reauthenticate/", "/accounts/2fa/totp/activate/"}}

MEASURE = """() => {
  const small = [];
  const targets = 'button, input:not([type=hidden]), select, textarea, a.btn, '
    + 'nav a, .nav-list a';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    const hidden = getComputedStyle(el).visibility === 'hidden';
    if (box.width === 0 || hidden || el.closest('[hidden]')) continue;
    if (el.classList.contains('visually-hidden-focusable')) continue;
    if (box.width < 24 || box.height < 24) {
      const label = (el.innerText || el.name || '').trim().slice(0, 30);
      small.push(`${el.tagName} "${label}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    small: small,
  };
}"""


def answer_first_options(page) -> None:
    for name in page.eval_on_selector_all(
        "input[name^=q]", "els => [...new Set(els.map(e => e.name))]"
    ):
        page.locator(f'input[name="{name}"]').first.check()


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from lessons.models import Certificate, Track
    from schools.models import School

    # Admins must have two-factor sign-in on (DEBUG is off in tests, so the demo
    # accounts are not exempt): sign_in types the code.
    for email in ("admin@demo.example", "platform@demo.example"):
        two_factor_on(User.objects.get(email=email))
    lead = AdultFactory(
        email=NEW_ADMIN, display_name="Lee Lead", password=make_password(DEMO_PASSWORD)
    )
    StaffMembershipFactory(
        school=School.objects.get(slug="demo-school"), user=lead, role="admin"
    )
    Authenticator.objects.filter(user=lead).delete()
    parent = User.objects.get(email="parent@demo.example")
    Certificate.objects.create(
        learner=parent,
        track=Track.objects.get(slug="parents"),
        code="ACDE-FGHJ-KMNP",
        name=parent.display_name,
    )
    from schools.models import SchoolClass

    return {
        "class": SchoolClass.objects.get(name="Year 9 Maple").public_id,
        "student": User.objects.get(username="demo-student-3").public_id,
        "issued": timezone.now(),
    }


def page_types(site: str, demo: dict):
    """(name, role or None, how to reach the page)."""
    section = f"{site}/lessons/how-sextortion-works/try-it/"

    def go(url):
        return lambda page: page.goto(url)

    def scenario_step(page):
        page.goto(section)
        page.locator(".scenario button[name=choice]").first.click()
        page.wait_for_load_state("networkidle")

    def quiz_result(page):
        page.goto(f"{site}/lessons/how-sextortion-works/quiz/")
        answer_first_options(page)
        page.click("text=Send my answers")
        page.wait_for_url("**/quiz-results/**")

    def signup_errors(page):
        page.goto(f"{site}/accounts/signup/")
        page.click("main button[type=submit]")

    def login_errors(page):
        page.goto(f"{site}/accounts/login/")
        page.fill("#id_login", "nobody@example.org")
        page.fill("#id_password", "wrong-password")
        page.click("main button[type=submit]")

    def verification_sent(page):
        page.goto(f"{site}/accounts/signup/")
        page.fill("#id_display_name", "Sam Signup")
        page.fill("#id_email", "sam@example.org")
        page.fill("#id_password1", "a-long-browser-passphrase")
        page.fill("#id_password2", "a-long-browser-passphrase")
        submit(page, "Create account")
        assert path_of(page) == "/accounts/confirm-email/", page.url

    def confirm_email(page):
        page.goto(confirmation_link(site, "sam@example.org"))
        assert page.locator("main form button").inner_text() == "Confirm"

    def two_factor_code(page):
        page.goto(f"{site}/accounts/login/")
        page.fill("#id_login", "admin@demo.example")
        page.fill("#id_password", DEMO_PASSWORD)
        submit(page, "Sign in")
        assert path_of(page) == "/accounts/2fa/authenticate/", page.url

    def two_factor_setup(page):
        page.goto(f"{site}/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/")
        page.fill("#id_password", DEMO_PASSWORD)
        submit(page, "Confirm")
        assert path_of(page) == "/accounts/2fa/totp/activate/", page.url
        assert page.input_value("#authenticator_secret")

    def recovery_codes(page):
        _secret, codes = activate_two_factor(page, DEMO_PASSWORD)
        assert len(codes) == 10

    def login_cards(page):
        page.goto(f"{site}/classes/{demo['class']}/")
        page.fill("#id_names", "Kai\nLee")
        page.click("text=Create the accounts")
        page.wait_for_selector(".login-card")

    school = f"{site}/schools/demo-school"
    return [
        ("home", None, go(f"{site}/")),
        ("track", None, go(f"{site}/tracks/students/")),
        ("lesson", None, go(f"{site}/lessons/how-sextortion-works/")),
        (
            "lesson section",
            None,
            go(f"{site}/lessons/how-sextortion-works/what-it-is/"),
        ),
        ("scenario step", None, scenario_step),
        ("myth or fact", None, go(f"{site}/lessons/its-not-your-fault/myth-or-fact/")),
        ("quiz", "demo-student-1", go(f"{site}/lessons/how-sextortion-works/quiz/")),
        ("quiz result", "demo-student-1", quiz_result),
        ("help", None, go(f"{site}/help/?country=GB")),
        ("sources", None, go(f"{site}/sources/")),
        ("privacy", None, go(f"{site}/privacy/")),
        ("sign-up", None, go(f"{site}/accounts/signup/")),
        ("sign-up with errors", None, signup_errors),
        ("log-in", None, go(f"{site}/accounts/login/")),
        ("log-in with errors", None, login_errors),
        ("join", None, go(f"{site}/join/")),
        ("assignments", "demo-student-1", go(f"{site}/")),
        ("class", "teacher@demo.example", go(f"{site}/classes/{demo['class']}/")),
        (
            "class report",
            "teacher@demo.example",
            go(f"{site}/classes/{demo['class']}/report/"),
        ),
        (
            "assign",
            "teacher@demo.example",
            go(f"{site}/classes/{demo['class']}/assign/"),
        ),
        (
            "presenter slide",
            "teacher@demo.example",
            go(f"{site}/classes/{demo['class']}/present/how-sextortion-works/try-it/"),
        ),
        (
            "presenter notes",
            "teacher@demo.example",
            go(
                f"{site}/classes/{demo['class']}/present/how-sextortion-works/"
                "get-help/notes/"
            ),
        ),
        (
            "school dashboard",
            "admin@demo.example",
            go(f"{site}/schools/demo-school/dashboard/"),
        ),
        ("school", "admin@demo.example", go(f"{school}/")),
        ("audit log", "admin@demo.example", go(f"{school}/audit/")),
        (
            "erase a learner",
            "admin@demo.example",
            go(f"{school}/learners/{demo['student']}/erase/"),
        ),
        ("login cards", "teacher@demo.example", login_cards),
        ("platform overview", "platform@demo.example", go(f"{site}/platform/")),
        ("register a school", "parent@demo.example", go(f"{site}/schools/register/")),
        ("parents join", "parent@demo.example", go(f"{site}/parents/")),
        (
            "knowledge check",
            "parent@demo.example",
            go(f"{site}/tracks/parents/check/pre/"),
        ),
        ("password reset", None, go(f"{site}/accounts/password/reset/")),
        ("not found", None, go(f"{site}/no-such-page/")),
        (
            "certificate",
            "parent@demo.example",
            go(f"{site}/certificates/ACDE-FGHJ-KMNP/"),
        ),
        ("verify", None, go(f"{site}/certificates/verify/?code=ACDE-FGHJ-KMNP")),
        # Last for the visitor: these leave a sign-in half done in their session.
        ("verification sent", None, verification_sent),
        ("confirm email", None, confirm_email),
        ("two-factor code", None, two_factor_code),
        (
            "password again",
            NEW_ADMIN,
            go(f"{site}/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/"),
        ),
        ("two-factor setup", NEW_ADMIN, two_factor_setup),
        ("recovery codes", NEW_ADMIN, recovery_codes),
    ]


def page_problems(page, axe: Axe) -> list[str]:
    """What is wrong with the page as it stands: axe's violations, sideways
    scrolling, touch targets under 24x24 px, requests to another host."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    measured = page.evaluate(MEASURE)
    if measured["overflow"] > 0:
        found.append(f"scrolls sideways by {measured['overflow']}px")
    found += [f"small touch target: {s}" for s in measured["small"]]
    found += [f"request to another host: {u}" for u in page.requests.elsewhere]
    return found


def watch_console(page) -> None:
    """Keep every error the page logs or throws (a Content-Security-Policy violation
    is one), in `page.console_errors`. An error page's own status (a 404 page, a form
    answered 400) is the page type, not an error of the page."""
    page.console_errors = []

    def logged(message) -> None:
        if message.type != "error":
            return
        own_status = message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url
        )
        if not own_status:
            page.console_errors.append(message.text)

    page.on("console", logged)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [
        ("desktop", "light"),
        ("phone", "light"),
        ("desktop", "dark"),
        ("phone", "dark"),
    ],
)
def test_every_page_type_is_accessible_fits_and_stays_on_the_site(
    new_page, site, demo, viewport, scheme
):
    axe = Axe()
    problems: dict[str, list[str]] = {}
    pages: dict[str | None, object] = {}
    checked = 0
    for name, role, reach in page_types(site, demo):
        if role not in pages:
            pages[role] = new_page(viewport, color_scheme=scheme)
            watch_console(pages[role])
            if role:
                sign_in(pages[role], site, role, lands=LANDS.get(role, "/"))
        page = pages[role]
        page.console_errors.clear()
        reach(page)
        # Bootstrap's colour mode follows the system's (static/js/color-mode.js).
        theme = page.evaluate("document.documentElement.dataset.bsTheme")
        found = page_problems(page, axe)
        if theme != scheme:
            found.append(f"colour mode {theme!r}, not the system's {scheme!r}")
        found += [f"console: {error}" for error in page.console_errors]
        if found:
            problems[name] = found
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(
            path=SCREENSHOTS / f"{name.replace(' ', '-')}-{viewport}-{scheme}.png",
            full_page=True,
        )
        checked += 1
    assert checked == len(page_types(site, demo))
    assert problems == {}, json.dumps(problems, indent=1)
