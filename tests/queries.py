"""Counting a page's queries in tests, free of the one write that depends on the clock.

A signed-in person's session is renewed at most once a minute
(`accounts.middleware.SessionPolicyMiddleware`), so a request that happens to fall in
a new minute also writes the session. A measurement whose requests crossed a minute
boundary is therefore taken again, so pinned counts do not flake on a busy machine.
"""

import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _minute() -> int:
    return int(time.time() // 60)


def in_one_minute(measure: Callable[[], list[dict]]) -> list[dict]:
    """Run `measure` (which makes its own warm-up request) until it runs within one
    clock minute, and return the queries it captured."""
    for _ in range(3):
        minute = _minute()
        queries = measure()
        if _minute() == minute:
            return queries
    raise AssertionError("three measurements in a row crossed a minute boundary")


def page_queries(client, url: str, *, status: int = 200) -> list[dict]:
    """The queries of a second visit to `url` (the first may create or renew the
    session), as `{"sql": ..., "time": ...}` dicts."""

    def measure() -> list[dict]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == status, response.status_code
        return queries.captured_queries

    return in_one_minute(measure)
