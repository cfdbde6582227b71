"""The base layout on every page type: quick exit, help, skip link, nothing external."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from lessons.content.load import content_load
from lessons.content.validate import read_content
from tests.html import other_hosts_fetched, parse
from tests.lessons import content_builder

pytestmark = pytest.mark.django_db

# (name, how to get it): every page type the site has so far.
VISITOR_PAGES = [
    ("home", lambda c: c.get(reverse("lessons:home"))),
    ("help", lambda c: c.get(reverse("lessons:help"))),
    ("sources", lambda c: c.get(reverse("lessons:sources"))),
    ("privacy", lambda c: c.get(reverse("lessons:privacy"))),
    ("signup", lambda c: c.get(reverse("account_signup"))),
    ("signup with errors", lambda c: c.post(reverse("account_signup"), {})),
    ("login", lambda c: c.get(reverse("account_login"))),
    ("login with errors", lambda c: c.post(reverse("account_login"), {})),
    ("password reset", lambda c: c.get(reverse("account_reset_password"))),
    ("password reset sent", lambda c: c.get(reverse("account_reset_password_done"))),
    (
        "email confirmation sent",
        lambda c: c.get(reverse("account_email_verification_sent")),
    ),
    (
        "email confirmation bad link",
        lambda c: c.get(reverse("account_confirm_email", args=["bad-key"])),
    ),
    (
        "password reset bad link",
        lambda c: c.get(
            reverse("account_reset_password_from_key", args=["1", "bad-token"])
        ),
    ),
    ("not found", lambda c: c.get("/no-such-page/")),
    ("track", lambda c: c.get(reverse("lessons:track", args=["students"]))),
    ("lesson", lambda c: c.get(reverse("lessons:lesson", args=["first-lesson"]))),
    (
        "section with scenario",
        lambda c: c.get(
            reverse("lessons:section", args=["first-lesson", "how-it-starts"])
        ),
    ),
    (
        "section with cards",
        lambda c: c.get(
            reverse("lessons:section", args=["first-lesson", "myth-or-fact"])
        ),
    ),
    (
        "section with helplines",
        lambda c: c.get(reverse("lessons:section", args=["first-lesson", "get-help"])),
    ),
    ("help for a country", lambda c: c.get(reverse("lessons:help"), {"country": "US"})),
    ("quiz", lambda c: c.get(reverse("lessons:lesson_quiz", args=["first-lesson"]))),
    (
        "quiz with errors",
        lambda c: c.post(reverse("lessons:lesson_quiz", args=["first-lesson"]), {}),
    ),
    (
        "knowledge check",
        lambda c: c.get(reverse("lessons:knowledge_check", args=["students", "pre"])),
    ),
    ("verify", lambda c: c.get(reverse("lessons:verify"))),
    ("verify with error", lambda c: c.get(reverse("lessons:verify"), {"code": "x"})),
]


@pytest.fixture(autouse=True)
def content(tmp_path):
    root = content_builder.write(tmp_path / "content")
    content_load(bundle=read_content(root))


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture(params=["visitor", "adult", "student"])
def any_client(request, client):
    if request.param == "visitor":
        return client
    return signed_in(client, request.getfixturevalue(request.param))


@pytest.mark.parametrize(
    ("page", "fetch"), VISITOR_PAGES, ids=[p for p, _ in VISITOR_PAGES]
)
def test_every_page_has_quick_exit_help_and_skip_link(any_client, page, fetch):
    response = fetch(any_client)
    if response.status_code == 302:  # e.g. the sign-in page, once signed in
        response = any_client.get(response["Location"])
    assert response.status_code in (200, 400, 404), page
    html = response.content.decode()
    links = parse(html).links
    quick_exit = [a for a in links if a.get("id") == "quick-exit"]
    assert len(quick_exit) == 1
    assert quick_exit[0]["href"] == settings.QUICK_EXIT_URL
    assert "noreferrer" in quick_exit[0]["rel"]
    assert any(a.get("href") == reverse("lessons:help") for a in links)
    assert any(a.get("href") == "#main" for a in links)
    assert 'id="main"' in html
    assert "js/quick-exit.js" in html


@pytest.mark.parametrize(
    ("page", "fetch"), VISITOR_PAGES, ids=[p for p, _ in VISITOR_PAGES]
)
def test_no_page_loads_anything_from_another_host(any_client, page, fetch):
    response = fetch(any_client)
    if response.status_code == 302:
        response = any_client.get(response["Location"])
    html = response.content.decode()
    assert other_hosts_fetched(html) == []
    parsed = parse(html)
    assert parsed.inline_scripts == 0
    assert parsed.style_attributes == 0


def test_the_external_check_catches_a_cdn_script_font_and_image():
    html = (
        '<script src="https://cdn.example.com/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<img src="http://tracker.example.com/p.gif">'
        '<link rel="canonical" href="https://elsewhere.example.com/">'
        '<script src="/static/ok.js"></script>'
    )
    assert other_hosts_fetched(html) == [
        "https://cdn.example.com/x.js",
        "//fonts.example.com/css",
        "http://tracker.example.com/p.gif",
    ]


@pytest.mark.parametrize(
    "path", ["css/bootstrap.css", "css/site.css", "js/quick-exit.js"]
)
def test_our_static_files_import_nothing_from_another_host(path):
    found = finders.find(path)
    assert found, f"{path} is not served"
    with open(found, encoding="utf-8") as handle:
        text = handle.read()
    assert "@import" not in text
    assert "url(http" not in text.replace(" ", "")
    assert "url(//" not in text.replace(" ", "")


def test_quick_exit_script_replaces_history_and_listens_for_escape():
    with open(finders.find("js/quick-exit.js"), encoding="utf-8") as handle:
        script = handle.read()
    assert "window.location.replace(target)" in script
    assert '"Escape"' in script


DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


@pytest.mark.parametrize(
    ("page", "fetch"), VISITOR_PAGES, ids=[p for p, _ in VISITOR_PAGES]
)
def test_every_page_has_a_meta_description(client, page, fetch):
    response = fetch(client)
    if response.status_code == 302:
        response = client.get(response["Location"])
    [description] = DESCRIPTION.findall(response.content.decode())
    assert len(description.strip()) >= 10, (page, description)


def test_a_lesson_is_described_by_its_own_summary(client):
    from lessons.models import Lesson

    lesson = Lesson.objects.get(slug="first-lesson")
    for url in (
        reverse("lessons:lesson", args=[lesson.slug]),
        reverse("lessons:section", args=[lesson.slug, "how-it-starts"]),
    ):
        [description] = DESCRIPTION.findall(client.get(url).content.decode())
        assert description == escape(lesson.summary)


def test_htmx_is_told_not_to_inject_its_inline_style(client):
    html = client.get(reverse("lessons:home")).content.decode()
    assert '"includeIndicatorStyles":false' in html
    assert " hx-" not in html
