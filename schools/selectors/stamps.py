"""A report's stamp: figures read in one small query that change whenever the
report would, so that the rendered report can be kept under them
(core.fragment_cache) and is never shown stale.

Each source is a queryset of rows the report reads, tied to the class or school
by `OuterRef("pk")`, and a column: a time of change (`updated_at`, written by
every save) or an id. A row added changes the count or the greatest value; a row
removed changes the count; a row saved changes its time. The query is built once
per process (core.compiled). A student's display name has no time of change (only
the Django admin renames a student): a kept report shows a new name after the next
write to its rows, or once it expires."""

from collections.abc import Callable

from django.db import connection
from django.db.models import F, Func, Model, QuerySet, Subquery

from core.compiled import CompiledQuery

Sources = dict[str, tuple[QuerySet, str]]


def _count_and_latest(rows: QuerySet, column: str) -> tuple[Subquery, Subquery]:
    rows = rows.order_by()
    return (
        Subquery(rows.annotate(v=Func(F("pk"), function="COUNT")).values("v")),
        Subquery(rows.annotate(v=Func(F(column), function="MAX")).values("v")),
    )


class Stamp:
    """The stamp of one `model` row (a class, a school) from `sources()`."""

    def __init__(self, model: type[Model], sources: Callable[[], Sources]) -> None:
        def build(pk: int) -> QuerySet:
            figures = {}
            for name, (rows, column) in sources().items():
                figures[f"{name}_n"], figures[f"{name}_at"] = _count_and_latest(
                    rows, column
                )
            return model.objects.filter(pk=pk).annotate(**figures).values_list(*figures)

        self._query = CompiledQuery(build)

    def of(self, pk: int) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(*self._query.bind(pk))
            return tuple(cursor.fetchone())
