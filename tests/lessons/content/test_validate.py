"""`load_content --check` reads the whole tree and prints each problem."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.lessons import content_builder
from tests.lessons.content_builder import lesson_with, problems


def test_the_builder_tree_is_valid(tmp_path):
    assert problems(tmp_path) == []


def test_check_command_exits_non_zero_and_prints_each_problem(tmp_path, capsys):
    root = content_builder.write(
        tmp_path / "content", lesson_with("[@fbi-2024-threat]", "[@missing]")
    )
    with pytest.raises(CommandError, match=r"1 problem\(s\) in the content"):
        call_command("load_content", "--check", "--root", str(root))
    assert "unknown source id 'missing'" in capsys.readouterr().err


def test_check_command_passes_a_valid_tree_and_writes_nothing(tmp_path, capsys, db):
    from lessons.models import Lesson

    root = content_builder.write(tmp_path / "content")
    call_command("load_content", "--check", "--root", str(root))
    assert "Content is valid: 1 tracks, 1 lessons" in capsys.readouterr().out
    assert not Lesson.objects.exists()


def test_check_prints_what_help_a_country_lacks_and_still_passes(tmp_path):
    root = content_builder.write(tmp_path / "content")
    out = StringIO()
    call_command("load_content", "--check", "--root", str(root), stdout=out)
    assert (
        "note: content/en/helplines.yaml:39: US has no helpline for children and "
        "young people: None is in the facts sheets." in out.getvalue()
    )
    assert "Content is valid" in out.getvalue()
