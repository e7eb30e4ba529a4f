"""What the client raises: one exception for GraphQL errors (with the hub's extensions.code) and one for the
user errors of a mutation (input the caller can fix)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserError:
    """A problem with the input that the caller can fix; `field` names the input field."""
    field: str
    message: str
    code: str


class HubError(Exception):
    """The hub answered with GraphQL errors, or could not be reached. `code` is the first error's
    extensions.code (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, RATE_LIMITED, UNAVAILABLE, ...)."""

    def __init__(self, code: str, message: str, *, errors: list[dict] | None = None, data: dict | None = None,
                 status: int | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.errors = errors or []
        self.data = data
        self.status = status


class UserInputError(HubError):
    """A mutation was refused with user errors; nothing was written."""

    def __init__(self, user_errors: list[UserError]):
        super().__init__("USER_ERRORS", "; ".join(f"{e.field}: {e.message} ({e.code})" for e in user_errors))
        self.user_errors = user_errors
