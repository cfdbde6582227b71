"""The Jinja2 environment, for the few templates whose work grows with the data
(`schools/jinja2/`): Django's translations, so `_()` there reads the same catalogue
as `{% translate %}`."""

from django.utils import translation
from jinja2 import Environment


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    env.install_gettext_callables(
        translation.gettext, translation.ngettext, newstyle=True
    )
    return env
