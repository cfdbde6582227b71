"""A school's audit log, newest first, a page at a time."""

from django.core.paginator import Page, Paginator

from schools.models import School

PER_PAGE = 50


def audit_page(*, school: School, number: str | int | None) -> Page:
    """One page of the school's log (an index serves it: schools_audit_school_at)."""
    return Paginator(school.audit_entries.order_by("-at"), PER_PAGE).get_page(number)
