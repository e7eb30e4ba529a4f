"""The estimated cost of an operation, from its document alone, before anything runs.

    cost(field) = 1 + BASE_COST[field] + multiplier(field) * cost(its selections)
    cost(selections) = the sum of the cost of each selected field (fragments expanded)

multiplier(field):
- a list of records (objects, interfaces, unions) inside a connection (`edges`, `nodes`): the
  connection's page size, its `first` argument (default 20; variables resolved);
- any other list of records (`Actor.partners`, `whoWorksWhere`, `duplicateCandidates`, `nodes(ids:)`,
  ...): its `first` argument when it has one, else the number of `ids` asked for, else its expected
  length: EXPECTED_LENGTH or RELATION_FAN_OUT for a record's relations, DEFAULT_FAN_OUT at the root;
- anything else, including a connection field itself and lists of scalars: 1.
A multiplier is never below 1. Fields of `__schema` and `__type` (answered from memory) cost 1 each with
no multiplier. `@skip` and `@include` are ignored and fragments on different types are all counted:
the estimate errs high, and it is never below the number of fields the document expands to, so
checking it first also bounds the work of the other limits.

The walk tolerates documents that are not valid (it runs before validation): unknown fields cost 1 and
their selections are counted without multipliers. Fragment results are memoised, so the walk is linear
in the size of the document even when fragments spread each other many times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    is_composite_type,
    is_interface_type,
    is_object_type,
)

from hub.services.reads import DEFAULT_PAGE

DEFAULT_FAN_OUT = 10
"""Assumed number of records in a list at the root (an analysis) that has no `first` or `ids` argument."""

RELATION_FAN_OUT = 3
"""Assumed number of records in a list of a record's relations (`Actor.partners`, `Initiative.locations`,
...): the 90th percentile of their lengths over every record in the demo and in the generated data set at
scale 1 (`python benchmarks/relation_lengths.py`; means 0.75 and 1.43, 99th percentiles 6 and 8). The
estimate is what a client will usually fetch, not the worst case, which nested lists would multiply into
numbers no real answer comes near (see docs/cost-model.md)."""

EXPECTED_LENGTH: dict[str, int] = {
    # Relation lists that are longer on average than RELATION_FAN_OUT, with their measured mean (generated
    # data, scale 1): busy organisations carry out and fund many initiatives.
    "Actor.initiatives": 10,
    "Actor.fundsInitiatives": 5,
    "Actor.coImplementers": 12,  # derived: the organisations sharing those initiatives
}

BASE_COST: dict[str, int] = {
    # Query fields that run a whole analysis before returning anything: their fixed cost, on top of
    # what they return. Relative weights of the graph work each does, not measured timings.
    "whoWorksWhere": 50,
    "presenceMatrix": 50,
    "coverageGaps": 50,
    "mandatedActors": 30,
    "activityOutsideMandates": 50,
    "idleMandates": 50,
    "duplicateCandidates": 100,  # compares the subject with every initiative sharing a place or theme
    "partnerSuggestions": 100,  # scores every candidate actor on several factors
    "duplicateClusters": 200,  # compares initiatives pairwise
    "connections": 100,  # path search through the graph
}

CEILING = 10**12
"""Costs saturate here, so that a fragment bomb gives a big number, not a huge one."""


@dataclass(frozen=True)
class Estimate:
    """cost: points (see the module docstring). depth: the deepest operation's depth, counted as
    strawberry's QueryDepthLimiter counts it (introspection fields not counted). aliases: aliased fields
    in the whole document, fragments expanded, as strawberry's MaxAliasesLimiter counts them."""

    cost: int
    depth: int
    aliases: int


@dataclass(frozen=True)
class _Measure:
    cost: int = 0
    depth: int = 0
    aliases: int = 0


def _add(a: int, b: int) -> int:
    return min(CEILING, a + b)


def _mul(a: int, b: int) -> int:
    return min(CEILING, a * b)


class _Walker:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None):
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables if isinstance(variables, dict) else {}
        self.defaults: dict[str, Any] = {}
        self.memo: dict[tuple, _Measure] = {}

    def operation(self, operation: OperationDefinitionNode) -> _Measure:
        self.defaults = {}
        for definition in operation.variable_definitions or ():
            if isinstance(definition.default_value, IntValueNode):
                self.defaults[definition.variable.name.value] = int(definition.default_value.value)
            elif isinstance(definition.default_value, ListValueNode):
                self.defaults[definition.variable.name.value] = list(definition.default_value.values)
        self.memo = {}  # variable defaults differ between operations
        root = {OperationType.QUERY: self.schema.query_type, OperationType.MUTATION: self.schema.mutation_type,
                OperationType.SUBSCRIPTION: self.schema.subscription_type}.get(operation.operation)
        return self.selections(operation.selection_set, root, page=None, flat=False, visiting=frozenset())

    def selections(self, selection_set: SelectionSetNode | None, parent, *, page: int | None, flat: bool,
                   visiting: frozenset) -> _Measure:
        cost = depth = aliases = 0
        for selection in (selection_set.selections if selection_set else ()):
            if isinstance(selection, FieldNode):
                measure = self.field(selection, parent, page=page, flat=flat, visiting=visiting)
            elif isinstance(selection, InlineFragmentNode):
                condition = self._type(selection.type_condition.name.value) if selection.type_condition else parent
                measure = self.selections(selection.selection_set, condition, page=page, flat=flat, visiting=visiting)
            elif isinstance(selection, FragmentSpreadNode):
                measure = self.spread(selection.name.value, parent, page=page, flat=flat, visiting=visiting)
            else:  # pragma: no cover - the parser makes no other selections
                continue
            cost = _add(cost, measure.cost)
            depth = max(depth, measure.depth)
            aliases = _add(aliases, measure.aliases)
        return _Measure(cost, depth, aliases)

    def spread(self, name: str, parent, *, page: int | None, flat: bool, visiting: frozenset) -> _Measure:
        fragment = self.fragments.get(name)
        if fragment is None or name in visiting:  # unknown or cyclic: validation reports it
            return _Measure()
        condition = self._type(fragment.type_condition.name.value) or parent
        key = (name, getattr(condition, "name", None), page, flat)
        if key not in self.memo:
            self.memo[key] = self.selections(fragment.selection_set, condition, page=page, flat=flat,
                                             visiting=visiting | {name})
        return self.memo[key]

    def field(self, node: FieldNode, parent, *, page: int | None, flat: bool, visiting: frozenset) -> _Measure:
        name = node.name.value
        aliases = 1 if node.alias else 0
        introspection = name.startswith("__")
        definition = None
        if is_object_type(parent) or is_interface_type(parent):
            definition = parent.fields.get(name)
        if introspection:  # __typename, __schema, __type: answered from memory; not counted in depth
            inner = self.selections(node.selection_set, self._introspection_type(name, parent), page=None,
                                    flat=True, visiting=visiting)
            return _Measure(_add(1, inner.cost), 0, _add(aliases, inner.aliases))
        if definition is None:
            inner = self.selections(node.selection_set, None, page=None, flat=True, visiting=visiting)
            return _Measure(_add(1, inner.cost), 1 + inner.depth if node.selection_set else 0,
                            _add(aliases, inner.aliases))

        named = get_named_type(definition.type)
        is_connection = named.name.endswith("Connection")
        multiplier = 1
        child_page = None
        if is_connection:
            first = self._int_argument(node, "first")
            child_page = DEFAULT_PAGE if first is None else first
        elif _is_list(definition.type) and is_composite_type(named) and not flat:
            if page is not None:
                multiplier = page
            elif "first" in definition.args:
                first = self._int_argument(node, "first")
                if first is None:
                    default = definition.args["first"].default_value
                    first = default if isinstance(default, int) and not isinstance(default, bool) else DEFAULT_FAN_OUT
                multiplier = first
            elif "ids" in definition.args:
                count = self._list_length(node, "ids")
                multiplier = DEFAULT_FAN_OUT if count is None else count
            elif parent is self.schema.query_type:
                multiplier = DEFAULT_FAN_OUT
            else:
                multiplier = EXPECTED_LENGTH.get(f"{parent.name}.{name}", RELATION_FAN_OUT)
        multiplier = max(1, multiplier)
        base = BASE_COST.get(name, 0) if parent is self.schema.query_type else 0
        inner = self.selections(node.selection_set, named, page=child_page, flat=flat, visiting=visiting)
        cost = _add(_add(1, base), _mul(multiplier, inner.cost))
        return _Measure(cost, 1 + inner.depth if node.selection_set else 0, _add(aliases, inner.aliases))

    def _type(self, name: str):
        return self.schema.type_map.get(name)

    def _introspection_type(self, name: str, parent):
        if name == "__schema":
            return get_named_type(SchemaMetaFieldDef.type)
        if name == "__type":
            return get_named_type(TypeMetaFieldDef.type)
        if is_object_type(parent) or is_interface_type(parent):
            found = parent.fields.get(name)
            return get_named_type(found.type) if found else None
        return None

    def _argument(self, node: FieldNode, name: str):
        for argument in node.arguments or ():
            if argument.name.value == name:
                return argument.value
        return None

    def _variable(self, value: VariableNode):
        variable = value.name.value
        if variable in self.variables:
            return self.variables[variable]
        return self.defaults.get(variable)

    def _int_argument(self, node: FieldNode, name: str) -> int | None:
        value = self._argument(node, name)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            found = self._variable(value)
            if isinstance(found, int) and not isinstance(found, bool):
                return found
        return None

    def _list_length(self, node: FieldNode, name: str) -> int | None:
        value = self._argument(node, name)
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, VariableNode):
            found = self._variable(value)
            if isinstance(found, list):
                return len(found)
            if found is not None:
                return 1  # a single value is coerced to a list of one
        if value is not None:
            return 1
        return None


def _is_list(type_) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def estimate(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
             variables: dict[str, Any] | None) -> Estimate:
    """The cost of the operation that will run (`operation_name`, or the only one), the deepest
    operation's depth and the document's aliases: what the limits compare with their maxima."""
    walker = _Walker(schema, document, variables)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    cost = depth = aliases = 0
    for operation in operations:
        measure = walker.operation(operation)
        depth = max(depth, measure.depth)
        aliases = _add(aliases, measure.aliases)
        name = operation.name.value if operation.name else None
        if operation_name is None or name == operation_name:
            cost = max(cost, measure.cost)
    return Estimate(cost=cost, depth=depth, aliases=aliases)
