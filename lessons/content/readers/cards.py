"""<track>/mythfacts/<slug>.yaml: a set of myth-or-fact cards."""

from pathlib import Path

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import MythFactData


def read_mythfact(reader: Reader, path: Path) -> MythFactData | None:
    """The myth-or-fact set in the file; None if it cannot be read."""
    data = reader.load_yaml(path)
    if not isinstance(data, dict) or not reader.require(
        path, data, "slug", "title", what="the myth-or-fact set"
    ):
        return None
    slug = reader.file_slug(path, data, "myth-or-fact slug")
    raw = data.get("cards")
    if not isinstance(raw, list) or len(raw) < 2:
        reader.problem(
            path, line_of(data), "a myth-or-fact set needs at least two cards"
        )
        raw = []
    cards = []
    for card in raw:
        if not isinstance(card, dict) or not reader.require(
            path, card, "id", "statement", "answer", "explanation", what="a card"
        ):
            continue
        cards.append(_read_card(reader, path, card))
    ids = [c["id"] for c in cards]
    if len(set(ids)) != len(ids):
        reader.problem(path, line_of(data), "card ids repeat")
    return MythFactData(slug=slug, title=text_of(data, "title"), cards=cards)


def _read_card(reader: Reader, path: Path, card: dict) -> dict[str, str]:
    line = line_of(card)
    reader.check_slug(path, line, text_of(card, "id"), "card id")
    if text_of(card, "answer") not in ("myth", "fact"):
        reader.problem(path, line, "a card's answer is myth or fact")
    return {
        "id": text_of(card, "id"),
        "statement_html": reader.render(
            path, line, text_of(card, "statement"), inline=True
        ),
        "answer": text_of(card, "answer"),
        "explanation_html": reader.render(
            path, line, text_of(card, "explanation"), inline=True
        ),
    }
