from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.site import site_name
from elearning.language import alternates

# What a search result or a shared link says of a page that has no summary of its own.
SITE_DESCRIPTION = _(
    "Short, calm lessons for parents, school staff and students about sextortion: "
    "how it works, how to prevent it, what to do and where to get help."
)


def site(request: HttpRequest) -> dict[str, object]:
    """Site-wide values the base template needs on every page."""
    return {
        "site_name": site_name(),
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "site_description": SITE_DESCRIPTION,
        # This page in each language: the switch and the hreflang links.
        "languages": alternates(request),
    }
