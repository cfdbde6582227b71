"""The track reader: the track's objectives cover every coverage tag."""

from tests.lessons.content_builder import lesson_with, problems


def test_an_uncovered_coverage_tag_fails(tmp_path):
    found = problems(tmp_path, lesson_with("helping-a-friend, ", ""))
    assert found == [
        "content/en/students/track.yaml:1: no objective in this track covers "
        "'helping-a-friend'"
    ]
