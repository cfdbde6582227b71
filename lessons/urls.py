from django.urls import path

from lessons import views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("sources/", views.sources, name="sources"),
    path("privacy/", views.privacy, name="privacy"),
]
