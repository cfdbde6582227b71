"""Answering quizzes through the real pages, as a learner would."""

import re

from django.urls import reverse

from lessons.models import Question


def question_names(html: str) -> list[str]:
    """The quiz page's question fields (q<pk>), in page order."""
    return list(dict.fromkeys(re.findall(r'name="(q\d+)"', html)))


def chosen(name: str, *, right: bool) -> list[str]:
    """The option values to tick for question field `name`: every correct one, or
    one wrong one."""
    question = Question.objects.prefetch_related("options").get(pk=int(name[1:]))
    options = list(question.options.all())
    if right:
        return [str(o.pk) for o in options if o.is_correct]
    return [str(next(o for o in options if not o.is_correct).pk)]


def answers(html: str, *, right: bool) -> dict[str, list[str]]:
    """Answers for every question on a quiz page: all right, or all wrong."""
    data = {name: chosen(name, right=right) for name in question_names(html)}
    token = re.search(r'name="attempt" value="([^"]+)"', html)
    if token:
        data["attempt"] = [token[1]]
    return data


def take_quiz(client, url: str, *, right: bool = True):
    """Open the quiz, answer it, and return the response to the submission."""
    html = client.get(url).content.decode()
    return client.post(url, answers(html, right=right))


def pass_lesson_quiz(client, lesson_slug: str):
    response = take_quiz(client, reverse("lessons:lesson_quiz", args=[lesson_slug]))
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def question(slug: str) -> Question:
    """A question of the builder tree's first lesson, with its options."""
    return Question.objects.prefetch_related("options").get(
        slug=slug, quiz__lesson__slug="first-lesson"
    )


def option_ids(q: Question, *slugs: str) -> set[int]:
    return {o.pk for o in q.options.all() if o.slug in slugs}
