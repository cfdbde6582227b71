"""Rules about signing in that the apps built on accounts add.

Accounts imports no other app. A school that a platform admin deactivated must
keep its staff and students out, so schools registers, in `SchoolsConfig.ready`,
a condition (an expression on the user row, e.g. `Exists(...OuterRef("pk")...)`)
that is true for users who may not sign in; and a school's admins must use
two-factor sign-in, so schools names them with `require_two_factor_when`.
"""

from collections.abc import Callable

from django.db.models import Expression, Q, Value
from django.db.models.fields import BooleanField

_refusals: list[Callable[[], Expression | Q]] = []


def refuse_sign_in_when(condition: Callable[[], Expression | Q]) -> None:
    """From now on, users for whom `condition()` holds cannot sign in."""
    if condition not in _refusals:
        _refusals.append(condition)


def sign_in_refused() -> Expression | Q:
    """One boolean expression on the user row: true when any refusal applies."""
    if not _refusals:
        return Value(False, output_field=BooleanField())
    combined = Q(_refusals[0]())
    for condition in _refusals[1:]:
        combined |= Q(condition())
    return combined


_two_factor_roles: list[Callable[[], Expression | Q]] = []


def require_two_factor_when(condition: Callable[[], Expression | Q]) -> None:
    """From now on, users for whom `condition()` holds must turn on two-factor
    sign-in before they can use the site (schools: a school's admins)."""
    if condition not in _two_factor_roles:
        _two_factor_roles.append(condition)


def two_factor_required() -> Q:
    """One boolean expression on the user row: platform admins (staff of the Django
    admin) and every role another app names."""
    combined = Q(is_staff=True) | Q(is_superuser=True)
    for condition in _two_factor_roles:
        combined |= Q(condition())
    return combined
