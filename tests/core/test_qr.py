"""QR codes as inline SVG (core/qr.py)."""

import re

import qrcode
from qrcode.image.svg import SvgPathImage

from core.qr import qr_svg

TEXT = "http://testserver/join/?code=ACDE34"


def dark_modules_of_our_svg(svg: str) -> set[tuple[int, int]]:
    modules = set()
    for x, y, run in re.findall(r"M(\d+),(\d+)h(\d+)", svg):
        modules |= {(int(x) + i, int(y)) for i in range(int(run))}
    return modules


def test_the_code_has_the_modules_the_qrcode_library_draws():
    reference = qrcode.make(
        TEXT,
        image_factory=SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    ).to_string(encoding="unicode")
    expected = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", reference)}
    assert expected
    assert dark_modules_of_our_svg(qr_svg(TEXT, label="QR")) == expected


def test_the_svg_is_named_sized_by_css_and_has_no_style_or_id():
    svg = qr_svg(TEXT, label='Scan "me" <now>')
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-label="Scan &quot;me&quot; &lt;now&gt;"' in svg
    assert 'class="qr-code"' in svg
    opening = svg[: svg.index(">")]
    assert "width" not in opening and "height" not in opening  # CSS sizes it
    assert "style=" not in svg and " id=" not in svg
    # A white quiet zone of 4 modules: the first dark module is at (4, 4).
    assert '<rect width="37" height="37" fill="#fff"/>' in svg
    assert 'd="M4,4h7v1h-7z' in svg
