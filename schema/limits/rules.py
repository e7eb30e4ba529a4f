"""Validation rules for the depth, alias and introspection limits, whose errors carry extensions.code.

The verdicts are strawberry's and graphql-core's own (QueryDepthLimiter, MaxAliasesLimiter and
DisableIntrospection's NoSchemaIntrospectionCustomRule); only the words change: one error per limit,
naming the limit and the actual figure (from schema.limits.cost.Estimate), with a code.

Each rule class carries `verdict_of`: what its verdict on a document depends on besides the document (the limit
and the figure it reports), so that schema.documents can keep the verdict of a document that passes.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import GraphQLError, ValidationRule, get_named_type, is_introspection_type
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


def _with_error(rule: type[ValidationRule], message: str, code: str, *, refused_anyway: bool,
                verdict_of: tuple) -> type[ValidationRule]:
    """strawberry's depth and alias rules do all their work in __init__, reporting through the context:
    keep their verdict, report one error of ours (`message`, `code`) instead of their errors. `refused_anyway`:
    our own measure says the limit is exceeded, used only if strawberry's rule fails on a document it does
    not expect (an empty selection set makes QueryDepthLimiter raise). The error is made afresh each time it is
    reported: the request's extensions (its id) are added to it later."""

    class Rule(rule):  # type: ignore[misc, valid-type]
        def __init__(self, context):
            theirs: list[GraphQLError] = []
            report = context.on_error
            context.on_error = theirs.append
            try:
                super().__init__(context)
                refused = bool(theirs)
            except (ValueError, TypeError, KeyError):
                ValidationRule.__init__(self, context)
                refused = refused_anyway
            finally:
                context.on_error = report
            if refused:
                context.report_error(GraphQLError(message, extensions={"code": code}))

    Rule.__name__ = Rule.__qualname__ = f"Coded{rule.__name__}"
    Rule.verdict_of = verdict_of
    return Rule


# Kept per limit and figure: every request names its rules, and making them (strawberry makes a class for
# each limiter, and so does _with_error) cost 48 us a request, although the verdict of a known document is
# kept (schema.documents) and the rules then do not run at all.
@lru_cache(maxsize=1024)
def depth_rule(max_depth: int, depth: int) -> type[ValidationRule]:
    [rule] = QueryDepthLimiter(max_depth=max_depth).validation_rules
    return _with_error(rule, f"query depth {depth} exceeds the limit of {max_depth}", QUERY_TOO_DEEP,
                       refused_anyway=depth > max_depth, verdict_of=("depth", max_depth, depth))


@lru_cache(maxsize=1024)
def aliases_rule(max_aliases: int, aliases: int) -> type[ValidationRule]:
    [rule] = MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules
    return _with_error(rule, f"{aliases} aliases exceed the limit of {max_aliases}", TOO_MANY_ALIASES,
                       refused_anyway=aliases > max_aliases, verdict_of=("aliases", max_aliases, aliases))


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
