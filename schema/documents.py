"""Each distinct operation text is parsed and checked against the schema once, not on every request.

Clients send the same few operations again and again; under the load test graphql-core's parsing and its
standard validation were a fifth of the hub's CPU, although both depend only on the text and the schema.
The limits that depend on the request (depth, aliases, introspection: ApiLimits adds them as rules) still
run on every request, on the cached document. A text that does not parse, or breaks a standard rule, takes
strawberry's ordinary path every time, so its errors are exactly what they were (nothing failed is cached).
Both caches are bounded (least recently used first out), and a document is at most max_tokens long.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_DOCUMENTS = 256


@lru_cache(maxsize=MAX_DOCUMENTS)
def _parsed(query: str, options: tuple) -> DocumentNode:
    return parse(query, **dict(options))


@lru_cache(maxsize=MAX_DOCUMENTS)
def _passes_standard_rules(schema: GraphQLSchema, query: str, options: tuple, rules: tuple) -> bool:
    return not validate_document(schema, _parsed(query, options), rules)


class DocumentCache(SchemaExtension):
    """Place it after ApiLimits: it validates with the rules ApiLimits has added by then."""

    def on_operation(self) -> Iterator[None]:
        self.standard_rules = self.execution_context.validation_rules  # before any extension adds its own
        self.options: tuple | None = None
        yield

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.graphql_document is None and execution.query:
            options = tuple(sorted(execution.parse_options.items()))
            try:
                execution.graphql_document = _parsed(execution.query, options)
                self.options = options
            except GraphQLError:
                pass  # strawberry parses it again and reports the error as it always does
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        rules, standard = execution.validation_rules, self.standard_rules
        if (self.options is not None and execution.pre_execution_errors is None
                and rules[:len(standard)] == standard
                and _passes_standard_rules(execution.schema._schema, execution.query, self.options, standard)):
            extra = rules[len(standard):]
            execution.pre_execution_errors = validate(execution.schema._schema, execution.graphql_document,
                                                      extra) if extra else []
        yield
