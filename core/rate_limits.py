"""Counting attempts through the cache (django-ratelimit), for the forms that a
guesser would use: join and parent codes, certificate checks. (Sign-in, sign-up and
password-reset emails are limited by django-allauth's ACCOUNT_RATE_LIMITS, which
count the same client address.)

Counts are per sender address (core.client_ip: an IPv6 /64 counts as one)."""

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.client_ip import ratelimit_key


def attempt_count(
    request: HttpRequest, group: str, limit: int, period: str = "10m"
) -> bool:
    """Count this attempt; whether it is over `limit` in `period` (django-ratelimit's
    '10m', '15m', '1h')."""
    usage = get_usage(
        request,
        group=group,
        key=ratelimit_key,
        rate=f"{limit}/{period}",
        increment=True,
    )
    return bool(usage) and usage["count"] > limit
