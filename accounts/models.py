from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.codes import public_id

# Referred to by migrations under this name.
generate_public_id = public_id


def validate_username(value: str) -> None:
    """A student's username (letters, digits and @.+-_), or an adult's, which is their
    email address: any address Django's EmailValidator accepts, such as o'brien@x."""
    try:
        UnicodeUsernameValidator()(value)
    except ValidationError:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("Enter a username of letters, digits and @/./+/-/_, or an email."),
                code="invalid",
            ) from None


class User(AbstractUser):
    """A person who signs in: an adult (email and password) or a student.

    Students are created by joining a class or by a teacher; they have a username and
    a display name only: no email, no birth date and no surname is ever asked for.
    """

    class Kind(models.TextChoices):
        ADULT = "adult", _("Adult")
        STUDENT = "student", _("Student")

    username_validator = validate_username
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        validators=[validate_username],
        error_messages={"unique": _("A user with that username already exists.")},
    )
    # AbstractUser's first and last names stay empty: the display name is all we ask.
    display_name = models.CharField(_("display name"), max_length=80)
    # For URLs about a learner: random, so ids cannot be guessed in sequence.
    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=generate_public_id
    )
    email = models.EmailField(_("email address"), blank=True)
    kind = models.CharField(
        _("account kind"), max_length=16, choices=Kind.choices, default=Kind.ADULT
    )
    # The language chosen with the switch in the header ("" until one is chosen):
    # the site opens in it at the next sign-in, and certificates print in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            # Who signed in lately: the platform overview's "active" column.
            models.Index(fields=["last_login"], name="accounts_user_last_login"),
        ]
        constraints = [
            # Adults sign in with their email, so it must identify one account;
            # students have none, so the rule applies to non-empty emails only.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_unique_email_ci",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="student") | models.Q(email=""),
                name="accounts_user_student_has_no_email",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_student(self) -> bool:
        return self.kind == self.Kind.STUDENT

    def get_short_name(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or self.username
