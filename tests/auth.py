"""Signing in through the real sign-in page, as a person does (and as django-axes
sees it, with a request)."""

from django.test import Client
from django.urls import reverse


def sign_in(client: Client, username: str, password: str) -> bool:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302
