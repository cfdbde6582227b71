"""Why a launch is refused, in words for the teacher or school admin who must act.
Each is a 4xx page; nothing is created before a launch is accepted."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Refused(Exception):
    title: str
    message: str
    status: int = 400


ASK_AGAIN = _("Open the lesson again from your course in the LMS.")


def bad_request(message: str) -> Refused:
    return Refused(_("This launch could not be used"), message, 400)


def not_registered() -> Refused:
    return Refused(
        _("This LMS is not registered"),
        _(
            "A school admin registers it on the school's LMS connections page, with "
            "the issuer and client ID the LMS shows for our tool."
        ),
        400,
    )


def session_lost() -> Refused:
    return Refused(
        _("This launch has expired or was already used"),
        _(
            "Each launch works once, within five minutes, in the browser that started "
            "it (it needs our short-lived cookie). %(again)s If it keeps happening, "
            "allow cookies from this site in the browser."
        )
        % {"again": ASK_AGAIN},
        400,
    )


def untrusted(reason: str) -> Refused:
    return Refused(
        _("This launch could not be verified"),
        _(
            "The LMS's message did not pass our checks (%(reason)s). %(again)s If it "
            "keeps happening, a school admin should check the LMS connection: the "
            "issuer, client ID and key set URL must be those the LMS shows."
        )
        % {"reason": reason, "again": ASK_AGAIN},
        401,
    )


def awaiting_approval() -> Refused:
    return Refused(
        _("This LMS connection awaits approval"),
        _(
            "A school admin approves this deployment on the school's LMS connections "
            "page; launches work from then on."
        ),
        403,
    )


def revoked() -> Refused:
    return Refused(
        _("This LMS connection is switched off"),
        _("A school admin revoked this deployment on the LMS connections page."),
        403,
    )


def other_school() -> Refused:
    return Refused(
        _("This deployment belongs to another school"),
        _(
            "Another school approved this deployment, so it cannot open this school's "
            "lessons. A school admin should check which school's LMS connection it is."
        ),
        403,
    )


def role_not_served() -> Refused:
    return Refused(
        _("This role cannot open lessons here"),
        _(
            "Lessons open for the LMS's learners and teachers. Parents and mentors can "
            "use the site with their own account instead."
        ),
        403,
    )


def ask_teacher() -> Refused:
    return Refused(
        _("Your teacher has not opened this yet"),
        _("Ask your teacher to open this lesson once from the course; then try again."),
        403,
    )


def no_lesson() -> Refused:
    return Refused(
        _("This link names no lesson"),
        _(
            "The link in the course does not say which lesson to open. Your teacher "
            "should add the lesson again with the LMS's “add activity” (deep linking)."
        ),
        400,
    )


def not_staff() -> Refused:
    return Refused(
        _("Your account is not staff of this school"),
        _(
            "Your LMS account is linked to an account of ours that is not a member of "
            "staff of the school this LMS belongs to. Ask the school's admin to invite "
            "you to its staff."
        ),
        403,
    )


def learner_elsewhere() -> Refused:
    return Refused(
        _("Your account here is in another school"),
        _(
            "You opened lessons from another school's courses before, and an account "
            "belongs to one school. Ask your teacher: the school's admin can help."
        ),
        403,
    )
