"""A translated content field read in SQL, for reports that aggregate through
models of their own (`values("assignment__lesson__title")` would read the English
column): the active language's column, English where it is empty."""

from django.conf import settings
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language


def translated(path: str) -> Func:
    """`path` ("assignment__lesson__title") in the active language."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = (get_language() or default).split("-")[0]
    if language == default or language not in dict(settings.LANGUAGES):
        return F(f"{path}_{default}")
    return Coalesce(
        NullIf(F(f"{path}_{language}"), Value("")),
        F(f"{path}_{default}"),
        output_field=TextField(),
    )


# Columns only a lesson's or track's own pages read, stored as JSON in every
# language and parsed on load: a list that shows titles leaves them out.
LESSON_BODIES = ("objectives", "facilitator")
TRACK_BODIES = ("leaflet",)


def bodies(lesson: str, track: str = "") -> list[str]:
    """For `defer()`: the bodies of the lesson at `lesson` ("lesson") and of the
    track at `track` ("lesson__track"), every language's column."""
    codes = [code for code, _name in settings.LANGUAGES]
    paths = [(lesson, LESSON_BODIES)] + ([(track, TRACK_BODIES)] if track else [])
    return [
        f"{path}__{name}{suffix}"
        for path, names in paths
        for name in names
        for suffix in ["", *(f"_{code}" for code in codes)]
    ]
