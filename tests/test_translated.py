"""The Spanish edition shows no English: every page type, rendered in Spanish from a
pseudo-translation, has no visible text outside the pseudo-translation's marks.

The interface's catalogue is marked in memory (each translated string becomes
"⟦...⟧"), the content is the builder's pseudo-Spanish (tests/lessons/content_builder
.py: every text of the English files, marked), so any word left outside a mark is
a string the page does not translate: one not wrapped for translation, or one the
catalogue lacks. Names and codes that people and schools chose themselves, help
lines' and sources' own names, and passages marked as another language
(`lang="en"`) are not interface text and are left out of the check.
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.template import loader
from django.utils import translation
from django.utils.translation import trans_real

from accounts.models import User
from lessons.models import Certificate, Helpline, Source
from schools.models import AuditEntry, School, SchoolClass
from tests.lessons.pseudo_translation import CLOSE, OPEN, marked
from tests.test_html_valid import pages

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "locale/es/LC_MESSAGES/django.po"
# Attributes a reader hears or sees as text.
TEXT_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
# Words Spanish dates and numbers carry from Django's locale formats, not from a
# catalogue ("1 de diciembre de 2026").
FORMAT_WORDS = {"de"}


@pytest.fixture
def pseudo_spanish():
    """The Spanish catalogue with every translation marked, for this test."""
    trans_real._translations.pop("es", None)
    catalogue = trans_real.translation("es")._catalog
    for key in list(catalogue.keys()):
        if key and catalogue[key]:
            catalogue[key] = marked(catalogue[key])
    yield
    trans_real._translations.pop("es", None)


class VisibleText(HTMLParser):
    """The text a reader sees or hears, outside scripts, styles and passages in
    another language."""

    SKIPPED = {"script", "style", "template"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "col"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # for each open element: skipped?

    @property
    def _skipping(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang")
        skip = tag in self.SKIPPED or (language is not None and language != "es")
        if not self._skipping and not skip:
            self.parts += [
                value or ""
                for name, value in attrs
                if name in TEXT_ATTRIBUTES
                or (
                    name == "value"
                    and tag == "input"
                    and attributes.get("type") == "submit"
                )
            ]
        if tag not in self.VOID:
            self._stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def unmarked_words(html: str, allowed: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        stripped = inner.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(value, " ")
    # Addresses shown as text (a link to check a certificate, a help line's site).
    text = re.sub(r"\S+://\S+|\b[\w-]+(\.[\w-]+)+(/\S*)?", " ", text)
    return [
        word
        for word in re.findall(r"[^\W\d_]{2,}", text)
        if word.lower() not in FORMAT_WORDS
    ]


def chosen_names() -> set[str]:
    """What people, schools and sources named themselves: not interface text."""
    values = set()
    for user in User.objects.all():
        values |= {user.display_name, user.username, user.email}
    values |= set(School.objects.values_list("name", flat=True))
    values |= set(School.objects.values_list("slug", flat=True))
    for school_class in SchoolClass.objects.all():
        values |= {school_class.name, school_class.year_group, school_class.join_code}
    values |= set(Certificate.objects.values_list("code", flat=True))
    values |= set(Helpline.objects.values_list("name", flat=True))
    # What a staff member did, recorded as it was said at the time.
    values |= set(AuditEntry.objects.values_list("subject_label", flat=True))
    for source in Source.objects.all():
        values |= {source.organisation, source.title, source.url}
    # A school's LMS, as its admin registered it, and what the LMS calls its parts.
    from lti.models import Deployment, Registration

    for registration in Registration.objects.all():
        values |= {registration.name, registration.issuer, registration.client_id}
        values |= {registration.login_url, registration.token_url}
        values |= {registration.jwks_url}
        values |= set(registration.origins)
    values |= set(Deployment.objects.values_list("deployment_id", flat=True))
    values.add(settings.QUICK_EXIT_URL)
    return {value for value in values if value}


def test_every_page_type_in_spanish_shows_no_english(client, world, pseudo_spanish):
    allowed = chosen_names()
    found = {}
    count = 0
    for name, html in pages(client, world, language="es"):
        count += 1
        assert '<html lang="es"' in html, name
        words = unmarked_words(html, allowed)
        if words:
            found[name] = sorted(set(words))
    assert count >= 40
    assert found == {}, "\n".join(f"{page}: {words}" for page, words in found.items())


def test_the_server_error_page_in_spanish_shows_no_english(pseudo_spanish):
    with translation.override("es"):
        html = loader.get_template("500.html").render()
    assert '<html lang="es"' in html
    assert 'href="/es/help/"' in html
    assert unmarked_words(html, set()) == []


def test_the_check_finds_english_left_in_a_page():
    """The check above can fail: an English word outside the marks is found, a
    marked one, a chosen name and a passage in English are not."""
    html = (
        f'<p>{marked("Hola")} Sign in</p><p title="Close">{marked("x")}</p>'
        '<p lang="en">Samaritans, open every day</p><p>Ana</p>'
        "<script>var english = 1;</script>"
    )
    assert unmarked_words(html, {"Ana"}) == ["Sign", "in", "Close"]


def test_the_spanish_catalogue_is_complete_and_keeps_every_placeholder():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.obsolete_entries() == []
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = []
    for entry in catalogue:
        wanted = sorted(placeholder.findall(entry.msgid))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [
            (entry.msgid, text)
            for text in strings
            if sorted(placeholder.findall(text)) != wanted
        ]
    assert wrong == []
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_the_spanish_catalogue_is_valid_for_gnu_gettext_too():
    """msgmerge (makemessages) must be able to read it: polib is more lenient."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    run = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
