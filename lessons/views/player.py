from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lessons import content_cache, helplines, hooks, selectors
from lessons.content.markdown import SOURCES_PER_PAGE
from lessons.content.schema import GET_HELP_SECTION
from lessons.interactive import InvalidMove, MythFactState, ScenarioState
from lessons.kept_pages import kept_page
from lessons.models import (
    HelplineCountry,
    Lesson,
    LessonProgress,
    QuizAttempt,
    Section,
    Track,
)
from lessons.page_cache import anonymous_page_cache
from lessons.services import section_view_record
from lessons.views import offline

COUNTRY_SESSION_KEY = "help_country"
NOT_ON_THIS_PAGE = gettext_lazy("That exercise is not part of this page.")
UNKNOWN_COUNTRY = gettext_lazy(
    "We do not have helplines for that country yet. Choose one below."
)


@anonymous_page_cache
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    tracks = selectors.tracks_list()
    context: dict[str, Any] = {"tracks": tracks}
    if request.user.is_authenticated:
        # A student's own work comes first (schools answers this hook).
        context.update(hooks.home_context(user=request.user))
    return render(request, "lessons/home.html", context)


@anonymous_page_cache
@require_safe
def track_detail(request: HttpRequest, track_slug: str) -> HttpResponse:
    track = selectors.track_get(slug=track_slug)
    lessons = list(selectors.lessons_of_track(track=track))
    progress = selectors.progress_by_lesson(learner=request.user, lessons=lessons)
    rows = [(lesson, progress.get(lesson.pk)) for lesson in lessons]
    completed = sum(
        1 for _, p in rows if p and p.status == LessonProgress.Status.COMPLETED
    )
    checks = selectors.knowledge_check_attempts(learner=request.user, track=track)
    pre, post = checks.get(QuizAttempt.Phase.PRE), checks.get(QuizAttempt.Phase.POST)
    return render(
        request,
        "lessons/track.html",
        {
            "track": track,
            "rows": rows,
            "completed": completed,
            "all_done": bool(lessons) and completed == len(lessons),
            "started": bool(progress),
            "total_minutes": sum(lesson.minutes for lesson in lessons),
            "pre": pre if pre and pre.is_submitted else None,
            "post": post if post and post.is_submitted else None,
            "gain": post.score - pre.score
            if pre and post and pre.is_submitted and post.is_submitted
            else None,
            "certificate": selectors.certificate_for_track(
                learner=request.user, track=track
            ),
            "offline_cache": offline.cache_name(track),
        },
    )


@anonymous_page_cache
@require_safe
def lesson_detail(request: HttpRequest, lesson_slug: str) -> HttpResponse:
    lesson = selectors.lesson_get(slug=lesson_slug)
    sections = list(lesson.sections.all())
    viewed = selectors.sections_viewed(learner=request.user, lesson=lesson)
    progress = selectors.progress_by_lesson(learner=request.user, lessons=[lesson]).get(
        lesson.pk
    )
    resume = next(
        (s for s in sections if s.slug == getattr(progress, "last_section", None)), None
    )
    return render(
        request,
        "lessons/lesson.html",
        {
            "lesson": lesson,
            "track": lesson.track,
            "sections": [(s, s.pk in viewed) for s in sections],
            "progress": progress,
            "first": sections[0] if sections else None,
            "resume": resume,
        },
    )


def _kept_text(section: Section, context: dict[str, Any]) -> dict[str, str]:
    """A section's text without exercises or errors (the same for every learner who
    sees the same country's help lines), rendered once per process, language,
    country and content version (the help lines are held with the content)."""

    def text() -> dict[str, str]:
        local = context | {"part": _("Part %(number)s of %(count)s") % context}
        return {
            part: render_to_string(f"lessons/section.html#section-{part}", local)
            for part in ("head", "body")
        }

    country = context["help"].country.code if context["help"] else ""
    key = ("section-text", section.pk, get_language(), country)
    held = content_cache.held(key, text)
    return {name: mark_safe(value) for name, value in held.items()}  # noqa: S308


def _section_page(
    request: HttpRequest,
    lesson: Lesson,
    section: Section,
    *,
    progress: LessonProgress | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a section (and its exercises' state); records nothing."""
    locale = selectors.content_locale()
    errors = errors or {}
    sections = list(lesson.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    scenarios, mythfacts = selectors.embeds_for(locale=locale, section=section)
    blocks: list[dict[str, Any]] = []
    for block in section.blocks:
        if "html" in block:
            blocks.append({"html": block["html"]})
        elif block.get("scenario") in scenarios:
            state = ScenarioState.load(request.session, scenarios[block["scenario"]])
            blocks.append(
                {"scenario": state, "error": errors.get(state.scenario.slug, "")}
            )
        elif block.get("mythfact") in mythfacts:
            mythfact = mythfacts[block["mythfact"]]
            blocks.append(
                {
                    "mythfact": MythFactState.load(request.session, mythfact),
                    "error": errors.get(mythfact.slug, ""),
                }
            )
    # An error about an element that is not on this page is shown above the text.
    placed = {b.get("scenario") or b.get("mythfact") for b in section.blocks}
    page_errors = [message for slug, message in errors.items() if slug not in placed]
    country, help_ = None, None
    if (
        section.slug == GET_HELP_SECTION
        and lesson.track.audience == Track.Audience.STUDENTS
    ):
        countries = list(helplines.helpline_countries(locale=locale))
        country = help_country(request, countries)
        help_ = helplines.country_help(country=country) if country else None
    context = {
        "lesson": lesson,
        "track": lesson.track,
        "section": section,
        "blocks": blocks,
        "number": index + 1,
        "count": len(sections),
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "percent": progress.percent if progress else None,
        "page_errors": page_errors,
        "help": help_,
    }
    response = None
    if not page_errors and all("html" in block for block in blocks):
        context["kept"] = _kept_text(section, context)
        if progress is not None and status == 200:  # a signed-in learner's view
            key = ("section", section.pk, getattr(country, "code", ""))
            holes = {"percent": progress.percent}
            template = "lessons/section.html"
            response = kept_page(request, key, template, context, holes)
    if response is None:
        response = render(request, "lessons/section.html", context, status=status)
    # Chosen from the session, the school or the browser's language: a visitor's
    # page is kept per country (_visitor_country), any other not at all.
    response.page_variant = country.code if country else ""
    return response


def _visitor_country(request: HttpRequest, lesson_slug: str, section_slug: str) -> str:
    """Which help lines a visitor's closing section shows (the page cache keeps one
    page per country): the browser's region's, else the language's own."""
    if section_slug != GET_HELP_SECTION:
        return ""
    if selectors.lesson_get(slug=lesson_slug).track.audience != Track.Audience.STUDENTS:
        return ""
    countries = helplines.helpline_countries(locale=selectors.content_locale())
    country = help_country(request, countries)
    return country.code if country else ""


@anonymous_page_cache(variant=_visitor_country)
@require_safe
def section_detail(
    request: HttpRequest, lesson_slug: str, section_slug: str
) -> HttpResponse:
    lesson = selectors.lesson_get(slug=lesson_slug)
    section = selectors.section_get(lesson=lesson, slug=section_slug)
    progress = None
    if request.user.is_authenticated:
        progress = section_view_record(learner=request.user, section=section)
    return _section_page(request, lesson, section, progress=progress)


def _interactive_post(
    request: HttpRequest,
    lesson_slug: str,
    section_slug: str,
    kind: str,
    slug: str,
    move: Callable[[ScenarioState | MythFactState], None],
) -> HttpResponse:
    """Apply one form post to a scenario or a card set embedded in a section."""
    locale = selectors.content_locale()
    lesson = selectors.lesson_get(slug=lesson_slug)
    section = selectors.section_get(lesson=lesson, slug=section_slug)
    scenarios, mythfacts = selectors.embeds_for(locale=locale, section=section)
    element = (scenarios if kind == "scenario" else mythfacts).get(slug)
    if element is None:  # not embedded in this section
        return _section_page(
            request, lesson, section, errors={slug: NOT_ON_THIS_PAGE}, status=400
        )
    state_class = ScenarioState if kind == "scenario" else MythFactState
    state = state_class.load(request.session, element)
    try:
        move(state)
    except InvalidMove as error:
        return _interactive_response(
            request, lesson, section, kind, state, str(error), status=400
        )
    state.save(request.session)
    return _interactive_response(request, lesson, section, kind, state)


@require_POST
def scenario_choose(
    request: HttpRequest, lesson_slug: str, section_slug: str, scenario_slug: str
) -> HttpResponse:
    """One reply in a simulated chat: a form post, so it works without JavaScript."""

    def move(state: ScenarioState) -> None:
        if request.POST.get("action") == "restart":
            state.restart()
        else:
            state.choose(
                step=request.POST.get("step", ""),
                choice=request.POST.get("choice", ""),
                token=request.POST.get("token", ""),
            )

    return _interactive_post(
        request, lesson_slug, section_slug, "scenario", scenario_slug, move
    )


@require_POST
def mythfact_answer(
    request: HttpRequest, lesson_slug: str, section_slug: str, mythfact_slug: str
) -> HttpResponse:
    def move(state: MythFactState) -> None:
        state.answer(
            card=request.POST.get("card", ""), answer=request.POST.get("answer", "")
        )

    return _interactive_post(
        request, lesson_slug, section_slug, "mythfact", mythfact_slug, move
    )


def _interactive_response(
    request: HttpRequest,
    lesson: Lesson,
    section: Section,
    kind: str,
    state: ScenarioState | MythFactState,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """htmx gets the element alone; a plain form post goes back to the page (PRG),
    or, for a bad post, the page again with the message and status 400."""
    slug = state.scenario.slug if kind == "scenario" else state.mythfact.slug
    if request.htmx:
        return render(
            request,
            f"lessons/section.html#{kind}",
            {kind: state, "lesson": lesson, "section": section, "error": error},
            status=status,
        )
    if status != 200:
        return _section_page(
            request, lesson, section, errors={slug: error}, status=status
        )
    return redirect(f"{section.get_absolute_url()}#{kind}-{slug}")


def help_country(
    request: HttpRequest, countries_list: list[HelplineCountry]
) -> HelplineCountry | None:
    """The country whose helplines to show: the one chosen in this session, else the
    learner's school's, else the browser's region, else the language's own (the UK
    for English, Spain for Spanish), else the first we have."""
    countries = {c.code: c for c in countries_list}
    if not countries:
        return None
    chosen = request.session.get(COUNTRY_SESSION_KEY)
    if chosen in countries:
        return countries[chosen]
    school_country = hooks.learner_country(user=request.user)
    if school_country in countries:
        return countries[school_country]
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip()
        if "-" in tag and tag.split("-")[1].upper() in countries:
            return countries[tag.split("-")[1].upper()]
    return helplines.home_country(countries)


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    locale = selectors.content_locale()
    countries = list(helplines.helpline_countries(locale=locale))
    status = 200
    requested = request.GET.get("country", "").strip().upper()
    if requested:
        if requested in {c.code for c in countries}:
            request.session[COUNTRY_SESSION_KEY] = requested
        else:
            messages.error(request, UNKNOWN_COUNTRY)
            status = 400
    country = help_country(request, countries)
    return render(
        request,
        "lessons/help.html",
        {
            "countries": countries,
            "country": country,
            "help": helplines.country_help(country=country) if country else None,
            "tracks": selectors.tracks_held(),
        },
        status=status,
    )


@anonymous_page_cache
@require_safe
def sources(request: HttpRequest, page: int = 1) -> HttpResponse:
    """The sources, SOURCES_PER_PAGE at a time: page 1 at the sources' address,
    page k at "k/" below it (where a lesson's citation of source n links)."""
    if page == 1 and "page" in request.resolver_match.kwargs:
        return redirect("lessons:sources", permanent=True)
    # All rows in one query (a couple of hundred short ones) rather than a count
    # and a slice.
    pages = Paginator(list(selectors.sources_list()), SOURCES_PER_PAGE)
    if not 1 <= page <= pages.num_pages:
        raise Http404("no such page of sources")
    links = [
        {
            "url": reverse("lessons:sources_page", args=[n])
            if n > 1
            else reverse("lessons:sources"),
            "first": (n - 1) * SOURCES_PER_PAGE + 1,
            "last": min(n * SOURCES_PER_PAGE, pages.count),
            "current": n == page,
        }
        for n in pages.page_range
    ]
    return render(
        request,
        "lessons/sources.html",
        {"page": pages.page(page), "links": links if len(links) > 1 else []},
    )


@anonymous_page_cache
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/privacy.html")
