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
