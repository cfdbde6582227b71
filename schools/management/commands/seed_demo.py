"""Create a demo school to explore the site with (idempotent): see
`schools.seeding.demo` for what it holds."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schools.seeding.demo import DemoSeeder


class Command(BaseCommand):
    help = (
        "Create a demo school with an admin, two teachers, two classes of students "
        "with their progress and a parent group, and print their log-ins. Runs only "
        "with DEBUG on, or with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even though DEBUG is off.",
        )

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; pass --force if you "
                "really want them on this site."
            )
        seeder = DemoSeeder(password=make_password(settings.DEMO_PASSWORD))
        logins = seeder.seed()
        self.stdout.write(f"Demo log-ins (password for all: {settings.DEMO_PASSWORD})")
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.role:<16} {login.login:<36}{note}".rstrip())
        if not seeder.plans:
            self.stdout.write(
                "No lessons yet, so no work or progress: run manage.py load_content, "
                "then seed_demo again."
            )
        if settings.DEBUG and settings.MFA_DEMO_EXEMPT:
            self.stdout.write(
                "The demo admins skip two-factor sign-in while DJANGO_DEBUG and "
                "MFA_DEMO_EXEMPT are on (never in production); any other admin must "
                "set up an authenticator app."
            )
        else:
            self.stdout.write(
                "The demo admins will be asked to set up an authenticator app at their "
                "first sign-in (MFA_DEMO_EXEMPT applies only with DJANGO_DEBUG on)."
            )
