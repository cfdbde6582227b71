"""Load the lesson files into the database, or (--check) only validate them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.content.load import content_load
from lessons.content.validate import read_content


class Command(BaseCommand):
    help = (
        "Validate the content files and load them into the database (idempotent; "
        "learners' progress is kept). With --check, validate only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Validate without writing; exit non-zero if there is any problem.",
        )
        parser.add_argument(
            "--root",
            type=Path,
            default=None,
            help="The content folder (default: settings.CONTENT_ROOT).",
        )

    def handle(
        self,
        *args: object,
        check: bool = False,
        root: Path | None = None,
        **options: object,
    ) -> None:
        root = root or settings.CONTENT_ROOT
        bundle = read_content(Path(root))
        for notice in bundle.notices:
            self.stdout.write(f"note: {notice}")
        for problem in bundle.problems:
            self.stderr.write(str(problem))
        if bundle.problems:
            raise CommandError(
                f"{len(bundle.problems)} problem(s) in the content; nothing was loaded."
            )
        languages = sorted({t.locale for t in bundle.tracks})
        tracks = (
            [t for t in bundle.tracks if t.locale == languages[0]] if languages else []
        )
        lessons = sum(len(t.lessons) for t in tracks)
        summary = (
            f"{len(tracks)} tracks, {lessons} lessons in {len(languages)} "
            f"language(s) ({', '.join(languages)}), {len(bundle.sources)} sources, "
            f"help lines for {len(bundle.countries)} countries"
        )
        if check:
            self.stdout.write(f"Content is valid: {summary}.")
            return
        report = content_load(bundle=bundle)
        if not report.changed:
            self.stdout.write(f"Content is up to date ({summary}); nothing changed.")
            return
        for label, counts in (
            ("created", report.created),
            ("updated", report.updated),
            ("removed", report.removed),
            ("retired", report.retired),
        ):
            if counts:
                parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                self.stdout.write(f"{label}: {parts}")
        self.stdout.write(f"Loaded {summary}.")
