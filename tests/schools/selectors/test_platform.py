"""The platform overview's order, from the page's query string."""

import pytest

from schools.selectors.platform import platform_order


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("name", ("name", False)),
        ("-learners", ("learners", True)),
        ("last_activity", ("last_activity", False)),
        ("-password", ("name", False)),
        ("", ("name", False)),
    ],
)
def test_an_order_is_a_column_and_a_direction_or_by_name(value, expected):
    assert platform_order(value) == expected
