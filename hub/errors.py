"""Errors the API reports: user errors a client can fix, and coded failures for everything else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserError:
    """A problem with the input, tied to the field (camelCase path) that holds it."""

    field: str
    message: str
    code: str


class HubError(Exception):
    """A failure reported as a GraphQL error with extensions.code; the message is safe to show."""

    code = "INTERNAL"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(HubError):
    code = "NOT_FOUND"


class BadInput(HubError):
    code = "BAD_USER_INPUT"


class Unavailable(HubError):
    code = "UNAVAILABLE"


class Forbidden(HubError):
    code = "FORBIDDEN"


class Unauthenticated(HubError):
    code = "UNAUTHENTICATED"
