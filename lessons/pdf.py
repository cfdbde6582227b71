"""What every PDF the site makes shares (certificates, packs): the Roboto family,
embedded, in its four styles."""

import logging

import font_roboto
from fpdf import FPDF

FONT = "Roboto"
# fpdf2 subsets the fonts with fontTools, which logs some 70 lines at INFO for every
# PDF made; only its warnings are worth a line in the server log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def add_roboto(pdf: FPDF) -> None:
    for style, font in (
        ("", font_roboto.Roboto),
        ("B", font_roboto.RobotoBold),
        ("I", font_roboto.RobotoItalic),
        ("BI", font_roboto.RobotoBoldItalic),
    ):
        pdf.add_font(FONT, style, font)
