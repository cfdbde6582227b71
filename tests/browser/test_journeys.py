"""Journeys in a real browser: a visitor, and a student with the keyboard alone and
again without JavaScript. Every request stays on the site."""

import re

import pytest
from django.core.management import call_command

from tests.browser.test_pages import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NEUTRAL = "https://www.google.com/search?q=weather+forecast"
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      || style.boxShadow !== 'none';
}"""


def neutral_site(route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")


def tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus, checking at
    that point that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_visitor_reads_a_lesson_finds_help_and_leaves_quickly(new_page, site):
    page = new_page("phone")
    page.route("https://www.google.com/**", neutral_site)
    page.goto(f"{site}/")
    page.click("text=I'm a student")
    page.click("text=How sextortion works")
    page.click("text=Start the lesson")
    titles = []
    while page.locator("a[rel=next]").count():
        titles.append(page.locator("article h1").inner_text())
        page.click("a[rel=next]")
    assert len(titles) == 6  # seven parts: six "Next" clicks
    assert "Help in" in page.content()  # the helplines under the last part
    page.click("header >> text=Get help now")
    page.select_option("#country", "AU")
    page.click("text=Show helplines")
    assert "Help in Australia" in page.content()
    assert page.requests.elsewhere == []

    # "Leave this site" replaces the page; Back does not return to it.
    page.goto(f"{site}/lessons/how-sextortion-works/")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert "/lessons/how-sextortion-works/" not in page.url

    # So does Esc pressed twice.
    page.goto(f"{site}/help/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def student_journey(
    page, site: str, *, keyboard: bool, javascript: bool = True
) -> None:
    """Sign in, open the first assignment, read it with its chat and cards, pass
    its quiz; with the keyboard alone, or by clicking."""

    def press(selector: str, key: str = "Enter", *, navigates: bool = True) -> None:
        """Activate a link or button, and wait for the page (or htmx) to answer."""
        if navigates:
            with page.expect_navigation():
                if keyboard:
                    tab_to(page, selector)
                    page.keyboard.press(key)
                else:
                    page.click(selector)
        else:
            if keyboard:
                tab_to(page, selector)
                page.keyboard.press(key)
            else:
                page.click(selector)
            page.wait_for_load_state("networkidle")

    page.goto(f"{site}/accounts/login/")
    if keyboard:
        tab_to(page, "#id_username")
        page.keyboard.type("demo-student-1")
        page.keyboard.press("Tab")
        page.keyboard.type(DEMO_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.fill("#id_username", "demo-student-1")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/")
    assert "My assignments" in page.content()
    press(".my-assignments a")
    press("a.btn-primary")  # Start the lesson
    while page.locator("a[rel=next]").count():
        if page.locator(".scenario button[name=choice]").count():
            # With JavaScript, htmx swaps the chat in place; without, the form posts.
            press(".scenario button[name=choice]", "Space", navigates=not javascript)
            assert (
                "Where this led" in page.content()
                or page.locator(".scenario button[name=choice]").count()
            )
        press("a[rel=next]")
    press('nav a[href$="/quiz/"]')
    assert "/quiz/" in page.url
    from lessons.models import Question

    names = list(dict.fromkeys(re.findall(r'name="(q\d+)"', page.content())))
    for name in names:  # in page order
        question = Question.objects.prefetch_related("options").get(pk=int(name[1:]))
        correct = {str(o.pk) for o in question.options.all() if o.is_correct}
        inputs = page.locator(f'input[name="{name}"]')
        values = [inputs.nth(i).get_attribute("value") for i in range(inputs.count())]
        kind = inputs.first.get_attribute("type")
        if not keyboard:
            for value in correct:
                page.check(f'input[name="{name}"][value="{value}"]')
        elif kind == "radio":
            # Tab enters the group; the arrow keys move, and choose, within it.
            tab_to(page, f'input[name="{name}"]')
            target = f'input[name="{name}"][value="{next(iter(correct))}"]'
            for _ in values:
                if page.evaluate("(s) => document.activeElement.matches(s)", target):
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        else:
            for value in values:  # each checkbox in turn, ticking the right ones
                tab_to(page, f'input[name="{name}"][value="{value}"]')
                if value in correct:
                    page.keyboard.press("Space")
    press("form.quiz button[type=submit]")
    assert "You passed." in page.content()
    assert page.requests.elsewhere == []


@pytest.fixture
def demo(site):
    call_command("seed_demo", force=True)


def test_the_student_journey_with_the_keyboard_alone(new_page, site, demo):
    page = new_page("desktop")
    student_journey(page, site, keyboard=True)


def test_the_student_journey_without_javascript(new_page, site, demo):
    page = new_page("phone", javascript=False)
    student_journey(page, site, keyboard=False, javascript=False)
