"""Queries the ORM builds once per process. A page that runs the same query on
every request but for one value (a user's id, a class's id) spent longer in the
ORM building it (its subqueries) than in the database running it; here it is
built once with a marker in place of the value, and run as SQL with the value
put where the marker was."""

from collections.abc import Callable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

MARKER = -7_340_033  # stands for the value while the query is built


class CompiledQuery:
    """`build(MARKER)`'s SQL and parameters, built at first use."""

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self._build = build
        self.sql_and_params = cache(self._compile)

    def _compile(self) -> tuple[str, tuple]:
        sql, params = self._build(MARKER).query.sql_with_params()
        if list(params).count(MARKER) != 1:
            raise ImproperlyConfigured("the query must use its value exactly once")
        return sql, tuple(params)

    def bind(self, value: int) -> tuple[str, list]:
        """The SQL, and its parameters with `value` for the marker."""
        sql, params = self.sql_and_params()
        return sql, [value if p == MARKER else p for p in params]
