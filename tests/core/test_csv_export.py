"""CSV cells a spreadsheet would run as a formula are neutralised; numbers are not."""

import pytest

from core.csv_export import safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+58", "+58"),
        ("-12", "-12"),
        ("+0.36", "+0.36"),
        ("-8%", "-8%"),
        ("-8%+1", "'-8%+1"),
        ("-0.5+1", "'-0.5+1"),
        ("58%", "58%"),
        (None, ""),
        (7, 7),
    ],
)
def test_formulas_are_quoted_and_signed_numbers_kept(value, written):
    assert safe_cell(value) == written
