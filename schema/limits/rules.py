"""Validation rules for the depth, alias and introspection limits, whose errors carry extensions.code.

The verdicts are strawberry's and graphql-core's own (QueryDepthLimiter, MaxAliasesLimiter and
DisableIntrospection's NoSchemaIntrospectionCustomRule); only the words change: one error per limit,
naming the limit and the actual figure (from schema.limits.cost.Estimate), with a code.

Each rule class carries `verdict_of`: what its verdict on a document depends on besides the document (the limit
and the figure it reports), so that schema.documents can keep the verdict of a document that passes.
"""

from __future__ import annotations

from graphql import GraphQLError, ValidationRule, get_named_type, is_introspection_type
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


def _with_error(rule: type[ValidationRule], error: GraphQLError, *, refused_anyway: bool,
                verdict_of: tuple) -> type[ValidationRule]:
    """strawberry's depth and alias rules do all their work in __init__, reporting through the context:
    keep their verdict, report `error` once instead of their errors. `refused_anyway`: our own measure
    says the limit is exceeded, used only if strawberry's rule fails on a document it does not expect
    (an empty selection set makes QueryDepthLimiter raise)."""

    class Rule(rule):  # type: ignore[misc, valid-type]
        def __init__(self, context):
            found: list[GraphQLError] = []
            report = context.on_error
            context.on_error = found.append
            try:
                super().__init__(context)
            except (ValueError, TypeError, KeyError):
                ValidationRule.__init__(self, context)
                found = [error] if refused_anyway else []
            finally:
                context.on_error = report
            if found:
                context.report_error(error)

    Rule.__name__ = Rule.__qualname__ = f"Coded{rule.__name__}"
    Rule.verdict_of = verdict_of
    return Rule


def depth_rule(max_depth: int, depth: int) -> type[ValidationRule]:
    [rule] = QueryDepthLimiter(max_depth=max_depth).validation_rules
    error = GraphQLError(f"query depth {depth} exceeds the limit of {max_depth}",
                         extensions={"code": QUERY_TOO_DEEP})
    return _with_error(rule, error, refused_anyway=depth > max_depth, verdict_of=("depth", max_depth, depth))


def aliases_rule(max_aliases: int, aliases: int) -> type[ValidationRule]:
    [rule] = MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules
    error = GraphQLError(f"{aliases} aliases exceed the limit of {max_aliases}", extensions={"code": TOO_MANY_ALIASES})
    return _with_error(rule, error, refused_anyway=aliases > max_aliases,
                       verdict_of=("aliases", max_aliases, aliases))


class IntrospectionDisabled(NoSchemaIntrospectionCustomRule):
    """What strawberry's DisableIntrospection adds, reported once with a code. `__typename` stays allowed."""

    reported = False
    verdict_of = ("introspection disabled",)

    def enter_field(self, node, *_args) -> None:
        if self.reported:
            return
        type_ = get_named_type(self.context.get_type())
        if type_ and is_introspection_type(type_):
            self.reported = True
            self.report_error(GraphQLError(
                f"introspection is disabled on this server; the query asks for '{node.name.value}'",
                node, extensions={"code": INTROSPECTION_DISABLED}))
