"""Counting attempts through the cache (django-ratelimit), for the forms that a
guesser or a flooder would use: join and parent codes, sign-in, password reset.

Counts are per sender address (core.client_ip: an IPv6 /64 counts as one) unless a
key is given, e.g. the email address a reset is sent to."""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.client_ip import ratelimit_key

Key = Callable[[str, HttpRequest], str]


def attempt_count(
    request: HttpRequest,
    group: str,
    limit: int,
    period: str = "10m",
    *,
    key: Key = ratelimit_key,
    increment: bool = True,
) -> bool:
    """Count this attempt (with `increment`); whether it is over `limit` in `period`
    (django-ratelimit's '10m', '15m', '1h'). Without `increment`: whether `limit`
    attempts were already counted, so that the next one would be over."""
    usage = get_usage(
        request, group=group, key=key, rate=f"{limit}/{period}", increment=increment
    )
    if not usage:
        return False
    return usage["count"] > limit if increment else usage["count"] >= limit


def hashed(value: str) -> Key:
    """A key for one value (an email address), without keeping it in the cache."""
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()
    return lambda group, request: digest
