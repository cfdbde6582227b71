"""The helplines reader: each helpline has what a reader needs to reach it."""

import pytest
import yaml

from tests.lessons import content_builder
from tests.lessons.content_builder import problems, yaml_with


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("for", "a helpline of GB ('CEOP Safety Centre') has no 'for'"),
        ("description", "a helpline of GB ('CEOP Safety Centre') has no 'description'"),
        ("source", "a helpline of GB ('CEOP Safety Centre') has no 'source'"),
        ("url", "helpline 'CEOP Safety Centre' (GB) has none of url, phone, text"),
    ],
)
def test_a_missing_helpline_field_fails(tmp_path, field, message):
    helplines = yaml.safe_load(yaml.safe_dump(content_builder.HELPLINES))
    del helplines["countries"][0]["lines"][0][field]
    found = problems(tmp_path, yaml_with("en/helplines.yaml", helplines))
    assert len(found) == 1
    assert message in found[0]
    assert found[0].startswith("content/en/helplines.yaml:")
