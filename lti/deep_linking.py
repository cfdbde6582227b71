"""A deep-linking response: the lessons a teacher picked, as resource links with a
gradebook column each, signed with our key (PyLTI1p3 builds the message)."""

import jwt
from django.db import transaction
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from pylti1p3.registration import Registration as LibraryRegistration

from accounts.models import User
from lessons.models import Lesson
from lti.arrival import Pick, lesson_assign
from lti.keys import signing_key
from lti.models import Registration
from schools.models import Assignment, SchoolClass

SCORE_MAXIMUM = 100


def library_registration(registration: Registration) -> LibraryRegistration:
    """PyLTI1p3's view of a registration (it builds messages; we sign them)."""
    return (
        LibraryRegistration()
        .set_issuer(registration.issuer)
        .set_client_id(registration.client_id)
        .set_auth_token_url(registration.token_url)
    )


def sign(message: dict) -> str:
    """A JWT signed with our current key, naming it by its id."""
    key = signing_key()
    return jwt.encode(
        message, key.private_pem, algorithm="RS256", headers={"kid": key.kid}
    )


def _item(lesson: Lesson, launch_url: str) -> DeepLinkResource:
    line_item = (
        LineItem()
        .set_score_maximum(SCORE_MAXIMUM)
        .set_label(lesson.title)
        .set_resource_id(lesson.slug)
    )
    return (
        DeepLinkResource()
        .set_title(lesson.title)
        .set_url(launch_url)
        .set_custom_params({"lesson": lesson.slug})
        .set_lineitem(line_item)
    )


@transaction.atomic
def pick_answer(
    *, pick: Pick, registration: Registration, lessons: list[Lesson], launch_url: str
) -> str:
    """Assign the lessons to the course's class and return the signed response."""
    teacher = User.objects.get(pk=pick.teacher_pk)
    school_class = SchoolClass.objects.select_related("school").get(pk=pick.class_pk)
    assigned = set(
        Assignment.objects.filter(school_class=school_class).values_list(
            "lesson_id", flat=True
        )
    )
    new = [lesson for lesson in lessons if lesson.pk not in assigned]
    if new:  # a lesson assigned already keeps its due date and settings
        lesson_assign(teacher=teacher, school_class=school_class, lessons=new)
    settings = {
        "deep_link_return_url": pick.return_url,
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["iframe", "window"],
    }
    if pick.data is not None:
        settings["data"] = pick.data
    deep_link = DeepLink(
        library_registration(registration), pick.deployment_id, settings
    )
    message = deep_link.get_message_jwt(
        [_item(lesson, launch_url) for lesson in lessons]
    )
    if pick.data is None:
        message.pop("https://purl.imsglobal.org/spec/lti-dl/claim/data", None)
    return sign(message)
