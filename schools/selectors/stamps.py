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
from django.db.models import (
    CharField,
    F,
    Func,
    IntegerField,
    Model,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import get_language

from core.compiled import CompiledQuery
from lessons.content_cache import version as content_version

Sources = dict[str, tuple[QuerySet, str]]


def _count_and_latest(rows: QuerySet, column: str) -> Subquery:
    """The rows' number and greatest `column`, as one text ("12:2026-12-02 ..."),
    so that the rows are read once for both."""
    # COUNT(*), not of a column: a source whose index holds its column is then
    # counted from the index alone (a quiz attempt's learner and time).
    count = Cast(Func(template="COUNT(*)", output_field=IntegerField()), CharField())
    latest = Coalesce(Cast(Func(F(column), function="MAX"), CharField()), Value(""))
    figure = Concat(count, Value(":"), latest, output_field=CharField())
    return Subquery(rows.order_by().annotate(v=figure).values("v"))


class Stamp:
    """The stamp of one `model` row (a class, a school) from `sources()`."""

    def __init__(self, model: type[Model], sources: Callable[[], Sources]) -> None:
        def build(pk: int) -> QuerySet:
            figures = {
                f"{name}_figures": _count_and_latest(rows, column)
                for name, (rows, column) in sources().items()
            }
            return model.objects.filter(pk=pk).annotate(**figures).values_list(*figures)

        self._query = CompiledQuery(build)

    def of(self, pk: int) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(*self._query.bind(pk))
            return tuple(cursor.fetchone())


def kept_key(*parts: object) -> tuple:
    """A kept report's key: what its rows are (`parts`: the stamp, the names'
    times of change, the query string), and what every report's text depends on
    besides: the content (titles), the language and the day (overdue, active)."""
    return (*parts, content_version(), get_language(), timezone.localdate())
