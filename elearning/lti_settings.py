"""The LMS connections' (LTI 1.3) settings from the environment, for settings.py."""

from pathlib import Path

import environ


def lti_settings(env: environ.Env, *, debug: bool, base_dir: Path) -> dict:
    """LTI_* settings. With debug off, LTI on and no tool key, the site will not
    start: one line says why, as for the secret key."""
    values = {
        # On by default where debug is (`make run`), off in production until asked.
        "LTI_ENABLED": env.bool("LTI_ENABLED", default=debug),
        # The tool's RSA private key (PEM), like the secret key: in the environment,
        # or in a file (which `manage.py lti_add_key` can replace). With debug on and
        # neither set, a development key is made at this path on first use.
        "LTI_PRIVATE_KEY": env.str("LTI_PRIVATE_KEY", default=""),
        "LTI_PRIVATE_KEY_FILE": env.str(
            "LTI_PRIVATE_KEY_FILE",
            default=str(base_dir / "var" / "lti-development-key.pem") if debug else "",
        ),
        # How long the previous key stays in our JWKS after a new one takes over.
        "LTI_KEY_OVERLAP_DAYS": env.int("LTI_KEY_OVERLAP_DAYS", default=7),
        # Requests to an LMS (its keys, tokens, gradebook) give up after this long.
        "LTI_HTTP_TIMEOUT": env.float("LTI_HTTP_TIMEOUT_SECONDS", default=5.0),
        # Certificates trusted for those requests: empty for the system's (certifi);
        # a file of CA certificates where an LMS uses a private CA (and in the tests'
        # simulator).
        "LTI_CA_BUNDLE": env.str("LTI_CA_BUNDLE", default=""),
    }
    key_file = values["LTI_PRIVATE_KEY_FILE"]
    if (
        values["LTI_ENABLED"]
        and not debug
        and not values["LTI_PRIVATE_KEY"]
        and not (key_file and Path(key_file).is_file())
    ):
        raise SystemExit(
            "LTI_ENABLED is on but no tool key is set: give LTI_PRIVATE_KEY or "
            "LTI_PRIVATE_KEY_FILE (see README.md, LMS connections)."
        )
    return values
