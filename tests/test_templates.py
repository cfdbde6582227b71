"""Templates stay readable in a review: no line longer than 120 characters."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_FOLDERS = [
    ROOT / "lessons" / "templates",
    ROOT / "accounts" / "templates",
    ROOT / "schools" / "templates",
    ROOT / "lti" / "templates",
    ROOT / "templates",
    ROOT / "lessons" / "jinja2",
    ROOT / "schools" / "jinja2",
]
MAX_LINE = 120


def long_lines(folders: list[Path]) -> list[str]:
    """Every line over MAX_LINE characters, as "path:line (length)"."""
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                if len(line) > MAX_LINE:
                    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                    found.append(f"{name}:{number} ({len(line)} characters)")
    return found


def test_every_template_folder_checked_exists():
    # A folder renamed or moved would otherwise be skipped in silence.
    assert [f for f in TEMPLATE_FOLDERS if not any(f.rglob("*.html"))] == []


def test_long_template_line_is_reported_with_its_file_and_line(tmp_path):
    (tmp_path / "page.html").write_text("short\n" + "x" * 121 + "\n" + "y" * 120 + "\n")

    assert long_lines([tmp_path]) == [f"{tmp_path / 'page.html'}:2 (121 characters)"]


def test_no_template_line_is_longer_than_120_characters():
    found = long_lines(TEMPLATE_FOLDERS)

    assert not found, (
        f"{len(found)} template lines are over {MAX_LINE} characters; break them "
        "between attributes or tags, or use {% blocktranslate trimmed %}:\n"
        + "\n".join(found)
    )
