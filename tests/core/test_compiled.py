"""Queries built once per process, run with the values of each call."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from accounts.models import User
from core.compiled import CompiledQuery
from tests import factories

pytestmark = pytest.mark.django_db


def run(query: CompiledQuery, *values: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(*query.bind(*values))
        return cursor.fetchall()


def test_each_call_runs_the_one_query_with_its_own_values():
    ann, ben, cara = (factories.StudentFactory() for _ in range(3))
    between = CompiledQuery(
        lambda low, high: (
            User.objects.filter(pk__gte=low, pk__lte=high)
            .order_by("pk")
            .values_list("pk")
        ),
        values=2,
    )
    assert run(between, ann.pk, ben.pk) == [(ann.pk,), (ben.pk,)]
    assert run(between, cara.pk, cara.pk) == [(cara.pk,)]
    assert run(between, ben.pk, ann.pk) == []
    sql, _ = between.sql_and_params()
    assert between.bind(1, 2)[0] is sql  # built once


def test_a_value_the_query_does_not_use_is_refused():
    unused = CompiledQuery(lambda pk, other: User.objects.filter(pk=pk), values=2)
    with pytest.raises(ImproperlyConfigured):
        unused.bind(1, 2)


def test_binding_the_wrong_number_of_values_is_refused():
    one = CompiledQuery(lambda pk: User.objects.filter(pk=pk))
    with pytest.raises(ValueError):
        one.bind(1, 2)


def test_a_text_value_is_bound_as_the_ids_are():
    ann, ben = factories.StudentFactory(), factories.StudentFactory()
    named = CompiledQuery(
        lambda pk, username: User.objects.filter(pk=pk, username=username).values_list(
            "pk"
        ),
        texts=1,
    )
    assert run(named, ann.pk, ann.username) == [(ann.pk,)]
    assert run(named, ann.pk, ben.username) == []
    assert run(named, ben.pk, "' OR 1=1 --") == []  # a value, never SQL
