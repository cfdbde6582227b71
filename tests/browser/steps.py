"""Steps that several browser journeys share: signing up (with the email
confirmation) and in (with the second step for those who have two-factor sign-in
on), turning two-factor sign-in on, reading a lesson with its interactive parts, and
answering a quiz right or wrong."""

import re
import time
from urllib.parse import urlsplit

from django.core import mail

from tests.factories import TOTP_SECRET, totp_code
from tests.lessons.quiz_helpers import chosen, question_names

DEMO_PASSWORD = "demo-password-2026"
SIGN_UP_PASSWORD = "a-long-browser-passphrase"
CONFIRM_LINK = re.compile(r"/accounts/confirm-email/[^/\s]+/")


def app_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now, with at least 5 seconds left for
    it to reach the site: the site takes only the current 30-second code (allauth's
    MFA_TOTP_TOLERANCE is 0), so a code typed as the period turns fails."""
    while time.time() % 30 > 25:
        time.sleep(0.5)
    return totp_code(secret)


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit(page, name: str) -> None:
    """Click the button named `name` in the page's main part, and wait for the page
    the form leads to."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def sign_in(
    page,
    site: str,
    login: str,
    password: str = DEMO_PASSWORD,
    *,
    totp_secret: str = TOTP_SECRET,
    lands: str | set[str] = "/",
) -> None:
    """Sign in on the sign-in page (email or username in the one box), typing the
    authenticator app's code when asked for it; the sign-in ends on `lands` (a path,
    or one of a set of paths)."""
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    submit(page, "Sign in")
    if path_of(page) == "/accounts/2fa/authenticate/":
        page.fill("#id_code", app_code(totp_secret))
        submit(page, "Sign In")
    assert path_of(page) in ({lands} if isinstance(lands, str) else lands), page.url


def confirmation_link(site: str, email: str) -> str:
    """The link in the last confirmation email sent to `email` (the live server runs
    in this process and sends through Django's locmem backend)."""
    sent = [
        message
        for message in mail.outbox
        if message.to == [email] and CONFIRM_LINK.search(message.body)
    ]
    assert sent, f"no confirmation email to {email}"
    return site + CONFIRM_LINK.search(sent[-1].body)[0]


def sign_up(page, site: str, name: str, email: str) -> None:
    """Create an account, confirm the address from the email, and be signed in."""
    page.goto(f"{site}/accounts/signup/")
    page.fill("#id_display_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", SIGN_UP_PASSWORD)
    page.fill("#id_password2", SIGN_UP_PASSWORD)
    submit(page, "Create account")
    assert path_of(page) == "/accounts/confirm-email/", page.url
    page.goto(confirmation_link(site, email))
    submit(page, "Confirm")
    assert path_of(page) == "/", page.url
    assert f"Signed in as {name}" in page.locator("header").inner_text()


def password_again_if_asked(page, password: str) -> None:
    """Type the password again where django-allauth asks for it before a page about
    two-factor sign-in (then it goes on to that page)."""
    if path_of(page) == "/accounts/reauthenticate/":
        page.fill("#id_password", password)
        submit(page, "Confirm")


def activate_two_factor(page, password: str) -> tuple[str, list[str]]:
    """On the way to the page that sets up an authenticator app: type the password
    again if asked (django-allauth asks before any change to two-factor sign-in),
    read the app's secret, type the code the app would show, and activate. Returns
    the secret and the recovery codes offered next."""
    password_again_if_asked(page, password)
    assert path_of(page) == "/accounts/2fa/totp/activate/", page.url
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", app_code(secret))
    submit(page, "Activate")
    assert path_of(page) == "/accounts/2fa/recovery-codes/", (
        page.url,
        page.locator("main").inner_text(),
    )
    return secret, page.input_value("#recovery_codes").split()


def sign_out(page) -> None:
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()
    assert "Signed in as" not in page.locator("header").inner_text()


def click_and_settle(page, selector: str) -> None:
    """Click the first match, then wait until htmx has swapped it out."""
    button = page.locator(selector).first.element_handle()
    button.click()
    button.wait_for_element_state("hidden")  # detached by the swap


def read_lesson(page, site: str, slug: str) -> int:
    """Open a lesson and read it to its end, playing every chat to its debrief
    (always the first choice) and answering every myth-or-fact card; returns how
    many chats were played. Ends on the lesson's quiz page."""
    page.goto(f"{site}/lessons/{slug}/")
    page.click("main a.btn-primary")  # Start the lesson
    played = 0
    while True:
        for _ in range(20):
            choices = page.locator(".scenario button[name=choice]")
            if not choices.count():
                break
            click_and_settle(page, ".scenario button[name=choice]")
        if page.locator(".scenario-debrief").count():
            played += 1
        for _ in range(20):
            cards = page.locator(".mythfact button[type=submit]")
            if not cards.count():
                break
            click_and_settle(page, ".mythfact button[type=submit]")
        if not page.locator("a[rel=next]").count():
            break
        page.click("a[rel=next]")
    page.click("text=Take the quiz")
    page.wait_for_url(f"**/lessons/{slug}/quiz/")
    return played


def answer_quiz(page, *, right: bool) -> None:
    """Answer every question on the open quiz page, all right or all wrong, send
    the answers, and wait for the results."""
    for name in question_names(page.content()):
        for value in chosen(name, right=right):
            page.check(f'input[name="{name}"][value="{value}"]')
    page.click("text=Send my answers")
    page.wait_for_url("**/quiz-results/**")


def requests_elsewhere(pages) -> list[str]:
    """Every request any of these pages made to a host other than the site's."""
    return [url for page in pages for url in page.requests.elsewhere]
