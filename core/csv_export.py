"""CSV downloads that open safely in a spreadsheet."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

# A cell a spreadsheet would run as a formula: neutralised with a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number ("+58" points, "+0.36" a correlation, "-8%") is read as that
# number, not run as a formula.
SIGNED_NUMBER = re.compile(r"[+-]\d{1,9}(\.\d{1,9})?%?")


def safe_cell(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return "" if value is None else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The file's text, BOM first so that spreadsheets read it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def csv_text_response(filename: str, text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    return csv_text_response(filename, csv_text(header, rows))
