"""Rendered fragments kept in the shared cache under a key that changes whenever
what they show changes, so a fragment is never stale: the caller puts in the key
everything the fragment depends on (a stamp of its rows read in SQL, the language,
the day, the query string). A key is never reused for other content, so nothing is
ever deleted; unused fragments expire after FRAGMENT_SECONDS."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

FRAGMENT_SECONDS = 10 * 60


def fragment_key(kind: str, *parts: object) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"fragment:{kind}:{digest}"


def fragment(kind: str, parts: tuple, render: Callable[[], str]) -> str:
    """The fragment kept for `parts`, or `render()`'s, kept for the next request."""
    key = fragment_key(kind, *parts)
    held = cache.get(key)
    if held is None:
        held = render()
        cache.set(key, held, FRAGMENT_SECONDS)
    return held
