"""Google Workspace and Microsoft Entra ID sign-in for staff, from the environment:
off until a client id and secret are set (settings.SOCIALACCOUNT_PROVIDERS)."""

import environ


def social_providers(env: environ.Env) -> dict:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for the providers configured."""
    SOCIALACCOUNT_PROVIDERS: dict = {}
    if env.str("GOOGLE_CLIENT_ID", default=""):
        _google_domain = env.str("GOOGLE_WORKSPACE_DOMAIN", default="")
        SOCIALACCOUNT_PROVIDERS["google"] = {
            "APPS": [
                {
                    "client_id": env.str("GOOGLE_CLIENT_ID"),
                    "secret": env.str("GOOGLE_CLIENT_SECRET"),
                    # A Workspace domain limits sign-in to it, if set: checked against
                    # the id_token's hd claim in accounts.adapter.SocialAccountAdapter.
                    "settings": {"hd": _google_domain},
                }
            ],
            "SCOPE": ["openid", "profile", "email"],
            # hd only narrows Google's account chooser; the adapter enforces it.
            "AUTH_PARAMS": {
                "prompt": "select_account",
                **({"hd": _google_domain} if _google_domain else {}),
            },
        }
    if env.str("MICROSOFT_CLIENT_ID", default=""):
        SOCIALACCOUNT_PROVIDERS["microsoft"] = {
            "APPS": [
                {
                    "client_id": env.str("MICROSOFT_CLIENT_ID"),
                    "secret": env.str("MICROSOFT_CLIENT_SECRET"),
                    # The school's Entra ID tenant ("organizations": any work account).
                    "settings": {
                        "tenant": env.str("MICROSOFT_TENANT", default="organizations")
                    },
                }
            ],
        }
    return SOCIALACCOUNT_PROVIDERS
