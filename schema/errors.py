"""How failures reach clients: a safe message and extensions.code, never a stack trace or Cypher."""

from __future__ import annotations

import logging

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
            return self._with(error, error.message, code)
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
