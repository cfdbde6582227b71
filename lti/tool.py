"""What an LMS is told about our tool: its addresses, and Canvas's JSON form of them."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from core.site import site_name

# The Assignment and Grade Services scopes we ask for: a line item per lesson
# placed, and scores into it. We never read the LMS's results or its rosters.
AGS_SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
)


@dataclass(frozen=True)
class ToolUrls:
    login: str
    launch: str
    jwks: str
    deep_link: str
    domain: str


def tool_urls(request: HttpRequest) -> ToolUrls:
    launch = request.build_absolute_uri(reverse("lti:launch"))
    return ToolUrls(
        login=request.build_absolute_uri(reverse("lti:login")),
        launch=launch,
        jwks=request.build_absolute_uri(reverse("lti:jwks")),
        # Deep-linking requests arrive at the launch address too.
        deep_link=launch,
        domain=request.get_host(),
    )


def canvas_configuration(urls: ToolUrls) -> dict:
    """Canvas's developer key "Paste JSON" configuration. Privacy "name_only": a
    learner's given name becomes their display name (the rest is never kept);
    "anonymous" works too, every learner then named "Learner"."""
    placement = {
        "message_type": "LtiDeepLinkingRequest",
        "target_link_uri": urls.launch,
    }
    return {
        "title": str(site_name()),
        "description": "Lessons on sextortion for students, staff and parents.",
        "oidc_initiation_url": urls.login,
        "target_link_uri": urls.launch,
        "public_jwk_url": urls.jwks,
        "scopes": list(AGS_SCOPES),
        "extensions": [
            {
                "domain": urls.domain,
                "platform": "canvas.instructure.com",
                "privacy_level": "name_only",
                "settings": {
                    "placements": [
                        {"placement": "link_selection", **placement},
                        {"placement": "assignment_selection", **placement},
                    ]
                },
            }
        ],
        "custom_fields": {},
    }
