"""An LMS of our own for the tests: an RSA key, and a loopback HTTPS server with a
JWKS, a token endpoint and a line item's scores endpoint, each checking what it
receives. It signs launches (resource link and deep linking) as an LMS would, and
verifies our deep-linking answer and token requests against our JWKS."""

import datetime
import html
import ipaddress
import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, its own CA (LTI_CA_BUNDLE trusts it)."""
    key = rsa_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "lms.crt", directory / "lms.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_text(private_pem(key))
    return cert_path, key_path


@dataclass
class Received:
    token_requests: list[dict] = field(default_factory=list)
    deep_links: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Simulator:
    """Start with `start(directory)`; `stop()` at the end."""

    def __init__(
        self, *, client_id: str = "tool-client-1", deployment_id: str = "dep-1"
    ):
        self.key = rsa_key()
        self.kid = "lms-key-1"
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.received = Received()
        self.tool_jwks: dict | None = (
            None  # our /lti/jwks.json, handed over by the test
        )
        self.token_hangs = False
        self.token_audience: str | None = None  # Brightspace-like: not the token URL
        self.access_token = secrets.token_urlsafe(16)
        self.keys_served: list[dict] = [public_jwk(self.key, self.kid)]
        # For a browser: the tool's address, and who the next launch is for.
        self.tool_url = "https://testserver"
        self.next_launch: dict = {"sub": "learner-1", "roles": [], "claims": {}}

    # --- the server ---

    def start(self, directory: Path) -> Path:
        cert, key = self_signed(directory)
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path, _, query = self.path.partition("?")
                if path == "/jwks":
                    return self._json(200, {"keys": simulator.keys_served})
                if path == "/course":
                    return self._html(simulator._course_page())
                if path == "/auth":
                    return self._html(simulator._authorize(parse_qs(query)))
                return self._json(404, {})

            def _html(self, text: str):
                data = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = urlsplit(self.path).path
                if path == "/token":
                    if simulator.token_hangs:
                        time.sleep(30)
                        return None
                    return simulator._token(self, body)
                if path.endswith("/scores"):
                    return simulator._score(self, path, body)
                if path == "/deep-link-return":
                    return simulator._deep_link_return(self, body)
                return self._json(404, {})

            def _json(self, status, document):
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.issuer = f"https://127.0.0.1:{self.server.server_address[1]}"
        return cert

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def registration_fields(self) -> dict:
        return {
            "name": "Simulated LMS",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "login_url": self.issuer + "/auth",
            "token_url": self.issuer + "/token",
            "jwks_url": self.issuer + "/jwks",
            "frame_origins": self.issuer,
        }

    def line_item(self, name: str) -> str:
        return f"{self.issuer}/lineitems/{name}"

    # --- checking what we receive ---

    def verify_tool_jwt(self, token: str, audience: str) -> dict:
        """A JWT of the tool's, checked against the JWKS the test read from it."""
        assert self.tool_jwks is not None, "hand over the tool's JWKS first"
        kid = jwt.get_unverified_header(token)["kid"]
        keys = {k["kid"]: k for k in self.tool_jwks["keys"]}
        key = jwt.PyJWK(keys[kid], "RS256").key
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience)

    def _token(self, handler, body: bytes):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        self.received.token_requests.append(form)
        try:
            assert form["grant_type"] == "client_credentials"
            assert form["client_assertion_type"].endswith("jwt-bearer")
            assert SCORE_SCOPE in form["scope"].split()
            claims = self.verify_tool_jwt(
                form["client_assertion"], self.token_audience or self.issuer + "/token"
            )
            assert claims["iss"] == claims["sub"] == self.client_id
        except Exception as error:
            self.received.problems.append(f"token: {error!r}")
            return handler._json(400, {"error": "invalid_client"})
        return handler._json(
            200,
            {
                "access_token": self.access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
            },
        )

    def _deep_link_return(self, handler, body: bytes):
        """The tool's deep-linking answer, posted by the browser: signed by a key of
        the tool's JWKS, addressed to us, for our deployment, with our data back."""
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        try:
            claims = self.verify_tool_jwt(form["JWT"], self.issuer)
            assert claims["iss"] == self.client_id
            assert claims[CLAIM + "deployment_id"] == self.deployment_id
            assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
            assert claims[CLAIM + "version"] == "1.3.0"
            assert claims["exp"] > time.time() and claims["nonce"]
        except Exception as error:
            self.received.problems.append(f"deep link: {error!r}")
            return handler._json(400, {})
        self.received.deep_links.append(claims)
        return handler._html("<!doctype html><title>Added</title><p>Added.</p>")

    def _score(self, handler, path: str, body: bytes):
        try:
            assert handler.headers["Authorization"] == f"Bearer {self.access_token}"
            assert (
                handler.headers["Content-Type"]
                == "application/vnd.ims.lis.v1.score+json"
            )
            score = json.loads(body)
        except Exception as error:
            self.received.problems.append(f"score: {error!r}")
            return handler._json(401, {})
        self.received.scores.append({"path": path, **score})
        handler.send_response(204)
        handler.end_headers()
        return None

    # --- a browser's launch: the course page frames our login; /auth answers ---

    def _course_page(self) -> str:
        query = urlencode(
            {
                "iss": self.issuer,
                "login_hint": "browser",
                "target_link_uri": self.tool_url + "/lti/launch/",
                "client_id": self.client_id,
                "lti_deployment_id": self.deployment_id,
            }
        )
        return (
            '<!doctype html><html lang="en"><title>Course</title><h1>Year 9 PSHE</h1>'
            f'<iframe title="Lesson" width="900" height="700" '
            f'src="{self.tool_url}/lti/login/?{query}"></iframe></html>'
        )

    def _authorize(self, query: dict) -> str:
        """The LMS's answer to the authorization request: the id_token, posted back
        to the tool's launch by the browser (an LMS's own inline script)."""
        launch = self.next_launch
        state = html.escape(query["state"][0])
        token = self.id_token(
            nonce=query["nonce"][0],
            sub=launch["sub"],
            roles=launch["roles"],
            **{CLAIM + "target_link_uri": self.tool_url + "/lti/launch/"},
            **launch["claims"],
        )
        return (
            '<!doctype html><html lang="en"><title>Launching</title>'
            f'<form method="post" action="{html.escape(query["redirect_uri"][0])}">'
            f'<input type="hidden" name="id_token" value="{token}">'
            f'<input type="hidden" name="state" value="{state}">'
            "</form><script>document.forms[0].submit()</script></html>"
        )

    # --- launches ---

    def id_token(
        self, *, nonce: str, sub: str, roles: list[str], replace=None, **overrides
    ) -> str:
        """A launch's id_token: `overrides` by keyword, `replace` any claim at all
        (sub and nonce included)."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "https://testserver/lti/launch/",
            CLAIM + "roles": roles,
            CLAIM + "context": {"id": "course-7", "title": "Year 9 PSHE"},
            CLAIM + "resource_link": {"id": "link-1"},
        }
        remove = overrides.pop("remove", ())
        key = overrides.pop("signing_key", None) or self.key
        kid = overrides.pop("kid", self.kid)
        claims.update(overrides)
        claims.update(replace or {})
        for name in remove:
            claims.pop(name, None)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})

    def deep_linking_claims(self, return_url: str = "") -> dict:
        return {
            CLAIM + "message_type": "LtiDeepLinkingRequest",
            DL_SETTINGS: {
                "deep_link_return_url": return_url or self.issuer + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                "data": "opaque-42",
            },
        }

    def ags_claim(self, line_item: str) -> dict:
        return {
            AGS: {
                "scope": [SCORE_SCOPE],
                "lineitems": self.issuer + "/lineitems",
                "lineitem": line_item,
            }
        }
