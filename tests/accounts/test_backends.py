"""The user of each signed-in request: one query, compiled once per process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import user_checked
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_its_checks_as_booleans_in_one_query():
    adult = factories.AdultFactory()
    student = factories.StudentFactory()
    with CaptureQueriesContext(connection) as queries:
        loaded = user_checked(adult.pk)
    assert len(queries) == 1
    assert loaded == adult and loaded.email == adult.email
    assert loaded.sign_in_refused is False and loaded.needs_two_factor is False
    assert user_checked(student.pk).email_verified is False
    # The same SQL for every user: only the id changes.
    with CaptureQueriesContext(connection) as again:
        user_checked(student.pk)
    first, second = (q[0]["sql"] for q in (queries, again))
    assert first.endswith(f'"id" = {adult.pk}') and second.endswith(
        f'"id" = {student.pk}'
    )
    assert first.rsplit("=", 1)[0] == second.rsplit("=", 1)[0]


def test_no_such_user_is_none():
    assert user_checked(10**9) is None
