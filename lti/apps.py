from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = _("LMS connections (LTI 1.3)")

    def ready(self) -> None:
        # Receivers of lessons' signals: an LMS learner's scores are queued.
        from lti import hooks  # noqa: F401
