"""The addresses an LMS and a launch use, outside the language prefixes (an LMS
calls them by one fixed address)."""

from django.urls import path

from lti.views import deep_linking, linking, protocol

app_name = "lti"
urlpatterns = [
    path("jwks.json", protocol.jwks, name="jwks"),
    path("login/", protocol.login, name="login"),
    path("launch/", protocol.launch, name="launch"),
    path("go/<token:token>/", protocol.go, name="go"),
    path("link/", linking.link, name="link"),
    path("pick/<token:token>/", deep_linking.pick_submit, name="pick"),
]
