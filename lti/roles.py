"""Which of our roles an LMS's roles give: a teacher, a learner, or none we serve."""

from enum import Enum

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person"

# Context roles (and their sub-roles, "membership/Instructor#TeachingAssistant").
_TEACHING = ("Instructor", "Administrator", "ContentDeveloper")
_LEARNING = ("Learner",)
# Institution roles, read only when a launch carries no context role.
_INSTITUTION_TEACHING = ("Instructor", "Faculty", "Administrator", "Staff")
_INSTITUTION_LEARNING = ("Student", "Learner")


class Role(Enum):
    TEACHER = "teacher"
    LEARNER = "learner"
    NONE = "none"


def _names(roles: list[str], vocabulary: str) -> set[str]:
    """The role names of one vocabulary: "...membership#Instructor" and
    "...membership/Instructor#TeachingAssistant" both give "Instructor"."""
    names = set()
    for role in roles:
        if role.startswith(vocabulary + "#"):
            names.add(role[len(vocabulary) + 1 :])
        elif role.startswith(vocabulary + "/"):
            names.add(role[len(vocabulary) + 1 :].split("#", 1)[0])
        elif "/" not in role and "#" not in role and vocabulary == MEMBERSHIP:
            names.add(role)  # the short form LTI 1.3 allows for context roles
    return names


def our_role(roles: list[str]) -> Role:
    context = _names(roles, MEMBERSHIP)
    if context:
        if context & set(_TEACHING):
            return Role.TEACHER
        if context & set(_LEARNING):
            return Role.LEARNER
        return Role.NONE  # a mentor, a member, a guest: not served
    institution = _names(roles, INSTITUTION)
    if institution & set(_INSTITUTION_TEACHING):
        return Role.TEACHER
    if institution & set(_INSTITUTION_LEARNING):
        return Role.LEARNER
    return Role.NONE
