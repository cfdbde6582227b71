"""The sources reader: each source once, with what a reader needs to find it."""

import yaml

from tests.lessons import content_builder
from tests.lessons.content_builder import problems


def sources_with(*extra: dict) -> dict[str, str]:
    return {"sources.yaml": yaml.safe_dump([*content_builder.SOURCES, *extra])}


def test_a_source_listed_twice_under_two_ids_fails(tmp_path):
    copy = {**content_builder.SOURCES[0], "id": "ncmec-copy"}
    found = problems(tmp_path, sources_with(copy))
    assert len(found) == 1
    assert (
        "source 'ncmec-copy' has the url of source 'ncmec-2024-new-data': cite that one"
        in found[0]
    )


def test_a_source_id_used_twice_fails(tmp_path):
    found = problems(tmp_path, sources_with(dict(content_builder.SOURCES[0])))
    assert len(found) == 1
    assert "source id 'ncmec-2024-new-data' is used twice" in found[0]
