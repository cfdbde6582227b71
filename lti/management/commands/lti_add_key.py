"""Make a new LTI tool key; the one it replaces stays in the JWKS for a while."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lti.keys import key_add, signing_key


class Command(BaseCommand):
    help = (
        "Make a new LTI signing key and use it from now on. The previous key stays "
        "published at /lti/jwks.json for --retire-after-days (LMSs may hold it), "
        "then is forgotten. With --if-missing, make a key only if there is none "
        "(make run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retire-after-days",
            type=int,
            default=settings.LTI_KEY_OVERLAP_DAYS,
            help="Days the previous key stays published (default: %(default)s).",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only make sure a key exists (a development key with debug on).",
        )

    def handle(self, *args, retire_after_days: int, if_missing: bool, **options):
        if if_missing:
            self.stdout.write(f"LTI tool key: {signing_key().kid}")
            return
        kid, pem = key_add(retire_after_days=retire_after_days)
        if pem is None:
            self.stdout.write(
                f"New LTI tool key {kid} is in use; the previous key stays published "
                f"for {retire_after_days} days."
            )
            return
        self.stdout.write(
            "LTI_PRIVATE_KEY is set in the environment, so the new key is printed "
            "below: set LTI_PRIVATE_KEY to it and restart the site. The current key "
            f"stays published for {retire_after_days} days after that.\n"
        )
        self.stdout.write(pem)
