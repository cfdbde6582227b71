"""What an accepted launch does: the deployment it came through, who the person is
(the least we can know), the class an LMS course becomes, and where they go next.

A launch refused for any reason writes nothing, except that a deployment seen for
the first time is noted as awaiting approval (the connections page lists it)."""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_create_student
from core.codes import random_code
from lessons.models import Lesson
from lti import refusals
from lti.launch import CLAIM, DEEP_LINKING, VerifiedLaunch
from lti.models import Course, Deployment, Identity, Placement
from lti.platform_http import https_parts
from lti.roles import Role, our_role
from schools.models import Assignment, SchoolClass, StaffMembership
from schools.services.assignments import assignments_create
from schools.services.classes import class_create
from schools.services.students import OtherSchool, enrolment_create

AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)
SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


@dataclass(frozen=True)
class PendingLink:
    """A teacher's LMS identity, waiting for them to sign in and link it."""

    issuer: str
    subject: str
    roles: str
    school_pk: int
    lms_name: str


@dataclass(frozen=True)
class Handoff:
    """Where the "Open the lesson" link leads, and who it signs in."""

    destination: str
    learner_pk: int | None = None  # a learner, signed in at once
    staff_pk: int | None = None  # a linked teacher: signed in by our sign-in page
    link: PendingLink | None = None


@dataclass(frozen=True)
class Pick:
    """A teacher's deep-linking request, waiting for their choice of lessons."""

    registration_pk: int
    deployment_id: str
    return_url: str
    data: str | None
    accept_multiple: bool
    class_pk: int
    teacher_pk: int
    language: str = "en"


@dataclass(frozen=True)
class Arrival:
    handoff: Handoff | None = None
    pick: Pick | None = None


def _deployment_key(launch: VerifiedLaunch) -> dict:
    return {
        "issuer": launch.registration.issuer,
        "client_id": launch.registration.client_id,
        "deployment_id": launch.claims[CLAIM + "deployment_id"],
    }


def deployment_for_launch(launch: VerifiedLaunch) -> Deployment:
    """The approved deployment of the launch's school, or a refusal. A deployment
    seen for the first time is noted (committed) as awaiting approval."""
    deployment = Deployment.objects.filter(**_deployment_key(launch)).first()
    if deployment is None:
        try:
            with transaction.atomic():
                Deployment.objects.create(**_deployment_key(launch))
        except IntegrityError:  # noted a moment ago by another launch
            pass
        raise refusals.awaiting_approval()
    if deployment.school_id not in (None, launch.registration.school_id):
        raise refusals.other_school()
    if deployment.status == Deployment.Status.PENDING:
        raise refusals.awaiting_approval()
    if deployment.status == Deployment.Status.REVOKED:
        raise refusals.revoked()
    return deployment


def _roles_text(launch: VerifiedLaunch) -> str:
    return " ".join(launch.claims[CLAIM + "roles"])[:2000]


def _context_id(launch: VerifiedLaunch) -> str:
    context = launch.claim("context", {})
    context_id = context.get("id")
    if not isinstance(context_id, str) or not context_id or len(context_id) > 255:
        raise refusals.bad_request(_("The launch names no course (context)."))
    return context_id


def _course_name(launch: VerifiedLaunch) -> str:
    context = launch.claim("context", {})
    for key in ("title", "label"):
        value = context.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:100]
    return _("LMS course")


def _lesson(launch: VerifiedLaunch) -> Lesson:
    """The lesson a resource link names: the `lesson` custom parameter we put in the
    deep-linking item."""
    slug = launch.claim("custom", {}).get("lesson")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise refusals.no_lesson()
    lesson = Lesson.objects.filter(slug=slug, is_published=True).first()
    if lesson is None:
        raise refusals.no_lesson()
    return lesson


def _resource_link_id(launch: VerifiedLaunch) -> str:
    value = launch.claim("resource_link", {}).get("id")
    if not isinstance(value, str) or not value or len(value) > 255:
        raise refusals.bad_request(_("The launch names no resource link."))
    return value


def _line_item_url(launch: VerifiedLaunch) -> str:
    """The gradebook column's address, when the LMS lets us send scores to it."""
    endpoint = launch.claims.get(AGS_ENDPOINT)
    if not isinstance(endpoint, dict):
        return ""
    url, scopes = endpoint.get("lineitem"), endpoint.get("scope")
    if https_parts(url) is None or len(url) > 500:
        return ""
    return url if isinstance(scopes, list) and SCORE_SCOPE in scopes else ""


def _placement(course: Course, launch: VerifiedLaunch, lesson: Lesson) -> Placement:
    placement, _created = Placement.objects.update_or_create(
        course=course,
        resource_link_id=_resource_link_id(launch),
        defaults={"lesson": lesson, "line_item_url": _line_item_url(launch)},
    )
    return placement


@transaction.atomic
def launch_accept(launch: VerifiedLaunch, deployment: Deployment) -> Arrival:
    role = our_role(launch.claims[CLAIM + "roles"])
    if role is Role.NONE:
        raise refusals.role_not_served()
    context_id = _context_id(launch)
    if role is Role.TEACHER:
        return _teacher_arrives(launch, deployment, context_id)
    return _learner_arrives(launch, deployment, context_id)


def _teacher_arrives(
    launch: VerifiedLaunch, deployment: Deployment, context_id: str
) -> Arrival:
    identity = (
        Identity.objects.filter(
            issuer=launch.registration.issuer, subject=launch.claims["sub"]
        )
        .select_related("user")
        .first()
    )
    if identity is None:
        link = PendingLink(
            issuer=launch.registration.issuer,
            subject=launch.claims["sub"],
            roles=_roles_text(launch),
            school_pk=deployment.school_id,
            lms_name=launch.registration.name,
        )
        return Arrival(handoff=Handoff(destination=reverse("lti:link"), link=link))
    teacher = identity.user
    if not StaffMembership.objects.filter(
        school_id=deployment.school_id, user=teacher
    ).exists():
        raise refusals.not_staff()
    identity.roles = _roles_text(launch)
    identity.save(update_fields=["roles", "updated_at"])
    course = _course(launch, deployment, context_id, teacher)
    if launch.message_type == DEEP_LINKING:
        return Arrival(pick=_pick(launch, course, teacher))
    lesson = _lesson(launch)
    _placement(course, launch, lesson)
    assigned = Assignment.objects.filter(
        school_class_id=course.school_class_id, lesson=lesson
    )
    if not assigned.exists():
        lesson_assign(
            teacher=teacher, school_class=course.school_class, lessons=[lesson]
        )
    destination = reverse("lessons:lesson", args=[lesson.slug])
    return Arrival(handoff=Handoff(destination=destination, staff_pk=teacher.pk))


def _course(
    launch: VerifiedLaunch, deployment: Deployment, context_id: str, teacher: User
) -> Course:
    """The course's class: made by the first teacher who opens it (of two opening
    it at once, the second finds the first's)."""
    found = Course.objects.filter(deployment=deployment, context_id=context_id)
    course = found.first()
    if course is not None:
        return course
    try:
        with transaction.atomic():
            school_class = class_create(
                school=deployment.school,
                teacher=teacher,
                name=_course_name(launch),
                year_group="",
            )
            return Course.objects.create(
                deployment=deployment, context_id=context_id, school_class=school_class
            )
    except IntegrityError:
        return found.get()


def lesson_assign(*, teacher: User, school_class: SchoolClass, lessons: list[Lesson]):
    """Lessons placed in the course are the class's work, for the whole class."""
    assignments_create(
        actor=teacher,
        school_class=school_class,
        lessons=lessons,
        due_date=None,
        reveal=Assignment.Reveal.AT_ONCE,
        students=[],
    )


def _pick(launch: VerifiedLaunch, course: Course, teacher: User) -> Pick:
    settings = launch.claims[DEEP_LINKING_SETTINGS]
    return_url = settings.get("deep_link_return_url")
    if https_parts(return_url) is None or len(return_url) > 2000:
        raise refusals.bad_request(
            _("The deep-linking request has no https return URL.")
        )
    data = settings.get("data")
    accept_multiple = settings.get("accept_multiple") in (True, "true")
    return Pick(
        registration_pk=launch.registration.pk,
        deployment_id=launch.claims[CLAIM + "deployment_id"],
        return_url=return_url,
        data=data if isinstance(data, str) else None,
        accept_multiple=accept_multiple,
        class_pk=course.school_class_id,
        teacher_pk=teacher.pk,
        language=launch.language,
    )


def _learner_arrives(
    launch: VerifiedLaunch, deployment: Deployment, context_id: str
) -> Arrival:
    if launch.message_type == DEEP_LINKING:
        raise refusals.role_not_served()
    course = (
        Course.objects.filter(deployment=deployment, context_id=context_id)
        .select_related("school_class")
        .first()
    )
    if course is None:
        raise refusals.ask_teacher()
    lesson = _lesson(launch)
    learner = _learner(launch)
    try:
        enrolment_create(school_class=course.school_class, student=learner)
    except OtherSchool:
        raise refusals.learner_elsewhere() from None
    _placement(course, launch, lesson)
    destination = reverse("lessons:lesson", args=[lesson.slug])
    return Arrival(handoff=Handoff(destination=destination, learner_pk=learner.pk))


def _learner(launch: VerifiedLaunch) -> User:
    """The learner's student account, made at their first launch: a username of
    ours, their given name (or "Learner"), no email and no usable password."""
    issuer, subject = launch.registration.issuer, launch.claims["sub"]
    identity = (
        Identity.objects.filter(issuer=issuer, subject=subject)
        .select_related("user")
        .first()
    )
    if identity is not None:
        if not identity.user.is_student:
            raise refusals.role_not_served()
        identity.roles = _roles_text(launch)
        identity.save(update_fields=["roles", "updated_at"])
        return identity.user
    given = launch.claims.get("given_name")
    name = given.strip()[:80] if isinstance(given, str) and given.strip() else ""
    try:
        with transaction.atomic():
            learner = user_create_student(
                username=f"lms.{random_code(10).lower()}",
                # In the launch's language (the LMS's locale, when ours).
                display_name=name or _("Learner"),
                password=None,
            )
            Identity.objects.create(
                issuer=issuer, subject=subject, user=learner, roles=_roles_text(launch)
            )
    except IntegrityError:  # their other launch, a moment ago, made the account
        return (
            Identity.objects.select_related("user")
            .get(issuer=issuer, subject=subject)
            .user
        )
    return learner
