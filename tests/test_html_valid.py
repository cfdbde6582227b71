"""Every page type is valid HTML: the Nu HTML Checker (the W3C validator), run once
over the page each role gets from every named URL of the site (the Django admin's
own pages aside) and the sign-in, error and form-with-errors pages.

The checker is the jar of the vnu-jar npm package, installed by `make install-dev`
(pinned in the Makefile) and run on Java; without either the test is skipped and
says which is missing."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from elearning.access import rules_of
from tests.test_access import ACCESS, url_of

VNU_JAR = Path(settings.BASE_DIR) / ".venv/node/node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = pytest.mark.django_db


def checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed: the Nu HTML Checker needs it")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} is missing: run `make install-dev` (needs npm)")
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def pages(client, world, language: str = "en"):
    """(name, HTML) of each page the site renders, as a role allowed to see it, at
    its address in `language` (English: the site's first addresses; else /es/...)."""
    users, kwargs = world
    prefix = "" if language == "en" else f"/{language}"
    for name in sorted(ACCESS):
        if name.startswith("admin:"):
            continue
        [get] = [rule for rule in rules_of(name) if rule.method == "GET"] or [None]
        if get is None:
            continue
        role = next(
            (r for r in users if get.expected(r) == 200 and r != "deactivated"), None
        )
        if role is None:
            continue
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        with translation.override(language):
            url = url_of(name, kwargs)
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            yield f"{name} as {role}", response.content.decode()
    client.logout()
    yield "not found", client.get(f"{prefix}/no-such-page/").content.decode()
    yield (
        "sign-in with errors",
        client.post(prefix + reverse("account_login"), {}).content.decode(),
    )
    yield (
        "sign-up with errors",
        client.post(prefix + reverse("account_signup"), {}).content.decode(),
    )


def html_errors(pages, folder: Path) -> list[str]:
    """The Nu HTML Checker's errors in each (name, HTML) page, as "name, line N:
    message"; written to `folder` first."""
    command = checker()
    files = {}
    for number, (name, html) in enumerate(pages):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html)
        files[path.name] = name
    assert files, "no pages to check"
    run = subprocess.run(
        [
            *command,
            "--errors-only",
            "--format",
            "json",
            *map(str, folder.glob("page-*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # It prints {"messages": [...]} when it found something, nothing when not; its
    # exit status says which (and a crash is neither).
    output = run.stderr.strip() or run.stdout.strip()
    messages = json.loads(output)["messages"] if output else []
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}, "
        f"line {m.get('lastLine')}: " + m["message"]
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors or run.returncode == 0, output
    return errors


def test_every_page_type_is_valid_html(client, world, tmp_path):
    checked = list(pages(client, world))
    assert len(checked) >= 40, sorted(name for name, _html in checked)
    errors = html_errors(checked, tmp_path)
    assert errors == [], "\n".join(errors)


def test_the_checker_reports_invalid_markup(tmp_path):
    """The check above can fail: an attribute the HTML standard does not have (as
    htmx's hx-post was) and a misnested tag are errors."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        '<form hx-post="/x"><p>x<div></p></form></body></html>'
    )
    run = subprocess.run(
        [*checker(), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    assert run.returncode == 1
    assert any("hx-post" in m["message"] for m in messages)
