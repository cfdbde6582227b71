from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.forms import RequestReauthenticationCodeForm

        from accounts import checks  # noqa: F401 (registers the deploy check)

        # allauth's field has no label (Django would show "Recipient", in English
        # whatever the language) and its form cannot be replaced in ACCOUNT_FORMS.
        RequestReauthenticationCodeForm.base_fields["recipient"].label = _(
            "Send the code to"
        )
