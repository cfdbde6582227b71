"""No copied passages: a run of 10 or more words shared with a seed document fails."""

import copy
from pathlib import Path

import pytest
from django.conf import settings

from lessons.content.copying import MIN_SHARED, SEEDS_FOLDER, shared_runs, words
from tests.lessons import content_builder
from tests.lessons.content_builder import lesson_with, problems, yaml_with

SEED = (
    "Offenders often move the chat to another app, then threaten to share the "
    "picture with friends and family unless they are paid."
)
SEED_FILE = {f"{SEEDS_FOLDER}/seed-test.txt": SEED}
LESSON_LINE = "It is never your fault. Do not pay [@fbi-2024-threat]."


def _lesson_problems(tmp_path: Path, text: str) -> list[str]:
    """The tree's problems, with the seed, when the lesson says `text`."""
    return problems(tmp_path, SEED_FILE | lesson_with(LESSON_LINE, text))


def _lesson_line() -> int:
    return content_builder.LESSON.splitlines().index(LESSON_LINE) + 1


# The pure functions


def test_words_ignore_case_punctuation_citations_and_link_targets():
    assert words(
        "Don’t PAY -- [@fbi-2024-threat] see [the page](https://x.org/a-b)."
    ) == [
        "dont",
        "pay",
        "see",
        "the",
        "page",
    ]
    assert words("Europol's two-year-old case, 26 000 reports") == [
        "europols",
        "two",
        "year",
        "old",
        "case",
        "26",
        "000",
        "reports",
    ]


def test_a_run_of_ten_shared_words_is_found_with_its_place_in_both():
    seed = words(SEED)
    text = words(
        "So they may then threaten to share the picture with friends and family."
    )
    assert shared_runs(text, seed) == [(3, 13, 8)]
    assert (
        " ".join(text[3:13])
        == "then threaten to share the picture with friends and family"
    )


def test_nine_shared_words_are_not_a_run():
    text = words("They may threaten to share the picture with friends and family.")
    assert shared_runs(text, words(SEED)) == []


def test_a_run_is_reported_once_at_its_full_length():
    seed = words(SEED)
    assert shared_runs(seed, seed) == [(0, len(seed), 0)]


def test_separate_runs_are_each_found_and_do_not_overlap():
    seed = [f"w{n}" for n in range(30)]
    text = ["x", *seed[0:12], "y", *seed[15:27]]
    assert shared_runs(text, seed) == [(1, 13, 0), (14, 26, 15)]


def test_the_longest_match_is_kept_when_a_shingle_repeats_in_the_seed():
    start = [f"w{n}" for n in range(MIN_SHARED)]
    seed = [*start, "a", "gap", *start, "b", "c"]
    text = [*start, "b", "c", "z"]
    assert shared_runs(text, seed) == [(0, MIN_SHARED + 2, MIN_SHARED + 2)]


def test_short_texts_and_an_empty_seed_share_nothing():
    assert shared_runs(["a"] * 5, ["a"] * 5) == []
    assert shared_runs(words(SEED), []) == []


# The check on a content tree


def test_a_lesson_paragraph_sharing_ten_words_with_a_seed_fails(tmp_path):
    found = _lesson_problems(
        tmp_path,
        "It is never your fault. They may then threaten to share the picture with "
        "friends and family [@fbi-2024-threat].",
    )
    assert found == [
        f"content/en/students/01-first-lesson.md:{_lesson_line()}: 10 consecutive "
        f"words are copied from the seed {SEEDS_FOLDER}/seed-test.txt; paraphrase the "
        'source in our own words: "then threaten to share the picture with friends '
        'and family"'
    ]


def test_nine_shared_words_pass_and_the_seeds_folder_is_not_a_locale(tmp_path):
    found = _lesson_problems(
        tmp_path,
        "It is never your fault. They may threaten to share the picture with "
        "friends and family [@fbi-2024-threat].",
    )
    assert found == []


def test_case_and_punctuation_do_not_hide_a_copy(tmp_path):
    found = _lesson_problems(
        tmp_path,
        "It is never your fault. THEN, they threaten... to share the Picture "
        "with 'friends' and family! Unless *they* are PAID [@fbi-2024-threat].",
    )
    assert len(found) == 1
    assert f"01-first-lesson.md:{_lesson_line()}: 13 consecutive words" in found[0]
    assert (
        '"threaten to share the picture with friends and family unless they are paid"'
        in (found[0])
    )


def test_a_copy_split_over_two_lines_is_reported_at_its_first_line(tmp_path):
    found = _lesson_problems(
        tmp_path,
        "It is never your fault. They may then threaten to share\n"
        "the picture with friends and family [@fbi-2024-threat].",
    )
    assert len(found) == 1
    assert found[0].startswith(
        f"content/en/students/01-first-lesson.md:{_lesson_line()}:"
    )


def _card_copying(data: dict) -> dict:
    data = copy.deepcopy(data)
    data["cards"][0]["explanation"] = (
        "Offenders often move the chat to another app, then they ask for money "
        "[@ncmec-2024-new-data]."
    )
    data["cards"][1]["statement"] = (
        "They then threaten to share the picture with friends and family."
    )
    return data


def test_a_copy_in_a_myth_or_fact_card_fails_at_its_line(tmp_path):
    path = "en/students/mythfacts/test-cards.yaml"
    changes = SEED_FILE | yaml_with(path, _card_copying(content_builder.MYTHFACT))
    found = problems(tmp_path, changes)
    assert len(found) == 1
    written = (tmp_path / "content" / path).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(written, 1) if "threaten" in text)
    assert found[0].startswith(f"content/{path}:{line}: 10 consecutive words")


@pytest.mark.parametrize(
    ("path", "data", "place"),
    [
        (
            "en/students/01-first-lesson.quiz.yaml",
            content_builder.QUIZ,
            lambda d: d["questions"][0]["options"][0],
        ),
        (
            "en/students/scenarios/test-chat.yaml",
            content_builder.SCENARIO,
            lambda d: d["steps"]["hello"]["choices"][0],
        ),
    ],
)
def test_a_copy_in_a_quiz_or_scenario_fails(tmp_path, path, data, place):
    data = copy.deepcopy(data)
    place(data)["text"] = "Then threaten to share the picture with friends and family"
    found = problems(tmp_path, SEED_FILE | yaml_with(path, data))
    assert len(found) == 1
    assert found[0].startswith(f"content/{path}:")
    assert "10 consecutive words are copied from the seed" in found[0]


def test_without_a_seeds_folder_nothing_is_checked(tmp_path):
    found = problems(
        tmp_path,
        lesson_with(LESSON_LINE, SEED + " [@fbi-2024-threat]"),
    )
    assert found == []


# The seeds in the repository


def test_the_repository_keeps_the_europol_seed():
    seed = settings.CONTENT_ROOT / SEEDS_FOLDER / "seed-europol-review-2015.txt"
    assert len(words(seed.read_text(encoding="utf-8"))) > 300


def test_the_repository_seeds_match_the_shared_copies_where_present():
    seeds = sorted((settings.CONTENT_ROOT / SEEDS_FOLDER).glob("*.txt"))
    shared = settings.CONTENT_ROOT.parent.parent / "shared" / "content"
    compared = [s for s in seeds if (shared / s.name).exists()]
    if not compared:
        pytest.skip("no ../shared/content/ beside the repository")
    for seed in compared:
        assert seed.read_text(encoding="utf-8") == (shared / seed.name).read_text(
            encoding="utf-8"
        ), seed.name
