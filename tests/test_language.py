"""Choosing a language (elearning/language.py), and one lesson whatever the
language it is read in."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lessons.content.schema import HELPLINE_KINDS
from lessons.helplines import KIND_NAMES
from lessons.models import Lesson
from tests.lessons.pseudo_translation import marked

pytestmark = pytest.mark.django_db

LESSON = "/lessons/first-lesson/"


def es(path: str) -> str:
    return f"/es{path}"


# A first visit, and the reader's saved choice


def test_a_first_visit_goes_to_the_browsers_language_on_the_same_page(client, content):
    response = client.get(LESSON + "?x=1", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == es(LESSON) + "?x=1"
    assert {"Accept-Language", "Cookie"} <= set(
        response["Vary"].replace(" ", "").split(",")
    )


def test_a_browser_asking_for_a_language_we_lack_stays_in_english(client, content):
    response = client.get(LESSON, HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8")

    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_a_reader_who_chose_english_is_not_sent_away_from_it(client, content):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(LESSON, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200


def test_a_signed_in_reader_goes_to_their_profiles_language(client, content, student):
    student.language = "es"
    student.save()
    client.force_login(student)

    assert client.get("/")["Location"] == "/es/"
    # ...and their profile outweighs the browser.
    student.language = "en"
    student.save()
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200


def test_posts_and_htmx_requests_are_never_redirected(client, content):
    assert (
        client.get(
            LESSON, HTTP_ACCEPT_LANGUAGE="es", HTTP_HX_REQUEST="true"
        ).status_code
        == 200
    )
    response = client.post("/join/", {}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code != 302 or not response["Location"].startswith("/es/")


def test_the_switch_keeps_the_page_and_saves_the_choice(client, content, student):
    client.force_login(student)

    response = client.get(
        reverse("language_switch", args=["es"]), {"next": LESSON + "?tab=2"}
    )

    assert response.status_code == 302
    assert response["Location"] == es(LESSON) + "?tab=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    student.refresh_from_db()
    assert student.language == "es"

    back = client.get(reverse("language_switch", args=["en"]), {"next": es(LESSON)})
    assert back["Location"] == LESSON
    student.refresh_from_db()
    assert student.language == "en"


def test_the_switch_never_leaves_the_site(client, content):
    response = client.get(
        reverse("language_switch", args=["es"]), {"next": "https://elsewhere.example/x"}
    )

    assert response["Location"] == "/es/"


def test_the_switch_refuses_a_language_we_do_not_have(client, content):
    response = client.get(reverse("language_switch", args=["xx"]))

    assert response.status_code == 400
    assert "not available" in response.content.decode()


def test_every_page_names_its_language_and_its_other_languages(client, content):
    html = client.get(es(LESSON)).content.decode()

    assert '<html lang="es"' in html
    assert f'hreflang="en" href="http://testserver{LESSON}"' in html
    assert f'hreflang="es" href="http://testserver{es(LESSON)}"' in html
    assert f'hreflang="x-default" href="http://testserver{LESSON}"' in html
    # The switch names English in English.
    assert 'lang="en" hreflang="en">English</a>' in html


def test_a_visitors_cached_page_is_one_language(client, content):
    english = client.get(LESSON).content.decode()
    spanish = client.get(es(LESSON)).content.decode()
    english_again = client.get(LESSON).content.decode()

    assert marked("The first lesson") in spanish
    assert marked("The first lesson") not in english_again
    assert english == english_again


def test_every_kind_of_help_line_has_a_translated_name():
    assert KIND_NAMES.keys() == HELPLINE_KINDS.keys()


# One lesson, whatever the language


def test_a_lesson_read_in_spanish_is_the_same_lesson(content):
    lesson = Lesson.objects.get(slug="first-lesson")

    with translation.override("es"):
        assert lesson.title == marked("The first lesson")
        assert lesson.sections.first().title == marked("How it starts")
    with translation.override("en"):
        assert lesson.title == "The first lesson"


def test_a_country_without_lines_in_spanish_is_shown_from_english(client, content):
    from lessons.models import HelplineCountry

    [spanish_only] = HelplineCountry.objects.filter(locale="es", code="GB")
    spanish_only.delete()

    html = client.get("/es/help/?country=GB").content.decode()

    assert "Las líneas de ayuda de este país solo las tenemos en inglés." in html
    assert '<li class="help-line mb-3" lang="en">' in html
    assert '<option value="GB"\n          lang="en"' in html


def test_an_adult_who_signs_up_in_spanish_is_written_to_in_spanish(client, db):
    from django.core import mail

    from tests.auth import sign_up

    with translation.override("es"):
        sign_up(client, "Lucía", "lucia@example.org", "una-frase-larga-y-segura")

    [message] = mail.outbox
    assert "Hola, te escribimos desde" in message.body
    assert "/es/accounts/confirm-email/" in message.body
    assert "Confirm" not in message.subject


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_gets_the_400_page_not_a_500(client):
    """The 400 page's language links must not ask for the refused host again."""
    response = client.get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert 'hreflang="es" href="/es/"' in response.content.decode()
