"""The client's address, for sign-in throttling and rate limits.

Behind N reverse proxies (DJANGO_PROXY_COUNT), the client is the N-th address from
the right of X-Forwarded-For: the ones before it could be forged by the client."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key function: the same address as sign-in throttling."""
    return client_ip(request)
