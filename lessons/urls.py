from django.urls import path, re_path

import core.converters  # noqa: F401 (registers <token:>, <certificate_code:>)
from lessons.views import certificates, offline, packs, player, quizzes

app_name = "lessons"

urlpatterns = [
    path("", player.home, name="home"),
    path("tracks/<slug:track_slug>/", player.track_detail, name="track"),
    path("tracks/<slug:track_slug>/leaflet/", packs.leaflet, name="leaflet"),
    path(
        "tracks/<slug:track_slug>/offline-copy/",
        offline.offline_manifest,
        name="offline_manifest",
    ),
    path("lessons/<slug:lesson_slug>/", player.lesson_detail, name="lesson"),
    path("lessons/<slug:lesson_slug>/quiz/", quizzes.lesson_quiz, name="lesson_quiz"),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/",
        player.section_detail,
        name="section",
    ),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/scenario/<slug:scenario_slug>/",
        player.scenario_choose,
        name="scenario_choose",
    ),
    path(
        "lessons/<slug:lesson_slug>/<slug:section_slug>/cards/<slug:mythfact_slug>/",
        player.mythfact_answer,
        name="mythfact_answer",
    ),
    re_path(
        r"^tracks/(?P<track_slug>[-a-z0-9]+)/check/(?P<phase>pre|post)/$",
        quizzes.knowledge_check,
        name="knowledge_check",
    ),
    path("quiz-results/<token:token>/", quizzes.quiz_result, name="quiz_result"),
    path("certificates/verify/", certificates.verify, name="verify"),
    path(
        "certificates/<certificate_code:code>/",
        certificates.certificate_detail,
        name="certificate",
    ),
    path(
        "certificates/<certificate_code:code>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path("help/", player.help_page, name="help"),
    path("sources/", player.sources, name="sources"),
    path("sources/<int:page>/", player.sources, name="sources_page"),
    path("privacy/", player.privacy, name="privacy"),
    # The service worker finds this page in a saved copy by its address: keep it
    # at offline/ under the language's prefix (static/js/offline-worker.js).
    path("offline/", offline.offline_notice, name="offline"),
]
