"""Whole pages for visitors who are not signed in, held in memory until the content
changes: the same page for every such visitor, so it is rendered once per process.

A page is served from memory only to a request with no session and no messages
cookie, no query string, and only for GET or HEAD. It is kept only if rendering it
set no cookie, asked for no CSRF token (no form that posts) and did not depend on
the request in any other way (a view says so with `response.page_cache = False`,
as the helplines do, chosen by the browser's language).

Each page is kept gzipped too, so a browser that accepts gzip gets it without
GZipMiddleware compressing the same bytes on every request. The random bytes that
middleware adds against BREACH are left out: these pages hold no secret (no
session, no CSRF token).
"""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
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
            return _served(request, *held)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and getattr(response, "page_cache", True)
            and not response.streaming
        ):
            gzipped = compress_string(response.content)
            if len(gzipped) >= len(response.content):
                gzipped = None
            content_cache.put(
                key, (response.content, gzipped, response["Content-Type"])
            )
        return response

    return wrapper


def _served(
    request: HttpRequest, content: bytes, gzipped: bytes | None, content_type: str
) -> HttpResponse:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if gzipped is not None and re_accepts_gzip.search(accepted):
        response = HttpResponse(gzipped, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
