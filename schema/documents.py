"""Each distinct operation text is parsed and checked against the schema once, not on every request.

Clients send the same few operations again and again; under the load test graphql-core's parsing and its
standard validation were a fifth of the hub's CPU, although both depend only on the text and the schema.
The limits that depend on the server's settings (depth, aliases, introspection: ApiLimits adds them as rules)
are kept per text and per what each rule's verdict depends on (`verdict_of`: the limit and the figure it
reports), and only when the document passes them. A text that does not parse, breaks a standard rule or a
limit takes strawberry's ordinary path every time, so its errors are exactly what they were (nothing failed is
cached). The caches are bounded (least recently used first out), and a document is at most max_tokens long.
"""

from __future__ import annotations

from collections import OrderedDict
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


_PASSED_LIMITS: OrderedDict[tuple, None] = OrderedDict()  # (schema, text, options, verdicts) known to pass


def _limit_errors(schema: GraphQLSchema, query: str, options: tuple, rules: tuple) -> list[GraphQLError]:
    """The errors of the limit rules, from what is known of this document when it passed them before."""
    verdicts = tuple(getattr(rule, "verdict_of", None) for rule in rules)
    key = (schema, query, options, verdicts) if None not in verdicts else None
    if key is not None and key in _PASSED_LIMITS:
        _PASSED_LIMITS.move_to_end(key)
        return []
    errors = validate(schema, _parsed(query, options), rules)
    if key is not None and not errors:
        _PASSED_LIMITS[key] = None
        if len(_PASSED_LIMITS) > 4 * MAX_DOCUMENTS:
            _PASSED_LIMITS.popitem(last=False)
    return errors


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
            extra = tuple(rules[len(standard):])
            execution.pre_execution_errors = _limit_errors(execution.schema._schema, execution.query, self.options,
                                                           extra) if extra else []
        yield
