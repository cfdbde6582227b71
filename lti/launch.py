"""Login initiation and the launch's checks, stricter than the protocol library.

The login step keeps its state and nonce in the shared cache (five minutes, used
once) and the state in a `Secure; HttpOnly; SameSite=None` cookie too: the launch
must come back in the same browser, once. The launch's `id_token` must be an RS256
JWT signed by a key of the LMS's key set (named by its `kid`; the set is kept an hour
and fetched again once for a `kid` it lacks), with `exp`, `iat`, `sub` and `nonce`,
our client id in `aud` (and in `azp` when `aud` names several), and a message type
we serve; PyLTI1p3's validators then check the message's own claims."""

import secrets
from dataclasses import dataclass
from hashlib import sha256
from urllib.parse import urlencode, urlsplit

import jwt
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from pylti1p3.exception import LtiException
from pylti1p3.message_validators import get_validators

from lti import refusals
from lti.models import Deployment, Registration
from lti.platform_http import PlatformUnreachable, platform_json

STATE_COOKIE = "lti_state"
STATE_SECONDS = 300
JWKS_SECONDS = 3600
LEEWAY_SECONDS = 60
MAX_TOKEN_LENGTH = 64 * 1024

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = CLAIM + "message_type"
RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
MESSAGE_TYPES = (RESOURCE_LINK, DEEP_LINKING)


@dataclass(frozen=True)
class LoginState:
    registration_pk: int
    nonce: str


@dataclass(frozen=True)
class VerifiedLaunch:
    registration: Registration
    claims: dict

    @property
    def message_type(self) -> str:
        return self.claims[MESSAGE_TYPE]

    @property
    def language(self) -> str:
        """Ours closest to the launch's locale ("es-MX": Spanish), else English."""
        locale = self.claim("launch_presentation", {}).get("locale")
        if isinstance(locale, str) and locale:
            try:
                return get_supported_language_variant(locale.split("-")[0].lower())
            except LookupError:
                pass
        return settings.LANGUAGE_CODE

    def claim(self, name: str, default=None):
        value = self.claims.get(CLAIM + name, default)
        return value if isinstance(value, type(default)) or default is None else default


def _state_key(state: str) -> str:
    return "lti:state:" + sha256(state.encode()).hexdigest()


def _nonce_key(nonce: str) -> str:
    return "lti:nonce:" + sha256(nonce.encode()).hexdigest()


def _text(params, name: str, *, required: bool = True, limit: int = 2048) -> str:
    value = params.get(name, "")
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise refusals.bad_request(
            _("The parameter %(name)s is not valid.") % {"name": name}
        )
    if required and not value:
        raise refusals.bad_request(
            _("The parameter %(name)s is missing.") % {"name": name}
        )
    return value


def login_registration(params) -> Registration:
    """The registration a login initiation names (issuer, and client id if sent)."""
    issuer = _text(params, "iss").rstrip("/")
    client_id = _text(params, "client_id", required=False, limit=255)
    deployment_id = _text(params, "lti_deployment_id", required=False, limit=255)
    registrations = Registration.objects.filter(
        issuer=issuer, school__is_active=True
    ).select_related("school")
    if client_id:
        registrations = registrations.filter(client_id=client_id)
    found = list(registrations.order_by("created_at")[:10])
    if not found:
        raise refusals.not_registered()
    if len({r.client_id for r in found}) > 1:
        raise refusals.bad_request(
            _("The LMS must send its client_id: it has several registrations here.")
        )
    if deployment_id:  # a district's LMS: the school that approved the deployment
        owner = (
            Deployment.objects.filter(
                issuer=issuer, client_id=found[0].client_id, deployment_id=deployment_id
            )
            .values_list("school_id", flat=True)
            .first()
        )
        found.sort(key=lambda r: r.school_id != owner)
    return found[0]


def login_redirect(request: HttpRequest, params) -> tuple[str, str]:
    """Where to send the browser (the LMS's authorization URL) and the state to keep
    in its cookie."""
    registration = login_registration(params)
    login_hint = _text(params, "login_hint")
    target = _text(params, "target_link_uri")
    ours = urlsplit(request.build_absolute_uri(reverse("lti:launch")))
    try:
        asked = urlsplit(target)
    except ValueError:  # "https://[": not a URL at all
        asked = None
    if asked is None or (asked.scheme, asked.netloc, asked.path) != (
        ours.scheme,
        ours.netloc,
        ours.path,
    ):
        raise refusals.bad_request(
            _("The target link is not this site's launch address.")
        )
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    cache.set(_state_key(state), LoginState(registration.pk, nonce), STATE_SECONDS)
    cache.set(_nonce_key(nonce), True, STATE_SECONDS)
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": registration.client_id,
        "redirect_uri": ours.geturl(),
        "login_hint": login_hint,
        "state": state,
        "nonce": nonce,
    }
    message_hint = _text(params, "lti_message_hint", required=False)
    if message_hint:
        query["lti_message_hint"] = message_hint
    separator = "&" if urlsplit(registration.login_url).query else "?"
    return registration.login_url + separator + urlencode(query), state


def _take_state(request: HttpRequest) -> LoginState:
    """The login's state, once: the form's and the cookie's must agree, and the
    first launch to use it removes it."""
    posted = _text(request.POST, "state", required=False, limit=200)
    cookie = request.COOKIES.get(STATE_COOKIE, "")
    if not posted or not cookie or not constant_time_compare(posted, cookie):
        raise refusals.session_lost()
    key = _state_key(posted)
    login = cache.get(key)
    if not isinstance(login, LoginState) or not cache.delete(key):
        raise refusals.session_lost()
    return login


def _platform_keys(registration: Registration, *, fresh: bool) -> dict[str, dict]:
    """The LMS's RSA signing keys (JWKs) by key id, kept an hour."""
    key = "lti:jwks:" + sha256(registration.jwks_url.encode()).hexdigest()
    keys = None if fresh else cache.get(key)
    if keys is None:
        try:
            document = platform_json(registration, registration.jwks_url)
        except PlatformUnreachable as error:
            raise refusals.untrusted(
                _("its key set could not be read: %s") % error
            ) from None
        entries = document.get("keys") if isinstance(document, dict) else None
        keys = {
            entry["kid"]: entry
            for entry in (entries if isinstance(entries, list) else [])
            if isinstance(entry, dict)
            and entry.get("kty") == "RSA"
            and isinstance(entry.get("kid"), str)
        }
        cache.set(key, keys, JWKS_SECONDS)
    return keys


def _signing_key(registration: Registration, kid: str):
    keys = _platform_keys(registration, fresh=False)
    if kid not in keys:  # a new key at the LMS: ask once more
        keys = _platform_keys(registration, fresh=True)
    if kid not in keys:
        raise refusals.untrusted(_("it is signed with a key not in the LMS's key set"))
    try:
        return jwt.PyJWK(keys[kid], "RS256").key
    except jwt.PyJWTError:
        raise refusals.untrusted(_("the LMS's key is not a usable RSA key")) from None


def launch_registration(request: HttpRequest) -> tuple[LoginState, Registration]:
    """The login this launch answers (used up now) and the registration it chose."""
    login = _take_state(request)
    registration = (
        Registration.objects.filter(pk=login.registration_pk, school__is_active=True)
        .select_related("school")
        .first()
    )
    if registration is None:
        raise refusals.not_registered()
    return login, registration


def frame_origins_claimed(request: HttpRequest) -> list[str]:
    """The web origins of the LMS an unverified id_token names, only to let that
    LMS show our refusal in its frame (an error page, nothing else)."""
    token = request.POST.get("id_token", "")
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return []
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, RecursionError):  # RecursionError: JSON nested too deep
        return []
    issuer, audience = claims.get("iss"), claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if _has_nul([issuer, *audiences]) or not isinstance(issuer, str):
        return []
    if not all(isinstance(a, str) for a in audiences):
        return []
    registrations = Registration.objects.filter(
        issuer=issuer, client_id__in=audiences[:5]
    )
    return sorted({o for r in registrations[:10] for o in r.origins})


def verify_launch(
    request: HttpRequest, login: LoginState, registration: Registration
) -> VerifiedLaunch:
    """Every check of the id_token, in order; the first that fails refuses it."""
    token = _text(request.POST, "id_token", required=False, limit=MAX_TOKEN_LENGTH)
    if not token:
        raise refusals.bad_request(_("The launch carries no id_token."))
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, RecursionError):  # RecursionError: JSON nested too deep
        raise refusals.untrusted(_("its id_token is not a JWT")) from None
    kid = header.get("kid")
    if header.get("alg") != "RS256" or not isinstance(kid, str) or not kid:
        raise refusals.untrusted(_("it must be signed with RS256 and name its key"))
    try:
        claims = jwt.decode(
            token,
            _signing_key(registration, kid),
            algorithms=["RS256"],
            audience=registration.client_id,
            issuer=registration.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub", "nonce", "iss", "aud"]},
        )
    except jwt.PyJWTError as error:
        raise refusals.untrusted(_describe(error)) from None
    except RecursionError:  # a payload nested too deep to read
        raise refusals.untrusted(_("it is not a valid token")) from None
    _check_claims(claims, registration, login)
    return VerifiedLaunch(registration=registration, claims=claims)


def _describe(error: jwt.PyJWTError) -> str:
    if isinstance(error, jwt.ExpiredSignatureError):
        return _("it has expired")
    if isinstance(error, jwt.ImmatureSignatureError):
        return _("it was issued in the future: check the LMS server's clock")
    if isinstance(error, jwt.MissingRequiredClaimError):
        return _("it lacks the claim %s") % error.claim
    if isinstance(error, jwt.InvalidAudienceError):
        return _("it is not addressed to our client ID")
    if isinstance(error, jwt.InvalidIssuerError):
        return _("its issuer is not the registered one")
    if isinstance(error, jwt.InvalidSignatureError):
        return _("its signature does not match")
    return _("it is not a valid token")


def _has_nul(value) -> bool:
    """Whether a NUL character is anywhere in a claim (PostgreSQL's text cannot
    hold one: such a launch is refused before any query uses it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _check_claims(claims: dict, registration: Registration, login: LoginState) -> None:
    if _has_nul(claims):
        raise refusals.untrusted(_("it contains a NUL character"))
    audience = claims["aud"]
    azp = claims.get("azp")
    if isinstance(audience, list) and len(audience) > 1 and azp is None:
        raise refusals.untrusted(_("it names several audiences and no azp"))
    if azp is not None and azp != registration.client_id:
        raise refusals.untrusted(_("its azp is not our client ID"))
    for name in ("sub", "nonce"):
        if (
            not isinstance(claims[name], str)
            or not claims[name]
            or len(claims[name]) > 255
        ):
            raise refusals.untrusted(_("its %s is not valid") % name)
    if not constant_time_compare(claims["nonce"], login.nonce):
        raise refusals.untrusted(_("its nonce is not the one we gave"))
    if not cache.delete(_nonce_key(login.nonce)):
        raise refusals.session_lost()
    if claims.get(MESSAGE_TYPE) not in MESSAGE_TYPES:
        raise refusals.untrusted(_("its message type is not one we serve"))
    deployment = claims.get(CLAIM + "deployment_id")
    if not isinstance(deployment, str) or not deployment or len(deployment) > 255:
        raise refusals.untrusted(_("its deployment_id is missing"))
    roles = claims.get(CLAIM + "roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise refusals.untrusted(_("its roles are not a list"))
    try:
        for validator in get_validators():
            if validator.can_validate(claims):
                validator.validate(claims)
    except (LtiException, AttributeError, TypeError) as error:
        raise refusals.untrusted(str(error)[:100]) from None
