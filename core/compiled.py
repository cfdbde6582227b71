"""Queries the ORM builds once per process. A page that runs the same query on
every request but for a few values (a user's id, a class's id) spent longer in the
ORM building it (its subqueries) than in the database running it; here it is
built once with markers in place of the values, and run as SQL with the values
put where the markers were."""

from collections.abc import Callable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

MARKER = -7_340_033  # stands for the first value while the query is built; then -1
TEXT_MARKER = "\x1fcompiled-text-{}\x1f"  # a text value's, numbered from 0


class CompiledQuery:
    """`build(*markers)`'s SQL and parameters, built at first use: `build` takes
    `values` integers (ids; none for a query without one), then `texts` strings (a
    slug from the address), and uses each."""

    def __init__(
        self, build: Callable[..., QuerySet], values: int = 1, texts: int = 0
    ) -> None:
        self._build = build
        self._markers = tuple(MARKER - i for i in range(values)) + tuple(
            TEXT_MARKER.format(i) for i in range(texts)
        )
        self.sql_and_params = cache(self._compile)

    def _compile(self) -> tuple[str, tuple]:
        built = self._build(*self._markers)
        self._model = built.model
        sql, params = built.query.sql_with_params()
        if any(marker not in params for marker in self._markers):
            raise ImproperlyConfigured("the query must use each of its values")
        return sql, tuple(params)

    def bind(self, *values: int | str) -> tuple[str, list]:
        """The SQL, and its parameters with `values` for the markers."""
        sql, params = self.sql_and_params()
        given = dict(zip(self._markers, values, strict=True))
        return sql, [given.get(p, p) if type(p) in (int, str) else p for p in params]

    def first(self, *values: int | str) -> Model | None:
        """The first row for `values`, as an instance of the query's model (with any
        annotation as an attribute), or None."""
        sql, params = self.bind(*values)
        return next(iter(self._model._default_manager.raw(sql, params)), None)
