"""Single-use capabilities kept in the shared cache: the "Open the lesson" link
(60 seconds) and a deep-linking pick (as long as a teacher may take to choose)."""

import secrets
from hashlib import sha256

from django.core.cache import cache

HANDOFF_SECONDS = 60
PICK_SECONDS = 30 * 60


def _key(kind: str, token: str) -> str:
    return f"lti:{kind}:" + sha256(token.encode()).hexdigest()


def keep(kind: str, value: object, seconds: int) -> str:
    token = secrets.token_urlsafe(32)
    cache.set(_key(kind, token), value, seconds)
    return token


def take(kind: str, token: str, expected: type):
    """The value, once: of two requests with one token, only the one whose delete
    removed it gets it."""
    key = _key(kind, token)
    value = cache.get(key)
    if not isinstance(value, expected) or not cache.delete(key):
        return None
    return value


def peek(kind: str, token: str, expected: type):
    value = cache.get(_key(kind, token))
    return value if isinstance(value, expected) else None
