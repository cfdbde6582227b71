"""<track>/scenarios/<slug>.yaml: a branching chat, a graph of steps that ends safe,
risky or harmed."""

from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import ENDINGS, SPEAKERS, ScenarioData

Steps = dict[str, dict[str, Any]]


def read_scenario(reader: Reader, path: Path) -> ScenarioData | None:
    """The scenario in the file, its text rendered; None if it cannot be read."""
    data = reader.load_yaml(path)
    if not isinstance(data, dict) or not reader.require(
        path, data, "slug", "title", "intro", "start", "debrief", what="the scenario"
    ):
        return None
    line = line_of(data)
    slug = reader.file_slug(path, data, "scenario slug")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, dict) or not raw_steps:
        reader.problem(path, line, "the scenario has no steps")
        return None
    steps: Steps = {}
    for name, step in raw_steps.items():
        if name == "__line__":
            continue
        read = _read_step(reader, path, str(name), step)
        if read is not None:
            steps[str(name)] = read
    start = text_of(data, "start")
    _check_graph(reader, path, line, start, steps)
    return ScenarioData(
        slug=slug,
        title=text_of(data, "title"),
        intro=reader.render(path, line, text_of(data, "intro"), inline=True),
        start=start,
        steps=steps,
        debrief_html=reader.render_paragraphs(path, line, text_of(data, "debrief")),
    )


def _read_step(
    reader: Reader, path: Path, name: str, step: Any
) -> dict[str, Any] | None:
    if not isinstance(step, dict):
        reader.problem(path, 1, f"step '{name}' is not a mapping")
        return None
    reader.check_slug(path, line_of(step), name, "step name")
    if step.get("ending") is not None:
        return _read_ending(reader, path, name, step)
    return {
        "messages": _read_messages(reader, path, name, step),
        "choices": _read_choices(reader, path, name, step),
    }


def _read_ending(reader: Reader, path: Path, name: str, step: dict) -> dict[str, str]:
    line = line_of(step)
    ending = text_of(step, "ending")
    if ending not in ENDINGS:
        reader.problem(
            path, line, f"step '{name}': ending must be one of {sorted(ENDINGS)}"
        )
    if step.get("choices"):
        reader.problem(path, line, f"ending step '{name}' cannot have choices")
    if not text_of(step, "text"):
        reader.problem(path, line, f"ending step '{name}' has no text")
    return {
        "ending": ending,
        "text_html": reader.render(path, line, text_of(step, "text"), inline=True),
    }


def _read_messages(
    reader: Reader, path: Path, name: str, step: dict
) -> list[dict[str, str]]:
    messages = []
    for message in step.get("messages") or []:
        if not isinstance(message, dict):
            reader.problem(
                path, line_of(step), f"step '{name}': a message is not a mapping"
            )
            continue
        speaker = text_of(message, "from")
        if speaker not in SPEAKERS:
            reader.problem(
                path,
                line_of(message),
                f"step '{name}': a message is from one of {sorted(SPEAKERS)}",
            )
        messages.append(
            {
                "from": speaker,
                "name": text_of(message, "name"),
                "text_html": reader.render(
                    path, line_of(message), text_of(message, "text"), inline=True
                ),
            }
        )
    return messages


def _read_choices(
    reader: Reader, path: Path, name: str, step: dict
) -> list[dict[str, Any]]:
    line = line_of(step)
    raw_choices = step.get("choices")
    if not isinstance(raw_choices, list) or not raw_choices:
        reader.problem(
            path,
            line,
            f"step '{name}' has no choices and is not an ending: it leads nowhere",
        )
        raw_choices = []
    choices = []
    for choice in raw_choices:
        if not isinstance(choice, dict) or not reader.require(
            path, choice, "id", "text", "next", what=f"a choice in step '{name}'"
        ):
            continue
        choices.append(
            {
                "id": text_of(choice, "id"),
                "text": text_of(choice, "text"),
                "consequence_html": reader.render(
                    path, line_of(choice), text_of(choice, "consequence"), inline=True
                ),
                "next": text_of(choice, "next"),
                # Only until _check_graph has used it to point at a broken branch.
                "line": line_of(choice),
            }
        )
    ids = [c["id"] for c in choices]
    if len(set(ids)) != len(ids):
        reader.problem(path, line, f"step '{name}': choice ids repeat")
    return choices


def _check_graph(
    reader: Reader, path: Path, line: int, start: str, steps: Steps
) -> None:
    """Problems for a missing start, a branch to nowhere, a step that cannot be
    reached, and a step that can never reach an ending (a loop with no way out)."""
    if start not in steps:
        reader.problem(path, line, f"start step '{start}' does not exist")
        return
    for name, step in steps.items():
        for choice in step.get("choices", []):
            if choice["next"] not in steps:
                reader.problem(
                    path,
                    choice.pop("line"),
                    f"step '{name}', choice '{choice['id']}': next step "
                    f"'{choice['next']}' does not exist (the branch leads nowhere)",
                )
            else:
                choice.pop("line", None)
    reachable = _reachable(start, steps)
    for name in sorted(set(steps) - reachable):
        reader.problem(path, line, f"step '{name}' cannot be reached from '{start}'")
    for name in sorted(reachable - _finishing(steps)):
        reader.problem(path, line, f"step '{name}' never reaches an ending")


def _reachable(start: str, steps: Steps) -> set[str]:
    seen = {start}
    queue = [start]
    while queue:
        for choice in steps[queue.pop()].get("choices", []):
            if choice["next"] in steps and choice["next"] not in seen:
                seen.add(choice["next"])
                queue.append(choice["next"])
    return seen


def _finishing(steps: Steps) -> set[str]:
    """The steps from which some path of choices reaches an ending."""
    finishing = {name for name, step in steps.items() if "ending" in step}
    changed = True
    while changed:
        changed = False
        for name, step in steps.items():
            if name not in finishing and any(
                c["next"] in finishing for c in step.get("choices", [])
            ):
                finishing.add(name)
                changed = True
    return finishing
