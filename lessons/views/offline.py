"""The opt-in offline copy of a track: the list of pages a reader asked to keep,
and the notice shown for a page that was not kept.

Nothing here stores anything. `static/js/offline.js` fetches the manifest when the
reader presses "Keep this track on this device", then fetches each page without
cookies (the visitor's version, never a signed-in page) into the browser's Cache
Storage; the service worker (`static/js/offline-worker.js`, served at `/sw.js`)
answers from that cache only when the network fails.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from lessons import selectors
from lessons.models import Track
from lessons.page_cache import anonymous_page_cache


def cache_name(track: Track) -> str:
    """The Cache Storage name of a track's copy in the active language: one copy
    per track and language, so keeping the Spanish track keeps Spanish pages."""
    return f"offline-{get_language()}-{track.slug}"


def track_pages(track: Track) -> list[str]:
    """The addresses kept for `track`, in the active language: the track, each
    published lesson and its sections, the home page (where a reader offline may
    start, to find the track), the help page and the offline notice. No quiz,
    knowledge check or anything that takes a form: those need the server."""
    lessons = list(selectors.lessons_of_track(track=track))
    sections = list(selectors.sections_of_track(track=track))
    return [
        track.get_absolute_url(),
        *(lesson.get_absolute_url() for lesson in lessons),
        *(section.get_absolute_url() for section in sections),
        reverse("lessons:home"),
        reverse("lessons:help"),
        reverse("lessons:offline"),
    ]


@require_safe
def offline_manifest(request: HttpRequest, track_slug: str) -> JsonResponse:
    """What "Keep this track on this device" saves. The page's script adds the
    stylesheets, scripts and icon the page itself loads, so they always match
    base.html."""
    track = selectors.track_get(slug=track_slug)
    return JsonResponse({"cache": cache_name(track), "pages": track_pages(track)})


@anonymous_page_cache
@require_safe
def offline_notice(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows, from the saved copy, for a page that was
    not saved when there is no connection."""
    return render(request, "lessons/offline.html")
