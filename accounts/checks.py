"""`check --deploy` refuses a site where the demo accounts may skip two-factor
sign-in."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_two_factor_exemption(app_configs, **kwargs) -> list[Error]:
    if getattr(settings, "MFA_DEMO_EXEMPT", False):
        return [
            Error(
                "MFA_DEMO_EXEMPT is on: the demo accounts may sign in without "
                "two-factor authentication.",
                hint="Set MFA_DEMO_EXEMPT=0 (it is honoured only with DEBUG on).",
                id="accounts.E001",
            )
        ]
    return []
