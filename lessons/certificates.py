"""Certificates as PDF documents, and the form of their verification codes."""

import re

import font_roboto
from django.conf import settings
from django.utils import formats
from fpdf import FPDF

from core.codes import CODE_ALPHABET
from lessons.models import Certificate

CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{12}}$")


def normalise_code(raw: str) -> str | None:
    """'abcd efgh-jkmn' -> 'ABCD-EFGH-JKMN'; None if it cannot be a code at all."""
    compact = re.sub(r"[\s-]", "", raw or "").upper()
    if not CODE_PATTERN.match(compact):
        return None
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """An A4 landscape certificate: name, track, date and the verification code."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate: {certificate.track.title}")
    pdf.set_author(settings.SITE_NAME)
    pdf.set_creator(settings.SITE_NAME)
    pdf.add_font("Roboto", "", font_roboto.Roboto)
    pdf.add_font("Roboto", "B", font_roboto.RobotoBold)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()

    pdf.set_draw_color(26, 79, 160)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    width = pdf.w - 40
    pdf.set_xy(20, 32)
    pdf.set_font("Roboto", "", 16)
    pdf.cell(width, 10, settings.SITE_NAME, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("Roboto", "B", 34)
    pdf.cell(
        width, 22, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.set_x(20)
    pdf.set_font("Roboto", "", 15)
    pdf.cell(width, 10, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("Roboto", "B", 28)
    pdf.cell(width, 18, certificate.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("Roboto", "", 15)
    pdf.cell(
        width,
        10,
        "has completed every lesson of",
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
    pdf.cell(width, 10, f"on {issued}", align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_xy(20, pdf.h - 42)
    pdf.set_font("Roboto", "", 12)
    pdf.cell(
        width,
        7,
        f"Verification code: {certificate.code}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(20)
    pdf.cell(width, 7, f"Check it at {verify_url}", align="C")
    return bytes(pdf.output())
