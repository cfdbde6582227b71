"""The LMS connections pages of a school, in the reader's language."""

from django.urls import path

from lti.views import connections

app_name = "lms"
urlpatterns = [
    path("schools/<slug:slug>/lms/", connections.connections, name="connections"),
    path(
        "schools/<slug:slug>/lms/<public_id:public_id>/",
        connections.registration,
        name="registration",
    ),
    path(
        "schools/<slug:slug>/lms/deployments/<public_id:public_id>/",
        connections.deployment_decide,
        name="deployment",
    ),
]
