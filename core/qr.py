"""QR codes drawn on the server: no image library, no outside service.

The `qrcode` package computes the modules (medium error correction: a code survives
a crease or a smudge on paper; the smallest version that holds the text). Here they
become inline SVG with no fixed size (CSS sizes it), no `id` (a page may show it
twice), no `style` attribute (the CSP forbids them) and a white quiet zone, so that
it scans in dark mode and in print; or runs of dark modules that a PDF draws as
rectangles (lessons/certificates.py).
"""

from collections.abc import Iterator

import qrcode
from django.utils.html import format_html
from django.utils.safestring import SafeString

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of `text`'s QR code, quiet zone included (True is dark)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE
    )
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def dark_runs(matrix: list[list[bool]]) -> Iterator[tuple[int, int, int]]:
    """(row, first column, length) of each run of dark modules in a row."""
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            yield y, start, x - start


def qr_svg(text: str, *, label: str, css_class: str = "qr-code") -> SafeString:
    """`text` as a QR code: an inline `<svg>` named `label` for screen readers."""
    matrix = qr_matrix(text)
    path = "".join(f"M{x},{y}h{n}v1h-{n}z" for y, x, n in dark_runs(matrix))
    size = len(matrix)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'class="{css_class}" role="img" aria-label="{label}" '
        'shape-rendering="crispEdges">'
        '<rect width="{size}" height="{size}" fill="#fff"/>'
        '<path fill="#000" d="{path}"/></svg>',
        size=size,
        css_class=css_class,
        label=label,
        path=path,
    )
