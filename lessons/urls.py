from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.home, name="home"),
    path("tracks/<slug:track_slug>/", views.track_detail, name="track"),
    path("lessons/<slug:lesson_slug>/", views.lesson_detail, name="lesson"),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/",
        views.section_detail,
        name="section",
    ),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/scenario/<slug:scenario_slug>/",
        views.scenario_choose,
        name="scenario_choose",
    ),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/cards/<slug:mythfact_slug>/",
        views.mythfact_answer,
        name="mythfact_answer",
    ),
    path("help/", views.help_page, name="help"),
    path("sources/", views.sources, name="sources"),
    path("privacy/", views.privacy, name="privacy"),
]
