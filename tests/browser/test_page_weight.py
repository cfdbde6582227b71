"""Light pages: what a reader's browser downloads, served as in production.

Budget (issue 17, README "Light pages"): a first visit to any public page, with an
empty browser cache, under 60 KB transferred; each further page under 15 KB. Bytes
are Chromium's own count of what came over the network (headers and compressed
bodies, DevTools' "transferred"), for every request the page made until the network
was idle. Static files come from WhiteNoise's collected, compressed files and are
cached for ever under hashed names, so a further page is mostly its own HTML.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from lessons.models import Certificate, Lesson, Track
from tests import factories

FIRST_VISIT = 60 * 1024
FURTHER_PAGE = 15 * 1024


def public_pages() -> dict[str, str]:
    """One address of each public page type (the heaviest where it varies)."""
    track = Track.objects.get(slug="students")
    lesson = Lesson.objects.filter(track=track).order_by("position").first()
    section = lesson.sections.order_by("position").first()
    student = factories.EnrolmentFactory().student
    certificate = Certificate.objects.create(
        learner=student, track=track, code="ACDE-FGHJ-KMNP", name="Sam Learner"
    )
    pages = {
        "home": reverse("lessons:home"),
        "track": track.get_absolute_url(),
        "lesson": lesson.get_absolute_url(),
        "section": section.get_absolute_url(),
        "quiz": reverse("lessons:lesson_quiz", args=[lesson.slug]),
        "knowledge check": reverse("lessons:knowledge_check", args=[track.slug, "pre"]),
        "help": reverse("lessons:help"),
        "sources": reverse("lessons:sources"),
        "sources, page 2": reverse("lessons:sources_page", args=[2]),
        "privacy": reverse("lessons:privacy"),
        "certificate check": reverse("lessons:verify"),
        "certificate": certificate.get_absolute_url(),
        "join a class": reverse("schools:join"),
        "sign in": reverse("account_login"),
        "create an account": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "offline notice": reverse("lessons:offline"),
        "not found": "/no-such-page/",
    }
    with translation.override("es"):
        pages["home, Spanish"] = reverse("lessons:home")
        pages["section, Spanish"] = section.get_absolute_url()
    return pages


def every_section() -> list[str]:
    urls = []
    for language in ("en", "es"):
        with translation.override(language):
            for lesson in Lesson.objects.prefetch_related("sections"):
                urls += [s.get_absolute_url() for s in lesson.sections.all()]
    return urls


class Transferred:
    """Bytes over the network for a page's requests, from Chromium's DevTools
    protocol (0 for what came from the browser's cache)."""

    def __init__(self, page) -> None:
        self.page = page
        self.total = 0
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        self.total += event["encodedDataLength"]

    def of(self, url: str, wait_until: str = "networkidle") -> int:
        self.total = 0
        self.page.goto(url, wait_until=wait_until)
        return self.total


@pytest.fixture
def weigh(browser, production_site):
    contexts = []

    def open_page(viewport="phone"):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="en-GB"
        )
        contexts.append(context)
        return Transferred(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


def test_every_public_page_type_is_light_first_and_after(weigh, production_site):
    rows = []
    for name, path in public_pages().items():
        first = weigh().of(production_site + path)
        browsing = weigh()
        browsing.of(production_site + reverse("lessons:home"))
        further = browsing.of(production_site + path)
        rows.append((name, first, further))
    table = "\n".join(
        f"| {n} | {f / 1024:.1f} KB | {a / 1024:.1f} KB |" for n, f, a in rows
    )
    print("\n| Page | First visit | Further page |\n| --- | --- | --- |\n" + table)
    assert [r for r in rows if r[1] >= FIRST_VISIT or r[2] >= FURTHER_PAGE] == []
    assert all(first > further > 0 for _, first, further in rows)


def test_every_lesson_section_in_both_languages_is_a_light_further_page(
    weigh, production_site
):
    browsing = weigh()
    browsing.of(production_site + reverse("lessons:home"))
    # "load": every resource the page asks for has come (idle adds half a second).
    weights = {
        url: browsing.of(production_site + url, wait_until="load")
        for url in every_section()
    }
    heaviest = max(weights, key=weights.get)
    print(f"\n{len(weights)} sections; heaviest {heaviest}: {weights[heaviest]} bytes")
    assert len(weights) > 100
    assert {u: w for u, w in weights.items() if w >= FURTHER_PAGE} == {}
