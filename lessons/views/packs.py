"""The parents' leaflet of a track, as a PDF (lessons/packs.py), with the help lines
of a chosen country (`?country=GB`), else of the reader's (as the help page picks
it). Anyone may print it: it is meant for parents' evenings."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lessons import helplines, selectors
from lessons.packs import leaflet_pdf
from lessons.views.player import help_country

NO_SUCH_COUNTRY = gettext_lazy(
    "We do not have help lines for that country yet: the help page lists those we have."
)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def leaflet(request: HttpRequest, track_slug: str) -> HttpResponse:
    track = selectors.track_get(slug=track_slug)
    if not track.leaflet:
        raise Http404("No leaflet")
    countries = helplines.helpline_countries(locale=selectors.content_locale())
    by_code = {c.code: c for c in countries}
    requested = request.GET.get("country", "").strip().upper()
    if requested and requested not in by_code:
        context = {
            "title": _("No such country"),
            "message": NO_SUCH_COUNTRY,
            "back": (reverse("lessons:help"), _("Get help now")),
        }
        return render(request, "message.html", context, status=400)
    country = by_code.get(requested) or help_country(request, countries)
    if country is None:
        raise Http404("No help lines loaded")
    pdf = leaflet_pdf(
        track,
        helplines.country_help(country=country),
        sources_url=request.build_absolute_uri(reverse("lessons:sources")),
    )
    return pdf_response(
        pdf, f"leaflet-{track.slug}-{country.code}-{get_language()}.pdf"
    )
