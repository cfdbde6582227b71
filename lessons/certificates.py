"""Certificates as PDF documents, the form of their verification codes, and the QR
code of the link that checks one."""

import re

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from core.codes import CODE_ALPHABET
from core.qr import dark_runs, qr_matrix
from core.site import site_name
from lessons.models import Certificate
from lessons.pdf import add_roboto

CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{12}}$")
QR_SIZE_MM = 30  # on the PDF: about 0.8 mm a module for a link of ~60 characters


def normalise_code(raw: str) -> str | None:
    """'abcd efgh-jkmn' -> 'ABCD-EFGH-JKMN'; None if it cannot be a code at all."""
    compact = re.sub(r"[\s-]", "", raw or "").upper()
    if not CODE_PATTERN.match(compact):
        return None
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"


def _draw_qr(pdf: FPDF, data: str, *, x: float, y: float, size: float) -> None:
    """Draw the QR code of `data` as filled rectangles (vector, crisp at any zoom),
    one per run of dark modules in a row, on a white square."""
    matrix = qr_matrix(data)
    module = size / len(matrix)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, start, length in dark_runs(matrix):
        pdf.rect(
            x + start * module, y + row * module, length * module, module, style="F"
        )


def certificate_pdf(
    certificate: Certificate, *, verify_url: str, language: str = ""
) -> bytes:
    """An A4 landscape certificate: name, track, date, the verification code, and
    the link that checks it (`verify_url`, absolute, with the code) as text and as
    a QR code; in `language` (the learner's, from their profile), else in the
    language of the page that asked for it."""
    with translation.override(language or translation.get_language()):
        return _certificate_pdf(certificate, verify_url=verify_url)


def _certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_lang(translation.get_language())
    pdf.set_title(_("Certificate: %(track)s") % {"track": certificate.track.title})
    pdf.set_author(site_name())
    pdf.set_creator(site_name())
    add_roboto(pdf)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()

    pdf.set_draw_color(26, 79, 160)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    width = pdf.w - 40
    pdf.set_xy(20, 32)
    pdf.set_font("Roboto", "", 16)
    pdf.cell(width, 10, site_name(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("Roboto", "B", 34)
    pdf.cell(
        width,
        22,
        _("Certificate of completion"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_x(20)
    pdf.set_font("Roboto", "", 15)
    pdf.cell(
        width, 10, _("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(20)
    pdf.set_font("Roboto", "B", 28)
    pdf.cell(width, 18, certificate.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("Roboto", "", 15)
    pdf.cell(
        width,
        10,
        _("has completed every lesson of"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(20)
    pdf.set_font("Roboto", "B", 20)
    pdf.cell(
        width, 14, certificate.track.title, align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(20)
    pdf.set_font("Roboto", "", 15)
    issued = formats.date_format(certificate.issued_at, "j F Y")
    pdf.cell(
        width,
        10,
        _("on %(date)s") % {"date": issued},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    pdf.set_xy(20, pdf.h - 42)
    pdf.set_font("Roboto", "", 12)
    pdf.cell(
        width,
        7,
        _("Verification code: %(code)s") % {"code": certificate.code},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    # The QR code in the bottom right corner, inside the frame, with its caption;
    # the link, centred on the page, shrinks to keep clear of it.
    qr_x, qr_y = pdf.w - 18 - QR_SIZE_MM, pdf.h - 24 - QR_SIZE_MM
    room = 2 * (qr_x - 4 - pdf.w / 2)
    link_text = _("Check it at %(link)s") % {"link": verify_url}
    size = 12
    while size > 7 and pdf.get_string_width(link_text) > room:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.set_x(20)
    pdf.cell(width, 7, link_text, align="C", link=verify_url)

    _draw_qr(pdf, verify_url, x=qr_x, y=qr_y, size=QR_SIZE_MM)
    pdf.link(qr_x, qr_y, QR_SIZE_MM, QR_SIZE_MM, verify_url)
    pdf.set_xy(qr_x, qr_y + QR_SIZE_MM)
    pdf.set_font("Roboto", "", 9)
    pdf.cell(QR_SIZE_MM, 5, _("Scan to check"), align="C")
    return bytes(pdf.output())
