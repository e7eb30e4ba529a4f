"""ApiLimits: the schema extension that enforces the API limits on every operation.

In the order an operation meets them:
1. persisted operations (on_operation): a hash-only request (`extensions.persistedQuery.sha256Hash`, no
   query text) gets the persisted text; a caller without a token, when persisted operations are required,
   may run only those. A refused operation's text is never parsed nor validated (validation messages
   would describe the schema), and the refusal is reported in place of validation.
2. tokens (parsing): graphql-core's max_tokens, as strawberry's MaxTokensLimiter sets it.
3. cost (on_validate, before validation): estimated from the document (schema.limits.cost); above
   max_cost the operation is refused and not validated, which also bounds the work of the rules below.
4. depth, aliases, introspection (validation): strawberry's rules, with coded errors (schema.limits.rules).
5. rate limit (on_execute, just before execution): the estimate is charged to the client's bucket
   (hub.ratelimit); if the bucket lacks points the operation is refused with `Retry-After`.
Refused operations run nothing and are not charged. Every response carries
`extensions.cost = {requested, limit, remaining}`; `requested` is null when the operation was refused
before its cost was estimated.

Settings come from the request context's `settings` (HubContext has them), else from a Settings() read
from the environment once. The limiter comes from the context's `rate_limiter` if it has one, else it is
the process's limiter for the configured budget (hub.ratelimit.shared_limiter).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache

from graphql import GraphQLError, GraphQLSyntaxError, Lexer, Source, TokenKind, parse
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from hub.observability.request import current_request
from hub.ratelimit import RateLimiter, shared_limiter
from hub.settings import Settings
from schema.limits.cost import Estimate, estimate
from schema.limits.persisted import operation_hash, persisted_operations
from schema.limits.rules import IntrospectionDisabled, aliases_rule, depth_rule

TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED"
RATE_LIMITED = "RATE_LIMITED"
PERSISTED_QUERY_REQUIRED = "PERSISTED_QUERY_REQUIRED"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_default_settings: Settings | None = None


def settings_for(context) -> Settings:
    found = getattr(context, "settings", None)
    if found is not None:
        return found
    global _default_settings
    if _default_settings is None:
        _default_settings = Settings()
    return _default_settings


def limiter_for(context, settings: Settings) -> RateLimiter:
    found = getattr(context, "rate_limiter", None)
    if found is not None:
        return found
    return shared_limiter(settings.rate_limit_points, settings.rate_limit_window)


def client_key(context) -> str:
    """The signed-in caller's name; else the client's address (behind a proxy, let the server trust
    its forwarding headers, e.g. uvicorn --forwarded-allow-ips, so this is the real client)."""
    viewer = getattr(context, "viewer", None)
    if viewer is not None and getattr(viewer, "signed_in", False):
        return f"viewer:{viewer.name}"
    client = getattr(getattr(context, "request", None), "client", None)
    host = getattr(client, "host", None)
    return f"address:{host or 'unknown'}"


def _refusal(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


@lru_cache(maxsize=64)
def _stand_in(operation_name: str | None):
    """The document run in place of a refused operation's text: nothing of the client's is parsed."""
    if operation_name is not None and _NAME.fullmatch(operation_name):
        return parse(f"query {operation_name} {{ __typename }}")
    return parse("{ __typename }")


def _count_tokens(text: str, cap: int) -> int:
    """Tokens and comments as graphql-core's max_tokens counts them; counting stops after `cap`."""
    lexer = Lexer(Source(text))
    count = 0
    try:
        while count <= cap:
            token = lexer.advance()
            skipped = lexer.last_token.next
            while skipped is not None and skipped is not token:
                count += 1
                skipped = skipped.next
            if token.kind is TokenKind.EOF:
                break
            count += 1
    except GraphQLSyntaxError:
        pass
    return count


def _requested_hash(operation_extensions) -> str | None:
    persisted = (operation_extensions or {}).get("persistedQuery") if isinstance(operation_extensions, dict) else None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    return digest.lower() if isinstance(digest, str) else None


def _report_cost(cost: int, outcome: str) -> None:
    record = current_request()
    if record is not None:
        record.cost, record.cost_outcome = cost, outcome


class ApiLimits(SchemaExtension):
    """See the module docstring. Place it after CodedErrors in the schema's extensions."""

    settings: Settings
    estimate: Estimate | None = None
    refusal: GraphQLError | None = None

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        self.settings = settings_for(execution.context)
        self.limiter = limiter_for(execution.context, self.settings)
        self.client = client_key(execution.context)
        self.replacements: dict[int, GraphQLError] = {}
        execution.parse_options["max_tokens"] = self.settings.max_tokens  # as MaxTokensLimiter does
        self.refusal = self._gate()
        if self.refusal is not None:
            execution.graphql_document = _stand_in(execution.operation_name)
        yield
        result = execution.result
        if self.replacements and getattr(result, "errors", None):
            result.errors = [self.replacements.get(id(error), error) for error in result.errors]

    def _gate(self) -> GraphQLError | None:
        """Persisted operations: fills in a hash-only request's text; refuses what may not run."""
        execution, settings = self.execution_context, self.settings
        digest = _requested_hash(execution.operation_extensions)
        if not execution.query:
            if digest is None:
                return None  # no operation at all: strawberry answers 400
            text = persisted_operations(settings.persisted_operations_file).get(digest)
            if text is None:
                return _refusal(f"no persisted operation has the sha256 hash {digest}", PERSISTED_QUERY_NOT_FOUND)
            execution.query = text
            return None
        actual = operation_hash(execution.query)
        if digest is not None and digest != actual:
            return _refusal("extensions.persistedQuery.sha256Hash is not the sha256 hash of the query text",
                            BAD_USER_INPUT)
        viewer = getattr(execution.context, "viewer", None)
        if settings.require_persisted_for_anonymous and not getattr(viewer, "signed_in", False):
            if actual not in persisted_operations(settings.persisted_operations_file):
                return _refusal(
                    f"callers without a token may run only persisted operations; no persisted operation has this "
                    f"query's sha256 hash {actual}", PERSISTED_QUERY_REQUIRED)
        return None

    def on_parse(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        errors = execution.pre_execution_errors
        if errors and isinstance(errors[0], GraphQLSyntaxError) and execution.query:
            limit = self.settings.max_tokens
            count = _count_tokens(execution.query, 2 * limit)
            if count > limit:
                actual = f"{count}" if count <= 2 * limit else f"more than {2 * limit}"
                self.replacements[id(errors[0])] = _refusal(
                    f"the document has {actual} tokens, more than the limit of {limit}", TOO_MANY_TOKENS)

    def on_validate(self) -> Iterator[None]:
        execution, settings = self.execution_context, self.settings
        if self.refusal is not None:
            execution.pre_execution_errors = [self.refusal]  # validation is skipped
            yield
            return
        self.estimate = estimate(execution.schema._schema, execution.graphql_document, execution.operation_name,
                                 execution.variables)
        if self.estimate.cost > settings.max_cost:
            _report_cost(self.estimate.cost, "refused")
            execution.pre_execution_errors = [_refusal(
                f"operation cost {self.estimate.cost} exceeds the limit of {settings.max_cost} points",
                COST_LIMIT_EXCEEDED)]
        else:
            rules = [depth_rule(settings.max_query_depth, self.estimate.depth),
                     aliases_rule(settings.max_aliases, self.estimate.aliases)]
            if not settings.introspection:
                rules.append(IntrospectionDisabled)
            execution.validation_rules = execution.validation_rules + tuple(rules)
        yield

    def on_execute(self) -> Iterator[None]:
        execution, settings = self.execution_context, self.settings
        cost = self.estimate.cost if self.estimate is not None else 0
        decision = self.limiter.charge(self.client, cost)
        _report_cost(cost, "spent" if decision.allowed else "refused")
        if not decision.allowed:
            budget = f"{settings.rate_limit_points} points per {settings.rate_limit_window:g} s"
            if math.isinf(decision.retry_after):
                message = f"rate limit exceeded: the operation costs {cost} points, more than the budget of {budget}"
            else:
                retry = max(1, math.ceil(decision.retry_after))
                message = (f"rate limit exceeded: the operation costs {cost} points and {decision.remaining} of the "
                           f"{budget} are left; retry in {retry} s")
                response = getattr(execution.context, "response", None)
                if response is not None and hasattr(response, "headers"):
                    response.headers["Retry-After"] = str(retry)
            execution.result = GraphQLExecutionResult(data=None, errors=[_refusal(message, RATE_LIMITED)])
        yield

    def get_results(self) -> dict:
        settings = getattr(self, "settings", None)
        if settings is None:
            return {}
        return {"cost": {"requested": self.estimate.cost if self.estimate is not None else None,
                         "limit": settings.max_cost,
                         "remaining": self.limiter.remaining(self.client)}}
