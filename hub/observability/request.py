"""The record of the request being served, shared through a context variable.

The app's RequestObserver middleware opens one per HTTP request; the identification step, the GraphQL
extensions and the graph connection fill it in; the middleware turns it into metrics and a log line.
Tasks started during the request (asyncio.gather, data loaders) copy the context and so share it. Code
running outside a request (migrations, the CLI, the supervisor) finds none and reports to metrics only.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Awaitable, Callable


@dataclass(slots=True)
class RequestRecord:
    request_id: str
    operation: str | None = None  # the operation's name as the client sent it (a GraphQL name, or None)
    operation_label: str | None = None  # its metrics label: a known name, else "other"
    operation_type: str | None = None  # query, mutation
    role: str | None = None  # the caller's role (ADMIN, MEMBER, ANALYST, PUBLIC), never their name
    code: str | None = None  # outcome: OK or the first error's extensions.code
    cost: int | None = None  # estimated cost points
    cost_outcome: str | None = None  # "spent" (charged) or "refused" (by the cost or rate limit)
    transactions: int = 0  # graph round trips: transaction functions run, retries included
    statements: int = 0
    statement_seconds: float = 0.0
    # the caller's token, known to the process, still to be looked up: by the request's first transaction
    # (hub.graph.connection runs it there), or before the answer if it runs none (hub.auth.tokens)
    pending_check: Callable[[Any], Awaitable[None]] | None = None
    # writes of this request under way while that look-up is pending: each runs it itself (a write never commits
    # before it), so a read meanwhile leaves it to them (the answer still waits for it: hub.app)
    writes_checking: int = 0
    credential_refused: bool = False  # that look-up found the token revoked or gone: the answer is 401


_current: ContextVar[RequestRecord | None] = ContextVar("hub_request", default=None)


def current_request() -> RequestRecord | None:
    return _current.get()


def begin_request(record: RequestRecord):
    """Makes `record` the current request's; returns the token end_request needs."""
    return _current.set(record)


def end_request(token) -> None:
    _current.reset(token)


def error_extensions(code: str) -> dict:
    """`extensions` of an error answered outside GraphQL execution: its code and the request id."""
    record = _current.get()
    return {"code": code, "requestId": record.request_id} if record is not None else {"code": code}
