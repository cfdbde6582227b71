from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import core.converters  # noqa: F401 (registers <language:>)
from elearning import views
from elearning.language import language_switch

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    # At the root, so that the offline copy's worker may answer for every page.
    path("sw.js", views.offline_worker, name="offline_worker"),
    path("language/<language:language>/", language_switch, name="language_switch"),
    path("lti/", include("lti.urls")),
]
# English at the addresses it always had; Spanish under /es/ (elearning/language.py).
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("lti.page_urls")),
    path("", include("schools.urls")),
    path("", include("lessons.urls")),
    prefix_default_language=False,
)
