import re
from datetime import date
from typing import TypeVar

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lessons.helplines import helpline_countries
from lessons.models import Lesson, Track
from lessons.selectors import content_locale
from schools.models import Assignment, School, SchoolClass, StaffMembership
from schools.selectors.classes import class_by_join_code, class_students
from schools.selectors.schools import school_by_parent_code
from schools.services.assignments import DUE_DATE_PAST, NOT_IN_CLASS
from schools.services.students import MAX_BULK

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,29}$")
USERNAME_RULES = _(
    "3 to 30 characters: letters, digits, dots, dashes or underscores, starting with "
    "a letter or digit. No email address."
)
USERNAME_TAKEN = _("That username is taken. Try adding a number or a word.")
CODE_NOT_VALID = _(
    "That code does not match an open class. Check it with your teacher: codes have "
    "6 letters and digits."
)
PARENT_CODE_NOT_VALID = _(
    "That code does not match a school's parent group. Check it with the school."
)
NAME_HAS_AT = _("Use a first name or a nickname, not an email address.")


def _typed_code(value: str) -> str:
    """A code as typed ('ab3-k7q ') as it is stored ('AB3K7Q')."""
    return re.sub(r"[\s-]", "", value).upper()


Found = TypeVar("Found")


def _found(found: Found | None, message: str) -> Found:
    """What a code opens, or the error that it opens nothing."""
    if found is None:
        raise ValidationError(message, code="bad_code")
    return found


def _clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationError(_("Enter a name."), code="required")
    if "@" in name:
        raise ValidationError(NAME_HAS_AT, code="email_as_name")
    return name


class SchoolForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"))

    class Meta:
        model = School
        fields = ["name", "country"]
        labels = {"name": _("School name")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        countries = helpline_countries(locale=content_locale())
        self.fields["country"].choices = [("", "—")] + [
            (c.code, c.name) for c in countries
        ]
        self.fields["country"].help_text = _(
            "Sets the helplines your students and staff see first."
        )

    def clean_name(self) -> str:
        return _clean_name(self.cleaned_data["name"])


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=StaffMembership.Role.choices, initial="teacher"
    )


class SchoolClassForm(forms.ModelForm):
    class Meta:
        model = SchoolClass
        fields = ["name", "year_group"]
        labels = {"name": _("Class name"), "year_group": _("Year group")}
        help_texts = {"year_group": _("Optional, e.g. Year 9 or Grade 8.")}

    def clean_name(self) -> str:
        return _clean_name(self.cleaned_data["name"])


class JoinCodeForm(forms.Form):
    code = forms.CharField(label=_("Class code"), max_length=20)

    def clean_code(self) -> str:
        code = _typed_code(self.cleaned_data["code"])
        self.school_class = _found(class_by_join_code(code=code), CODE_NOT_VALID)
        return code


class StudentPasswordMixin:
    def validate_student_password(self, password: str, username: str) -> None:
        """A minimum a 13-year-old can manage (8 characters), but not a common
        password, a number or something like the username."""
        candidate = User(username=username, kind=User.Kind.STUDENT)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            self.add_error("password", error)


class StudentJoinForm(StudentPasswordMixin, JoinCodeForm):
    display_name = forms.CharField(
        label=_("Your first name or a nickname"),
        max_length=40,
        help_text=_("Your teacher sees this name. No surname needed."),
    )
    username = forms.CharField(
        label=_("Choose a username"), max_length=30, help_text=USERNAME_RULES
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. Not a common word or only numbers."),
    )

    def clean_display_name(self) -> str:
        return _clean_name(self.cleaned_data["display_name"])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if not USERNAME.match(username):
            raise ValidationError(USERNAME_RULES, code="bad_username")
        return username

    def clean(self) -> dict:
        cleaned = super().clean()
        # Whether a username is taken is told only to someone with a valid code, so
        # that the join page cannot be used to find out who has an account.
        username = cleaned.get("username")
        if (
            username
            and "code" not in self.errors
            and User.objects.filter(username__iexact=username).exists()
        ):
            self.add_error(
                "username", ValidationError(USERNAME_TAKEN, code="username_taken")
            )
        if cleaned.get("password") and cleaned.get("username"):
            self.validate_student_password(cleaned["password"], cleaned["username"])
        return cleaned


class BulkStudentsForm(forms.Form):
    names = forms.CharField(
        label=_("Students' names, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        # Formatted when shown (format_lazy), so it is in the reader's language.
        help_text=format_lazy(
            _(
                "Up to {max}. A first name or a nickname is enough: no surnames or "
                "email addresses."
            ),
            max=MAX_BULK,
        ),
    )

    def clean_names(self) -> list[str]:
        lines = [
            " ".join(line.split()) for line in self.cleaned_data["names"].splitlines()
        ]
        names = [line for line in lines if line]
        if not names:
            raise ValidationError(_("Enter at least one name."), code="empty")
        if len(names) > MAX_BULK:
            raise ValidationError(
                _(
                    "That is %(count)s names; at most %(max)s can be created at once. "
                    "Split the list and create them in parts."
                )
                % {"count": len(names), "max": MAX_BULK},
                code="too_many",
            )
        for name in names:
            if "@" in name:
                raise ValidationError(NAME_HAS_AT, code="email_as_name")
            if len(name) > 40:
                raise ValidationError(
                    _("“%(name)s…” is too long: keep names under 40 characters.")
                    % {"name": name[:20]},
                    code="too_long",
                )
        return names


class AssignmentForm(forms.Form):
    """Assign one lesson, or every lesson of a track, to the class or some students."""

    what = forms.ChoiceField(label=_("What to assign"))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional."),
    )
    reveal = forms.ChoiceField(
        label=_("Quiz answers"),
        choices=Assignment.Reveal.choices,
        initial=Assignment.Reveal.AT_ONCE,
        widget=forms.RadioSelect,
        help_text=_(
            "This applies to your students' own results. The lessons are public: "
            "anyone can try a quiz without signing in and see its answers, so "
            "holding them back does not keep them secret."
        ),
    )
    # By public id, not the row's id: a number too big for the database (which
    # Django's field does not catch) or a guess at another id is just not a choice.
    students = forms.ModelMultipleChoiceField(
        label=_("Only these students"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to assign to the whole class."),
        error_messages={
            "invalid_choice": NOT_IN_CLASS,
            "invalid_pk_value": NOT_IN_CLASS,
        },
    )

    def __init__(self, *args, school_class: SchoolClass, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tracks = Track.objects.prefetch_related("lessons")
        choices = []
        for track in tracks:
            options = [
                (
                    f"track:{track.slug}",
                    _("All lessons of “%(t)s”") % {"t": track.title},
                )
            ]
            options += [
                (f"lesson:{lesson.slug}", lesson.title)
                for lesson in track.lessons.all()
                if lesson.is_published
            ]
            choices.append((track.title, options))
        self.fields["what"].choices = choices
        self.fields["students"].queryset = class_students(school_class=school_class)
        self.fields["students"].label_from_instance = lambda user: user.display_name

    def clean_due_date(self) -> date | None:
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(DUE_DATE_PAST, code="past")
        return due

    def lessons(self) -> list[Lesson]:
        kind, slug = self.cleaned_data["what"].split(":", 1)
        lessons = Lesson.objects.filter(is_published=True)
        if kind == "track":
            return list(lessons.filter(track__slug=slug).order_by("position"))
        return list(lessons.filter(slug=slug))


class ParentCodeForm(forms.Form):
    code = forms.CharField(label=_("The school's parent code"), max_length=20)

    def clean_code(self) -> str:
        code = _typed_code(self.cleaned_data["code"])
        self.school = _found(school_by_parent_code(code=code), PARENT_CODE_NOT_VALID)
        return code


class TaughtForm(forms.Form):
    """Presenter mode's last slide: the day the lesson was taught to the class."""

    taught_on = forms.DateField(
        label=_("Taught on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, for example 2026-12-01.")},
    )
