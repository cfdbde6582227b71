"""The site's name, as every page, email and certificate shows it."""

from django.conf import settings
from django.utils.translation import gettext


def site_name() -> str:
    # Marked for translation here, translated when called (in the reader's language).
    return settings.SITE_NAME or gettext("Safer Online: understanding sextortion")
