"""Send LMS learners' quiz scores to their gradebooks (cron: every minute)."""

from django.core.management.base import BaseCommand

from lti.grades import scores_send


class Command(BaseCommand):
    help = (
        "Send the quiz scores waiting for LMS gradebooks. Run it every minute from "
        "cron. A score that cannot be sent waits, with longer waits between tries, "
        "for a day; then the school's audit log and LMS connections page say so. "
        "Exits 0 whatever an LMS answers."
    )

    def handle(self, *args, **options):
        report = scores_send()
        self.stdout.write(
            f"Scores sent: {report.sent}; waiting to retry: {report.retrying}; "
            f"given up: {report.given_up}."
        )
        for error in sorted(set(report.errors)):
            self.stdout.write(f"  {error}")
