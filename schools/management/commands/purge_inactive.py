"""Delete student accounts, and everything recorded about them, after a period
without activity (settings.STUDENT_RETENTION_DAYS, two years by default)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from accounts.services import students_inactive
from schools.services.learner_data import students_purge


class Command(BaseCommand):
    help = (
        "Delete student accounts not used for STUDENT_RETENTION_DAYS days, with their "
        "progress, answers and certificates. Use --dry-run to only count them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, but delete nothing."
        )

    def handle(self, *args: object, dry_run: bool = False, **options: object) -> None:
        days = settings.STUDENT_RETENTION_DAYS
        if dry_run:
            count = students_inactive(days=days).count()
            self.stdout.write(
                f"{count} student account(s) unused for {days} days would be deleted "
                "(dry run: nothing was deleted)."
            )
            return
        count = students_purge(days=days)
        self.stdout.write(f"Deleted {count} student account(s) unused for {days} days.")
