"""A signed-in learner's page rendered once and kept, with what is the learner's own
filled in on each request.

A lesson section or a quiz is the same page for every learner but for a few
values: their name in the header, the form's security token, how much of the
lesson they have read, the quiz form's opening. Rendering the page around them
cost more than the rest of the request, so the page is rendered once per process
(per content version, language, address and kind of reader: the header's links
differ for a student, an adult and the platform admin) with a mark where each
such value goes, and each request fills the marks in: one pass over the kept
text. A request that would show anything else (a message waiting for the reader,
a query string) gets the page rendered in full, as before.
"""

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lessons import content_cache

MARK = "\x1f{}\x1f"  # a control character, in no text of ours and unchanged by escaping
MARKS = re.compile("\x1f([a-z_]+)\x1f")


@dataclass(frozen=True)
class _Reader:
    """The signed-in user as the page's header reads it: their kind, and a mark
    for their name."""

    is_superuser: bool
    is_student: bool
    is_authenticated: ClassVar[bool] = True
    display_name: ClassVar[str] = MARK.format("name")
    username: ClassVar[str] = MARK.format("name")


def kept_page(
    request: HttpRequest,
    key: tuple,
    template_name: str,
    context: dict[str, Any],
    holes: dict[str, object],
) -> HttpResponse | None:
    """The page `template_name` renders with `context` for the signed-in user, kept
    under `key` with a mark for each of `holes` (a context name and this request's
    value, escaped when filled in unless it is safe HTML); None when this request
    must be rendered in full."""
    user = request.user
    if request.GET or len(messages.get_messages(request)):
        return None
    reader = _Reader(is_superuser=user.is_superuser, is_student=user.is_student)

    def page() -> str:
        marked = {name: mark_safe(MARK.format(name)) for name in holes}  # noqa: S308
        return render_to_string(
            template_name,
            context | marked | {"user": reader, "csrf_token": MARK.format("csrf")},
            request,
        )

    where = (request.scheme, request.get_host(), request.path)
    html = content_cache.held(("kept-page", *key, get_language(), *where, reader), page)
    values = {
        "name": escape(user.display_name or user.username),
        "csrf": get_token(request),
        **{name: conditional_escape(value) for name, value in holes.items()},
    }
    return HttpResponse(MARKS.sub(lambda mark: values[mark[1]], html))
