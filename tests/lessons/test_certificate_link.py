"""Certificates that verify in one step: the page and the PDF carry a link with the
code in it and a QR code of exactly that link; opening it shows the result."""

import io
import logging
import re
from urllib.parse import urlencode

import pytest
import qrcode
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ContentStream

from core.codes import CODE_ALPHABET
from core.qr import qr_svg
from lessons.models import Certificate, Lesson
from lessons.views.certificates import CODE_NOT_FOUND, MALFORMED_CODE
from tests import factories
from tests.html import parse
from tests.lessons.quiz_helpers import pass_lesson_quiz

pytestmark = pytest.mark.django_db

RETYPE_HINT = "If you opened a link or scanned a QR code, type the code printed"


@pytest.fixture
def certificate(client, content) -> Certificate:
    """A parent who completed the builder tree's one-lesson track, signed in."""
    user = factories.AdultFactory(display_name="Zoë Ångström")
    client.force_login(user)
    for section in Lesson.objects.get(slug="first-lesson").sections.all():
        client.get(section.get_absolute_url())
    pass_lesson_quiz(client, "first-lesson")
    return Certificate.objects.get(learner=user)


def link_of(certificate: Certificate) -> str:
    query = urlencode({"code": certificate.code})
    return f"http://testserver{reverse('lessons:verify')}?{query}"


def modules(data: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) of the QR code of `data`, made here with
    qrcode itself, quiet zone excluded: what a reader would find."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return {
        (row, column)
        for row, line in enumerate(code.get_matrix())
        for column, dark in enumerate(line)
        if dark
    }


def svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules drawn by core.qr's one-path SVG: one 'M x,y h n v1 h-n z'
    run of n modules per subpath, in module units, offset by the quiet zone of 4."""
    path = re.search(r'<path fill="#000" d="([^"]+)"', svg)[1]
    runs = re.findall(r"M(\d+),(\d+)h(\d+)v1", path)
    return {
        (int(y) - 4, int(x) - 4 + step) for x, y, n in runs for step in range(int(n))
    }


def the_svg(html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(found) == 1, found
    return found[0]


# The certificate page


def test_certificate_page_links_the_check_with_its_code(client, certificate):
    html = client.get(certificate.get_absolute_url()).content.decode()
    link = link_of(certificate)
    assert link == (f"http://testserver/certificates/verify/?code={certificate.code}")
    assert f'href="{link}"' in html
    assert f">{link}</a>" in html
    assert "Check it at http://testserver/certificates/verify/</p>" not in html


def test_certificate_page_qr_code_is_that_link_and_nothing_else(client, certificate):
    html = client.get(certificate.get_absolute_url()).content.decode()
    svg = the_svg(html)
    link = link_of(certificate)
    # Made by qrcode from exactly the link: the same markup regenerated, and the
    # same modules as qrcode's own matrix of the link (not of the bare address).
    assert svg == qr_svg(
        link,
        label="QR code of the link that checks this certificate",
        css_class="certificate-qr",
    )
    assert svg_modules(svg) == modules(link)
    assert svg_modules(svg) != modules(link_of(certificate).split("?")[0])
    assert 'role="img"' in svg
    assert 'aria-label="QR code of the link that checks this certificate"' in svg
    assert "Scan to check" in html


def test_certificate_page_qr_code_obeys_the_content_security_policy(
    client, certificate
):
    response = client.get(certificate.get_absolute_url())
    html = response.content.decode()
    assert parse(html).style_attributes == 0
    assert parse(html).inline_scripts == 0
    svg = the_svg(html)
    assert "<image" not in svg and "href" not in svg  # nothing fetched
    assert 'fill="#fff"' in svg  # readable in a dark colour mode too


def test_qr_svg_escapes_its_label():
    svg = qr_svg("https://example.org/", label='"><script>x</script>')
    assert "<script>" not in svg
    assert 'aria-label="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in svg


# Opening the link


def test_opening_the_link_shows_the_valid_result_in_one_request(client, certificate):
    link = link_of(certificate)
    html = client.get(certificate.get_absolute_url()).content.decode()
    href = re.search(r'class="certificate-verify-link" href="([^"]+)"', html)[1]
    assert href == link
    checker = Client()  # anyone, signed out, who scanned the QR code
    response = checker.get(href.removeprefix("http://testserver"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine." in page
    assert "Zoë Ångström" in page
    assert "For students" in page
    assert certificate.code in page
    assert "alert-danger" not in page


@pytest.mark.parametrize("position", [0, 6, 13])
def test_a_tampered_code_in_the_link_is_a_404_with_a_clear_message(
    client, certificate, position
):
    code = certificate.code
    # Another letter of the code alphabet: still a well-formed code.
    swapped = next(c for c in CODE_ALPHABET if c != code[position])
    tampered = code[:position] + swapped + code[position + 1 :]
    response = Client().get(reverse("lessons:verify"), {"code": tampered})
    page = response.content.decode()
    assert response.status_code == 404
    assert str(CODE_NOT_FOUND) in page
    assert RETYPE_HINT in page
    assert "This certificate is genuine." not in page


MALFORMED = {
    "cut short": lambda code: code[:-2],
    "a digit added": lambda code: code + "0",
    "another parameter": lambda code: code + "&code=x",
    "markup": lambda code: code + "<b>",
}


@pytest.mark.parametrize("change", MALFORMED)
def test_a_malformed_code_in_the_link_is_a_400_with_a_clear_message(
    client, certificate, change
):
    value = MALFORMED[change](certificate.code)
    response = Client().get(f"{reverse('lessons:verify')}?{urlencode({'code': value})}")
    page = response.content.decode()
    assert response.status_code == 400
    assert str(MALFORMED_CODE) in page
    assert RETYPE_HINT in page
    assert "This certificate is genuine." not in page
    assert "<b>" not in page


# The PDF


def pdf_page(client, certificate):
    response = client.get(reverse("lessons:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content)).pages[0]


def test_pdf_carries_the_link_with_its_code_as_text_and_as_a_link(client, certificate):
    page = pdf_page(client, certificate)
    link = link_of(certificate)
    text = page.extract_text()
    assert f"Check it at {link}" in text
    assert "Scan to check" in text
    uris = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
    assert uris == [link, link]  # the printed link and the QR code, clickable


def test_pdf_draws_the_qr_code_of_exactly_that_link(client, certificate):
    """Read the QR code back from the page's drawing: a white square, and black
    rectangles (one per run of dark modules in a row) on it."""
    page = pdf_page(client, certificate)
    rects = [
        [float(n) for n in operands]
        for operands, operator in ContentStream(
            page.get_contents(), page.pdf
        ).operations
        if operator == b"re"
    ]
    squares = [r for r in rects if abs(r[2] + r[3]) < 0.01 and 80 < r[2] < 90]
    assert len(squares) == 1, squares  # 30 mm = 85.04 pt
    left, top, size, _ = squares[0]
    link = link_of(certificate)
    count = max(max(module) for module in modules(link)) + 1 + 2 * 4
    module = size / count
    drawn = set()
    for x, y, width, height in rects:
        inside = left <= x < left + size and top - size < y <= top
        if not inside or [x, y, width, height] == squares[0]:
            continue
        row = round((top - y) / module) - 4
        start = round((x - left) / module) - 4
        assert abs(-height - module) < 0.05
        drawn |= {(row, start + n) for n in range(round(width / module))}
    assert drawn == modules(link)


def test_pdf_download_writes_no_font_subsetting_lines_to_the_log(
    client, certificate, caplog
):
    with caplog.at_level(logging.DEBUG):
        pdf_page(client, certificate)
    assert [r for r in caplog.records if r.name.startswith("fontTools")] == []
    assert logging.getLogger("fontTools").getEffectiveLevel() == logging.WARNING


# Query counts


def test_certificate_page_queries_are_pinned(client, certificate):
    """Session, user, the certificate with its track; the QR code costs none."""
    from tests.queries import page_queries

    assert len(page_queries(client, certificate.get_absolute_url())) == 3


def test_verify_link_queries_are_pinned(client, certificate):
    """A signed-out check: the certificate with its track (the rate limit is
    counted in the cache)."""
    from tests.queries import page_queries

    assert len(page_queries(Client(), link_of(certificate))) == 1
