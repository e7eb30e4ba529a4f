"""How failures reach clients: a safe message and extensions.code, never a stack trace or Cypher."""

from __future__ import annotations

import json
import logging
import re

from graphql import StringValueNode, Visitor, parse, visit
from graphql.error import GraphQLError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors

from hub.errors import HubError
from hub.graph.connection import GraphUnavailable

log = logging.getLogger("hub.api")

_UNAVAILABLE = (GraphUnavailable, ServiceUnavailable, SessionExpired, ConnectionError, TimeoutError)


class CodedErrors(MaskErrors):
    """Keeps the hub's own errors with their codes, marks GraphQL validation errors, masks the rest."""

    def __init__(self):
        super().__init__(should_mask_error=lambda error: True, error_message="Internal error")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None:
            code = "GRAPHQL_VALIDATION_FAILED" if error.locations else "BAD_USER_INPUT"
            if (error.extensions or {}).get("code"):
                code = error.extensions["code"]
            return self._with(error, named(error.message, getattr(self.execution_context, "query", None)), code)
        if isinstance(original, GraphQLError):  # a variable that does not fit its declared type
            return self._with(error, error.message, "BAD_USER_INPUT")
        if isinstance(original, HubError):
            return self._with(error, original.message, original.code)
        if isinstance(original, _UNAVAILABLE):
            return self._with(error, "The graph database is unavailable; try again shortly.", "UNAVAILABLE")
        if isinstance(original, (ValueError, TypeError)) and "Expected" in str(original):
            return self._with(error, error.message, "BAD_USER_INPUT")
        log.exception("unexpected error in %s", error.path, exc_info=original)
        return self._with(error, "Internal error", "INTERNAL")

    @staticmethod
    def _with(error: GraphQLError, message: str, code: str) -> GraphQLError:
        return GraphQLError(message=message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, original_error=None, extensions={"code": code})


_REJECTED = re.compile(r'^Value cannot represent an? \w+: ("(?:[^"\\]|\\.)*")')


class _ValueOf(Visitor):
    """Finds the argument or input field given a rejected string literal."""

    def __init__(self, literal: str):
        super().__init__()
        self.literal, self.name = literal, None

    def enter_argument(self, node, *_):
        if self.name is None and isinstance(node.value, StringValueNode) and json.dumps(node.value.value) == self.literal:
            self.name = node.name.value

    enter_object_field = enter_argument


def named(message: str, query: str | None) -> str:
    """A literal a scalar rejects ('Value cannot represent a DateTime: "x"') with the field it was given for in
    front, as the hub's own errors are: the scalar cannot know it, and graphql-core reports no location."""
    found = _REJECTED.match(message)
    if found is None or not query:
        return message
    try:
        finder = _ValueOf(found.group(1))
        visit(parse(query), finder)
    except GraphQLError:
        return message
    return f"{finder.name}: {message}" if finder.name else message
