from django.contrib import admin
from django.urls import include, path

from elearning import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("schools.urls")),
    path("", include("lessons.urls")),
]
