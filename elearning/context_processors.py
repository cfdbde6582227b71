from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide values the base template needs on every page."""
    return {
        "site_name": settings.SITE_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }
