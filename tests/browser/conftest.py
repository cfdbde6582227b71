"""Browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with one line saying why, where /usr/bin/chromium is missing (`.ci/run`
installs it; on a developer's machine: `sudo apt-get install chromium`).
"""

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
HAVE_CHROMIUM = CHROMIUM.exists()
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
# Chromium without the background traffic it would send to Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def pytest_report_header(config):
    if not HAVE_CHROMIUM:
        return (
            f"browser tests: skipped, no Chromium at {CHROMIUM} "
            "(install it with: sudo apt-get install chromium)"
        )
    return f"browser tests: Chromium at {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the test itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Requests:
    """Every request a page makes, to check none leaves the site; and every answer
    it gets, to check none is a server error."""

    def __init__(self, origin: str) -> None:
        self.origin = urlsplit(origin).netloc
        self.elsewhere: list[str] = []
        self.server_errors: list[str] = []

    def response(self, response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def __call__(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.netloc != self.origin:
            self.elsewhere.append(request.url)


@pytest.fixture
def site(live_server, transactional_db):
    """The live site with the real content loaded."""
    from lessons.content.load import content_load
    from lessons.content.validate import read_content

    content_load(bundle=read_content(settings.CONTENT_ROOT))
    return live_server.url


@pytest.fixture
def new_page(browser, site):
    """Open pages at a viewport, in the system's light or dark colour scheme,
    recording every request they make."""
    contexts = []

    def make(
        viewport: str = "desktop",
        javascript: bool = True,
        color_scheme: str = "light",
        locale: str = "en-GB",
    ):
        # color_scheme is the system's setting the page sees ("light" or "dark");
        # locale, the browser's language (its Accept-Language).
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=javascript,
            color_scheme=color_scheme,
            locale=locale,
        )
        contexts.append(context)
        page = context.new_page()
        page.requests = Requests(site)
        page.on("request", page.requests)
        page.on("response", page.requests.response)
        pages.append(page)
        return page

    pages = []
    yield make
    for context in contexts:
        context.close()
    assert [e for page in pages for e in page.requests.server_errors] == []


PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files as deployed: collected with hashed names, gzip and Brotli
    copies (README, Deploying)."""
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def production_site(site, collected_static):
    """The live site with its static files served as in production: by WhiteNoise
    from the collected files (compressed, cached for ever), with debug off. The
    usual live server serves them from the finders, uncompressed."""
    from django.db import connections
    from django.test import override_settings
    from django.test.testcases import LiveServerThread

    shared = {
        c.alias: c
        for c in connections.all()
        if c.vendor == "sqlite" and c.is_in_memory_db()
    }
    with override_settings(
        STATIC_ROOT=collected_static, STORAGES=PRODUCTION_STATIC, DEBUG=False
    ):
        server = LiveServerThread("127.0.0.1", lambda handler: handler, shared)
        server.daemon = True
        for connection in shared.values():
            connection.inc_thread_sharing()
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.terminate()
            # Its request threads may still be closing the shared connection.
            for thread in threading.enumerate():
                if "process_request_thread" in thread.name:
                    thread.join(timeout=5)
            for connection in shared.values():
                connection.dec_thread_sharing()
