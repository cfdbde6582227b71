from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/home.html")


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/help.html")


@require_safe
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/sources.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/privacy.html")
