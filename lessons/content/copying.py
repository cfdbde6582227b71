"""No copied passages: content text shares no run of 10 or more words with a seed.

facts.md asks that every source be paraphrased. The source documents we were given
as seeds are kept in `content/seeds/*.txt` (inside the repository, so that the check
runs anywhere, not only where `../shared/content/` exists). Every lesson, quiz,
knowledge check, scenario, myth-or-fact set and helplines file of every locale is
compared with each seed as words, case and punctuation ignored: a run of
`MIN_SHARED` or more consecutive words found in a seed is a problem at the line
where the run starts.

`shared_runs` is the pure part: word lists in, spans out (10-word shingles of the
seed in a dict, so a whole locale is checked in a blink).
"""

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from lessons.content.markdown import CITATION
from lessons.content.readers.base import Reader

# The folder of seed documents, under the content root; never a locale.
SEEDS_FOLDER = "seeds"
MIN_SHARED = 10

_APOSTROPHES = re.compile(r"['\u2018\u2019]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+")
_CONTENT_FILES = ("*.md", "*.yaml")


def words(text: str) -> list[str]:
    """The words of a text, lowercased, punctuation dropped ("Europol's" is one
    word, "two-year-old" three), citations and link targets left out."""
    text = _LINK_TARGET.sub("]", CITATION.sub(" ", text))
    return _WORD.findall(_APOSTROPHES.sub("", text).lower())


def shared_runs(
    text: Sequence[str], seed: Sequence[str], size: int = MIN_SHARED
) -> list[tuple[int, int, int]]:
    """Each longest run of `size` or more consecutive words of `text` that also
    appears, in order, in `seed`: (start in text, end in text, start in seed).
    Runs do not overlap and come in the order of `text`."""
    starts: dict[tuple[str, ...], list[int]] = {}
    for position in range(len(seed) - size + 1):
        starts.setdefault(tuple(seed[position : position + size]), []).append(position)
    runs: list[tuple[int, int, int]] = []
    index = 0
    while index <= len(text) - size:
        found = starts.get(tuple(text[index : index + size]))
        if not found:
            index += 1
            continue
        best_length, best_seed = 0, 0
        for seed_start in found:
            length = size
            while (
                index + length < len(text)
                and seed_start + length < len(seed)
                and text[index + length] == seed[seed_start + length]
            ):
                length += 1
            if length > best_length:
                best_length, best_seed = length, seed_start
        runs.append((index, index + best_length, best_seed))
        index += best_length
    return runs


def check_copying(reader: Reader, root: Path, locales: Iterable[Path]) -> None:
    """A problem for each run of words a content file shares with a seed."""
    seeds = {
        path.name: words(path.read_text(encoding="utf-8"))
        for path in sorted((root / SEEDS_FOLDER).glob("*.txt"))
    }
    if not seeds:
        return
    for locale_dir in locales:
        paths = sorted(
            {path for pattern in _CONTENT_FILES for path in locale_dir.rglob(pattern)}
        )
        for path in paths:
            _check_file(reader, path, seeds)


def _check_file(reader: Reader, path: Path, seeds: dict[str, list[str]]) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # the file's own reader reports it
    text: list[str] = []
    line_of: list[int] = []
    for number, line in enumerate(lines, start=1):
        found = words(line)
        text += found
        line_of += [number] * len(found)
    for name, seed in seeds.items():
        for start, end, _ in shared_runs(text, seed):
            reader.problem(
                path,
                line_of[start],
                f"{end - start} consecutive words are copied from the seed "
                f"{SEEDS_FOLDER}/{name}; paraphrase the source in our own words: "
                f'"{" ".join(text[start:end])}"',
            )
