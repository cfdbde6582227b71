"""Compile every locale's django.po into django.mo, in pure Python (polib), so a
machine without GNU gettext can install the site; `make install` runs it.

Fails, naming the entries, when a catalogue has an untranslated or fuzzy entry: a
half-translated interface is not shipped."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo (refusing incomplete ones)."
    # Run at install, before build/static exists: its absence is not a problem yet.
    requires_system_checks = []

    def handle(self, *args, **options):
        catalogues = sorted(
            po
            for folder in settings.LOCALE_PATHS
            for po in Path(folder).glob("*/LC_MESSAGES/*.po")
        )
        for path in catalogues:
            catalogue = polib.pofile(str(path))
            incomplete = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
            if incomplete:
                raise CommandError(
                    f"{path}: {len(incomplete)} untranslated or fuzzy entries, e.g. "
                    + "; ".join(repr(e.msgid) for e in incomplete[:5])
                )
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(f"{path.with_suffix('.mo')}: {len(catalogue)} messages")
