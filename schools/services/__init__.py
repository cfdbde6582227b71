"""Writes to schools, one module per concern. Each write is atomic, and each write
by staff records its audit row in the same transaction (`services.audit`)."""


class ServiceError(Exception):
    """An action that cannot be done as asked; the message says why, for the page."""
