"""The content (tracks, lessons, sections, quizzes, embeds, helplines) held in each
process's memory between requests: it changes only when `load_content` runs.

`load_content` writes a new content version to the shared cache; each process
compares its own with it at most once a second, and forgets everything it held
when it differs (or when the cache does not answer: then it keeps nothing longer
than a second, and pages still work). So a reload reaches every app server within
a second, and a lesson page needs no query for its content.
"""

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
CHECK_EVERY = 1.0  # seconds

_held: dict[str, Any] = {"version": None, "checked": 0.0, "values": {}}


def _version() -> str:
    now = time.monotonic()
    if now - _held["checked"] >= CHECK_EVERY:
        try:
            version = cache.get(VERSION_KEY)
            if version is None:
                cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
                version = cache.get(VERSION_KEY)
        except Exception:  # the shared cache is down: hold nothing for long
            logger.warning("content version unknown: the cache did not answer")
            version = None
            _held["values"] = {}
        if version != _held["version"]:
            _held.update(version=version, values={})
        _held["checked"] = now
    return _held["version"]


def version() -> str | None:
    """The content version this process holds (None while the cache is down)."""
    return _version()


def held(key: tuple, compute: Callable[[], Any]) -> Any:
    """The value for `key`, computed once per content version."""
    _version()
    values = _held["values"]
    if key not in values:
        values[key] = compute()
    return values[key]


def get(key: tuple) -> Any:
    """The value held for `key` in this content version, or None."""
    _version()
    return _held["values"].get(key)


def put(key: tuple, value: Any) -> None:
    _version()
    _held["values"][key] = value


def content_changed() -> None:
    """Called when content was loaded: every process forgets what it held."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    _held.update(version=version, values={}, checked=time.monotonic())


def forget() -> None:
    """Forget this process's copy (tests: each starts from its own database)."""
    _held.update(version=None, checked=0.0, values={})
