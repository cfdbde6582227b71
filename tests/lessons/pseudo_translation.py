"""A pseudo-translation of the builder's content (tests/lessons/content_builder.py)
into "Spanish": every text a reader sees, between marks; every key, slug, id and
answer as it is. A page rendered in Spanish from it (and from the interface's
catalogue marked the same way, tests/test_translated.py) shows any English left as
text outside the marks."""

import re

import yaml
from django.utils.text import slugify

# The pseudo-translation: every text a reader sees, between these marks, and every
# key, slug, id and answer as it is. A page rendered in Spanish from it (and from
# the interface's catalogue marked the same way, tests/test_translated.py) shows
# any English left as text outside the marks.
OPEN, CLOSE = "\u27e6", "\u27e7"
TEXT_KEYS = {
    "title",
    "summary",
    "intro",
    "text",
    "consequence",
    "prompt",
    "situation",
    "explanation",
    "statement",
    "debrief",
    "description",
    "for",
    "hours",
    "cost",
    "note",
    "prepare",
    "watch_for",
    "disclosure",
    "help",
    "what_it_is",
    "talking",
}
# Lists of texts (a facilitator's discussion questions).
TEXT_LIST_KEYS = {"discuss", "warning_signs", "first_hour"}


def marked(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def _pseudo_data(data, key: str = ""):
    if isinstance(data, dict):
        if key == "missing":
            return {k: marked(v) for k, v in data.items()}
        return {k: _pseudo_data(v, k) for k, v in data.items()}
    if isinstance(data, list):
        if key in TEXT_LIST_KEYS:
            return [marked(item) for item in data]
        return [_pseudo_data(item) for item in data]
    if key in TEXT_KEYS and isinstance(data, str) and data:
        return marked(data)
    return data


def _pseudo_helplines(data: dict) -> dict:
    # Help lines keep their names (Samaritans is Samaritans in any language);
    # countries' names are translated.
    data = _pseudo_data(data)
    for country in data["countries"]:
        country["name"] = marked(country["name"])
    return data


def _pseudo_scenario(data: dict) -> dict:
    # The people in a chat are named for each language's readers.
    data = _pseudo_data(data)
    for step in data["steps"].values():
        for message in step.get("messages", []):
            if "name" in message:
                message["name"] = marked(message["name"])
    return data


def _pseudo_markdown(text: str) -> str:
    _, front, body = text.split("---", 2)
    lines = []
    for line in body.splitlines():
        heading = re.match(r"^## (.+?)(?: \{#([a-z0-9-]+)\})?$", line)
        item = re.match(r"^(- |\d+\. )(.+)$", line)
        if heading:
            title, slug = heading.groups()
            lines.append(f"## {marked(title)} {{#{slug or slugify(title)}}}")
        elif item:
            lines.append(item.group(1) + marked(item.group(2)))
        elif line.strip() and not line.startswith("[["):
            lines.append(marked(line))
        else:
            lines.append(line)
    front = dump(_pseudo_data(yaml.safe_load(front)))
    return f"---\n{front}---\n" + "\n".join(lines) + "\n"


def pseudo(path: str, text: str) -> str:
    """The pseudo-translation of one English file."""
    if path.endswith(".md"):
        return _pseudo_markdown(text)
    data = yaml.safe_load(text)
    if path.endswith("helplines.yaml"):
        return dump(_pseudo_helplines(data))
    if "/scenarios/" in path:
        return dump(_pseudo_scenario(data))
    return dump(_pseudo_data(data))


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
