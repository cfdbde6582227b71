"""The offline copy in a real browser: a visitor keeps the students' track, reads a
saved lesson with no connection (Playwright's offline mode, which the service
worker's own network requests obey too), meets the notice for a page not saved, and
leaves the site with nothing of it left behind: no worker and no saved page."""

import pytest

from tests.browser.test_journeys import NEUTRAL, neutral_site

pytestmark = pytest.mark.django_db(transaction=True)

TRACK = "/tracks/students/"
SAVED_SECTION = "/lessons/how-sextortion-works/first-message/"
SAVED_TEXT = "It often starts with a new follow or a friend request"
KEEP = 'role=button[name="Keep this track on this device"]'
REMOVE = 'role=button[name="Remove the copy"]'
STATUS = "[data-offline-status]"
STORED = """async () => ({
  workers: (await navigator.serviceWorker.getRegistrations()).length,
  caches: await caches.keys(),
})"""


def keep_the_track(page, site: str) -> None:
    page.goto(f"{site}{TRACK}")
    page.click(KEEP)
    page.wait_for_function(
        "() => document.querySelector('[data-offline-status]')"
        ".textContent.startsWith('Saved on this device')",
        timeout=60_000,
    )
    # The worker controls the pages from now on.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def stored(page, site: str) -> dict:
    """The workers and caches of the site, asked from one of its pages."""
    page.goto(f"{site}/privacy/")
    return page.evaluate(STORED)


def test_a_visitor_keeps_a_track_reads_it_offline_and_leaves_without_a_trace(
    new_page, site
):
    page = new_page("phone")
    page.route("https://www.google.com/**", neutral_site)
    assert stored(page, site) == {"workers": 0, "caches": []}  # nothing unasked

    keep_the_track(page, site)
    status = page.inner_text(STATUS)
    assert status.startswith("Saved on this device: ")
    assert page.is_visible(REMOVE)
    assert page.evaluate(STORED) == {"workers": 1, "caches": ["offline-en-students"]}

    page.context.set_offline(True)
    # The network really is gone, for the worker's own requests too: a page not
    # saved fails (the worker found no network and no copy), a saved one is there.
    answer = "(url) => fetch(url).then(r => 'answered ' + r.status, () => 'failed')"
    assert page.evaluate(answer, "/sources/") == "failed"
    assert page.evaluate(answer, SAVED_SECTION) == "answered 200"
    page.goto(f"{site}{SAVED_SECTION}")
    assert SAVED_TEXT in page.inner_text("main")
    page.goto(f"{site}/sources/")  # not part of the copy
    assert page.locator("h1").inner_text() == "You are not connected"
    assert page.locator("main a[href='/help/']").count() == 1

    page.context.set_offline(False)
    page.goto(f"{site}{SAVED_SECTION}")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    assert stored(page, site) == {"workers": 0, "caches": []}


def test_remove_the_copy_and_esc_twice_each_delete_it(new_page, site):
    page = new_page()
    page.route("https://www.google.com/**", neutral_site)
    keep_the_track(page, site)

    page.click(REMOVE)
    page.wait_for_function(
        "() => document.querySelector('[data-offline-status]')"
        ".textContent.startsWith('Removed.')"
    )
    assert page.is_hidden(REMOVE)
    assert page.evaluate("() => document.activeElement.dataset.offlineKeep") == ""
    assert page.evaluate(STORED) == {"workers": 0, "caches": []}

    keep_the_track(page, site)
    page.goto(f"{site}{SAVED_SECTION}")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    assert stored(page, site) == {"workers": 0, "caches": []}


def test_a_saved_track_says_so_when_its_page_opens_again(new_page, site):
    page = new_page()
    keep_the_track(page, site)

    page.reload()

    expect_text = "This track is saved on this device."
    page.wait_for_function(
        f"() => document.querySelector('{STATUS}').textContent.startsWith("
        f"'{expect_text}')"
    )
    assert page.is_visible(REMOVE)


def test_without_javascript_nothing_of_the_copy_shows(new_page, site):
    page = new_page(javascript=False)
    page.goto(f"{site}{TRACK}")

    assert page.locator("[data-offline-copy]").count() == 1
    assert page.is_hidden("[data-offline-copy]")
    assert page.is_hidden(KEEP)
