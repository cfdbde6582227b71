"""The help lines, as the help page, a lesson's closing section and the printable
packs show them: held in memory until the content changes (lessons.content_cache),
so a page of help lines needs no query."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lessons import content_cache
from lessons.content.schema import CRISIS_KINDS, HELPLINE_KINDS
from lessons.models import Helpline, HelplineCountry
from lessons.selectors import DEFAULT_LOCALE, content_locale

# The country whose lines a reader of each language sees when nothing else says.
HOME_COUNTRY = {"en": "GB", "es": "ES"}


def home_country(countries: Mapping[str, HelplineCountry]) -> HelplineCountry | None:
    """Of `countries` (by code), the one whose lines to show when nothing says which:
    the content language's own (the UK for English, Spain for Spanish), else the
    first."""
    home = HOME_COUNTRY.get(content_locale(), "GB")
    return countries.get(home) or next(iter(countries.values()), None)


def helpline_countries(*, locale: str) -> list[HelplineCountry]:
    """The countries whose help lines are listed in `locale`, and, in English, the
    others (a Spanish reader in Ireland still sees Ireland's lines), by name."""

    def countries() -> list[HelplineCountry]:
        listed = HelplineCountry.objects.filter(locale__in={locale, DEFAULT_LOCALE})
        chosen: dict[str, HelplineCountry] = {}
        for country in listed:
            if country.code not in chosen or country.locale == locale:
                chosen[country.code] = country
        return sorted(chosen.values(), key=lambda c: c.name)

    return content_cache.held(("helpline-countries", locale), countries)


def helplines_of(*, country: HelplineCountry) -> QuerySet[Helpline]:
    return country.lines.select_related("source").order_by("position")


KIND_HEADINGS = {
    "youth-crisis": _("Crisis and suicide-prevention lines"),
    "adult-crisis": _("Crisis lines for adults"),
    "child-helpline": _("Helplines for children and young people"),
    "reporting": _("Report it"),
    "removal": _("Get pictures taken down"),
    "adult-support": _("For parents and other adults"),
}


# What each kind of line is, for "Not listed for <country>: <kind>" (the content
# rules' own names, schema.HELPLINE_KINDS, are for authors, in English).
KIND_NAMES = {
    "youth-crisis": _("crisis or suicide-prevention line for young people"),
    "adult-crisis": _("crisis or suicide-prevention line for adults"),
    "child-helpline": _("helpline for children and young people"),
    "reporting": _("reporting route"),
    "removal": _("tool to get pictures taken down"),
    "adult-support": _("line for parents and other adults"),
}


@dataclass
class CountryHelp:
    """One country's help as the help page and a lesson's closing section show it."""

    country: HelplineCountry
    # Who to contact if you, or a friend, are not safe right now: the crisis lines
    # (young people's first, those open at any hour first), else the child helplines.
    right_now: list[Helpline]
    # (heading, lines) in HELPLINE_KINDS order; a line is listed under its first kind.
    groups: list[tuple[str, list[Helpline]]]
    # (what is missing, why) for each required kind of help with no verified line.
    missing: list[tuple[str, str]]


def country_help(*, country: HelplineCountry) -> CountryHelp:
    """A country's lines: who to contact right now, then each kind of help."""
    return content_cache.held(("country-help", country.pk), lambda: _help(country))


def _help(country: HelplineCountry) -> CountryHelp:
    lines = list(helplines_of(country=country))
    crisis = [line for line in lines if CRISIS_KINDS & set(line.kinds)]
    fallback = [line for line in lines if "child-helpline" in line.kinds]
    right_now = sorted(
        crisis or fallback,
        key=lambda line: ("youth-crisis" not in line.kinds, not line.always_open),
    )
    groups = [
        (kind, [line for line in lines if line.kinds and line.kinds[0] == kind])
        for kind in HELPLINE_KINDS
    ]
    return CountryHelp(
        country=country,
        right_now=right_now,
        groups=[(KIND_HEADINGS[kind], group) for kind, group in groups if group],
        missing=[
            (KIND_NAMES[kind], reason)
            for kind, reason in country.missing.items()
            if kind in HELPLINE_KINDS
        ],
    )
