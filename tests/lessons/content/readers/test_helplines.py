"""The helplines reader: each helpline has what a reader needs to reach it."""

import pytest
import yaml

from lessons.content.validate import read_content
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


def helplines_changed(change) -> dict[str, str]:
    """A change to the tree: the fixture's helplines, changed in place by `change`."""
    helplines = yaml.safe_load(yaml.safe_dump(content_builder.HELPLINES))
    change(helplines["countries"])
    return yaml_with("en/helplines.yaml", helplines)


def test_the_fixture_has_every_kind_of_help_or_says_why_not(tmp_path):
    bundle = read_content(content_builder.write(tmp_path / "content"))
    assert bundle.problems == []
    assert [str(n) for n in bundle.notices] == [
        "content/en/helplines.yaml:39: US has no helpline for children and young "
        "people: None is in the facts sheets."
    ]


def test_a_helpline_without_kinds_fails(tmp_path):
    def change(countries):
        del countries[0]["lines"][3]["kinds"]

    found = problems(tmp_path, helplines_changed(change))
    assert any("helpline 'Take It Down' has no kinds" in p for p in found)


def test_an_unknown_kind_of_help_fails(tmp_path):
    def change(countries):
        countries[0]["lines"][3]["kinds"] = ["removal", "takedown"]

    found = problems(tmp_path, helplines_changed(change))
    assert found == [
        "content/en/helplines.yaml:31: helpline 'Take It Down': unknown kind 'takedown'"
    ]


def test_a_country_without_a_kind_of_help_fails_and_names_it(tmp_path):
    def change(countries):
        del countries[0]["lines"][3]  # GB's only removal tool

    found = problems(tmp_path, helplines_changed(change))
    assert len(found) == 1
    assert "GB has no tool to get pictures taken down ('removal')" in found[0]
    assert "say under 'missing' why there is none" in found[0]


def test_a_kind_listed_as_missing_is_a_notice_not_a_problem(tmp_path):
    def change(countries):
        del countries[0]["lines"][3]
        countries[0]["missing"] = {"removal": "No verified tool was found."}

    root = content_builder.write(tmp_path / "content", helplines_changed(change))
    bundle = read_content(root)
    assert bundle.problems == []
    assert any(
        "GB has no tool to get pictures taken down: No verified tool was found."
        in str(n)
        for n in bundle.notices
    )


def test_missing_needs_a_reason(tmp_path):
    def change(countries):
        del countries[0]["lines"][3]
        countries[0]["missing"] = {"removal": ""}

    found = problems(tmp_path, helplines_changed(change))
    assert any("missing of GB: say why there is no 'removal'" in p for p in found)


def test_a_kind_listed_as_missing_that_is_there_fails(tmp_path):
    def change(countries):
        countries[0]["missing"] = {"removal": "None found."}

    found = problems(tmp_path, helplines_changed(change))
    assert found == [
        "content/en/helplines.yaml:2: GB lists 'removal' as missing but has such a line"
    ]


def test_a_country_with_no_line_open_at_any_hour_fails(tmp_path):
    def change(countries):
        countries[1]["lines"][1]["always_open"] = False

    found = problems(tmp_path, helplines_changed(change))
    assert len(found) == 1
    assert "US has no crisis line or child helpline marked always_open" in found[0]


def test_a_crisis_line_without_hours_fails(tmp_path):
    def change(countries):
        del countries[0]["lines"][1]["hours"]

    found = problems(tmp_path, helplines_changed(change))
    assert found == [
        "content/en/helplines.yaml:12: helpline 'Samaritans' (GB) says when it is "
        "open (hours)"
    ]


def test_a_line_cited_to_a_secondary_source_needs_its_caveat(tmp_path):
    sources = [dict(s) for s in content_builder.SOURCES]
    sources[1]["certainty"] = "secondary"  # cited by CEOP, Samaritans, Childline
    found = problems(tmp_path, {"sources.yaml": yaml.safe_dump(sources)})
    assert sum("is cited to a secondary source" in p for p in found) == 3
