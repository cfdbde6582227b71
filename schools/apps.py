from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools")

    def ready(self) -> None:
        # Receivers of lessons' signals and answers to lessons' and accounts' hooks.
        from schools import hooks  # noqa: F401
