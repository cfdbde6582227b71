"""Steps both locustfiles share: signing in, and opening and sending a quiz."""

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(user, username: str, password: str, headers: dict | None = None) -> bool:
    page = user.client.get(
        "/accounts/login/", name="sign in (form)", headers=headers or {}
    )
    token = CSRF.search(page.text or "")
    if not token:
        return False
    with user.client.post(
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": token[1],
            "username": username,
            "password": password,
        },
        headers=headers or {},
        name="sign in",
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        if answer.status_code != 302:
            answer.failure(f"sign-in of {username} answered {answer.status_code}")
            return False
    return True


def send_quiz(user, url: str, headers: dict | None = None, name: str = "quiz"):
    """Open a quiz and send an answer to each question (the first option)."""
    page = user.client.get(url, name=f"{name} page", headers=headers or {})
    html = page.text or ""
    attempt = re.search(r'name="attempt" value="([^"]+)"', html)
    token = CSRF.search(html)
    if not attempt or not token:
        return None
    data = {"csrfmiddlewaretoken": token[1], "attempt": attempt[1]}
    for question in dict.fromkeys(re.findall(r'name="(q\d+)"', html)):
        data[question] = re.search(rf'name="{question}" value="([^"]+)"', html)[1]
    with user.client.post(
        url,
        data=data,
        headers=headers or {},
        name=f"{name} submission",
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        if answer.status_code != 302:
            answer.failure(f"quiz answered {answer.status_code}")
        return answer
