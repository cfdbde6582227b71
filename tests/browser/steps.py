"""Steps that several browser journeys share: signing up and in, reading a lesson
with its interactive parts, and answering a quiz right or wrong."""

from tests.lessons.quiz_helpers import chosen, question_names

DEMO_PASSWORD = "demo-password-2026"


def sign_in(page, site: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/")


def sign_up(page, site: str, name: str, email: str) -> None:
    page.goto(f"{site}/accounts/signup/")
    page.fill("#id_display_name", name)
    page.fill("#id_email", email)
    page.fill("#id_password1", "a-long-browser-passphrase")
    page.fill("#id_password2", "a-long-browser-passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/")
    assert f"Signed in as {name}" in page.content()


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
