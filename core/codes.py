"""Codes that people read aloud or type: join codes, parent codes, certificates."""

import secrets

# No letters or digits that are easily mistaken for each other when read from a
# board or a printout: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def public_id() -> str:
    """An id for URLs that tells nothing and cannot be guessed in sequence."""
    return secrets.token_urlsafe(9)
