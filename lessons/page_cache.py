"""Whole pages for visitors who are not signed in, held in memory until the content
changes: the same page for every such visitor, so it is rendered once per process.

A page is served from memory only to a request with no session and no messages
cookie, no query string, and only for GET or HEAD. It is kept only if rendering it
set no cookie, asked for no CSRF token (no form that posts) and did not depend on
the request in any other way (a view says so with `response.page_cache = False`,
as the helplines do, chosen by the browser's language).
"""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from lessons import content_cache

MESSAGES_COOKIE = "messages"


def _servable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def anonymous_page_cache(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _servable(request):
            return view(request, *args, **kwargs)
        key = ("page", request.path, get_language())
        held = content_cache.get(key)
        if held is not None:
            content, content_type = held
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and getattr(response, "page_cache", True)
            and not response.streaming
        ):
            content_cache.put(key, (response.content, response["Content-Type"]))
        return response

    return wrapper
