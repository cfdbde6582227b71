"""Make the database hold exactly a content file's rows (`sync`), each matched by
its slug and written only where a value changed (`upsert`), and count what changed.

Rows that the files no longer hold are deleted, except sections, questions and
options, which learners' views and answers point at: those are retired (kept, hidden
from learners by their default manager) and come back if the files name them again.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

Item = TypeVar("Item")


@dataclass
class LoadReport:
    """What a load changed, by kind of row: {'lesson': 3, ...}."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], kind: str, n: int = 1) -> None:
        if n:
            bucket[kind] = bucket.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.retired)


def upsert(
    report: LoadReport,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> models.Model:
    """Create the row, or update only the fields whose value changed."""
    kind = model._meta.model_name
    try:
        # The base manager: a retired row still holds its slug, and comes back.
        obj = model._base_manager.get(**lookup)
    except model.DoesNotExist:
        report.count(report.created, kind)
        return model.objects.create(**lookup, **values)
    if _retires(model):
        values = {**values, "retired": False}
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(report.updated, kind)
    return obj


def remove_others(
    report: LoadReport, queryset: models.QuerySet, keep: list[int]
) -> None:
    """Retire or delete the rows of `queryset` whose pk is not in `keep`, and count
    them."""
    stale = queryset.exclude(pk__in=keep)
    kind = queryset.model._meta.model_name
    if _retires(queryset.model):
        report.count(report.retired, kind, stale.update(retired=True))
        return
    n = stale.count()
    if n:
        report.count(report.removed, kind, n)
        stale.delete()


def sync(
    report: LoadReport,
    queryset: models.QuerySet,
    items: Iterable[Item],
    write: Callable[[int, Item], models.Model],
) -> None:
    """Make `queryset` hold exactly the rows of `items`, in their order.

    `write(position, item)` upserts one item's row (positions count from 1); the
    rows of `queryset` that no item wrote are then removed.
    """
    kept = [write(position, item).pk for position, item in enumerate(items, start=1)]
    remove_others(report, queryset, kept)


def _retires(model: type[models.Model]) -> bool:
    """Whether the model's rows are retired rather than deleted."""
    return any(f.name == "retired" for f in model._meta.concrete_fields)
