"""Completes plain fields without the per-field machinery of graphql-core.

A page of 100 initiatives with their implementers and places has some 2,000 fields, nearly all plain
attributes (a title, a date, a name). graphql-core gives each one a path, a resolve info, a resolver call
through strawberry and a recursive completion; for a plain attribute of a leaf type all of that amounts to
`coerce_output_value(getattr(record, name))`, and for a plain attribute holding records (who works where's
`actor` and `work`, an implementer's `actor`) to completing their own fields; so does a list of records a
resolver returns (an initiative's implementers, its places), once the resolver has run. This executor does
exactly that for such fields and hands every other case (a resolver itself, arguments, directives, a null where
the schema forbids one, a value the type refuses, field middleware, deferred or streamed parts) to graphql-core's
own path, so answers and errors are the same as without it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
    is_object_type,
)
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter

_NOT_PLAIN = object()
_FALLBACK = object()
# type -> field name -> (read the value from the source, leaf or object type, value must not be null, is a list,
# items must not be null, the field's own type, the leaf's output coercion); by the type itself, not its name: a
# process may hold several schemas (the tests' own)
_SPECS: WeakKeyDictionary[GraphQLObjectType, dict[str, Any]] = WeakKeyDictionary()


def _spec(parent_type: GraphQLObjectType, field_name: str):
    specs = _SPECS.get(parent_type)
    if specs is None:
        specs = _SPECS[parent_type] = {}
    spec = specs.get(field_name)
    if spec is None:
        spec = specs[field_name] = _plain_spec(parent_type, field_name)
    return spec


def _plain_spec(parent_type: GraphQLObjectType, field_name: str):
    """How to complete a field that strawberry marks as a plain attribute (no resolver, no field extensions,
    so no arguments) of a leaf or object type or a list of one; _NOT_PLAIN for anything else."""
    field_def = parent_type.fields.get(field_name)
    if field_def is None or not getattr(field_def.resolve, "_is_default", False) or field_def.args:
        return _NOT_PLAIN
    kind, required = field_def.type, False
    if isinstance(kind, GraphQLNonNull):
        kind, required = kind.of_type, True
    is_list, items_required = False, False
    if isinstance(kind, GraphQLList):
        kind, is_list = kind.of_type, True
        if isinstance(kind, GraphQLNonNull):
            kind, items_required = kind.of_type, True
    if not (is_leaf_type(kind) or is_object_type(kind)):
        return _NOT_PLAIN
    coerce = _coercion(kind) if is_leaf_type(kind) else None
    return _reader(field_def), kind, required, is_list, items_required, field_def.type, coerce


def _coercion(leaf) -> Callable[[Any], Any]:
    """The leaf type's output coercion. strawberry's for an enum looks for the member's name among all the
    enum's values, one by one, for every value sent (2 us for a kind of actor); a member's name is found at once."""
    if not isinstance(leaf, CustomGraphQLEnumType):
        return leaf.coerce_output_value
    members = leaf.wrapped_cls
    names = {members(value.value): name for name, value in leaf.values.items()}

    def coerce(value):
        if type(value) is members:
            name = names.get(value)
            if name is not None:
                return name
        return leaf.coerce_output_value(value)
    return coerce


def _reader(field_def) -> Callable[[Any], Any]:
    """What strawberry's resolver of a plain attribute does with the source: its configured default resolver
    (getattr unless configured otherwise) called with the attribute's Python name, without the calls around it."""
    field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    name = getattr(field, "python_name", None)
    if name is None:
        return lambda source: field_def.resolve(source, None)
    if field.default_resolver is getattr:
        return operator.attrgetter(name)
    return lambda source: field.default_resolver(source, name)


def _complete(spec, source: Any) -> Any:
    """The field's completed value, or _FALLBACK wherever graphql-core would have more to say (an error)."""
    read, _, required, is_list, items_required, _, coerce = spec
    try:
        value = read(source)
        if value is None:
            return _FALLBACK if required else None
        if not is_list:
            coerced = coerce(value)
            return _FALLBACK if coerced is None or coerced is Undefined else coerced
        if not isinstance(value, (list, tuple)):
            return _FALLBACK
        out = []
        for item in value:
            if item is None:
                if items_required:
                    return _FALLBACK
                out.append(None)
                continue
            coerced = coerce(item)
            if coerced is None or coerced is Undefined:
                return _FALLBACK
            out.append(coerced)
        return out
    except Exception:  # noqa: BLE001 - graphql-core's own path reports it, located, as it always did
        return _FALLBACK


def _nothing_more(field_details_list, position_context) -> bool:
    """No directive on the field (@include, @skip, @stream...) and no deferred part around it: nothing graphql-core
    would do for its records beyond completing their fields."""
    return position_context is None and not any(details.node.directives for details in field_details_list)


class PlainFieldExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with plain leaf fields completed in one step (see the module's docstring)."""

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        if self._field_middleware():  # it must see every field
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, spec in self._plan(parent_type, grouped_field_set):
                if spec is not _NOT_PLAIN:
                    if is_object_type(spec[1]):
                        value = self._complete_records(spec, source_value, field_details_list,
                                                       Path(path, response_name, parent_type.name), position_context)
                    else:
                        value = _complete(spec, source_value)
                    if value is not _FALLBACK:
                        results[response_name] = value
                        if is_awaitable(value):
                            awaitable_fields.append(response_name)
                        continue
                result = self.execute_field(parent_type, source_value, field_details_list,
                                            Path(path, response_name, parent_type.name), position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _field_middleware(self) -> bool:
        middleware = self.middleware_manager
        return middleware is not None and bool(middleware.middlewares)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set) -> list[tuple[str, Any, Any]]:
        """Each field of a selection with its spec, worked out once per request for all the records of a list
        (graphql-core hands every record of a list the same grouped field set)."""
        plans = self.__dict__.setdefault("_plans", {})
        key = (parent_type, id(grouped_field_set))
        kept = plans.get(key)
        if kept is None or kept[0] is not grouped_field_set:
            steps = [(response_name, details, _spec(parent_type, details[0].node.name.value))
                     for response_name, details in grouped_field_set.items()]
            kept = plans[key] = (grouped_field_set, steps)  # the set kept alive with its plan: its id stays its own
        return kept[1]

    def _complete_records(self, spec, source: Any, field_details_list, path: Path, position_context) -> Any:
        """A plain attribute holding a record or a list of them: each record's fields completed as
        graphql-core's completion would (errors located and nulled the same way), or _FALLBACK, decided before
        anything runs, wherever graphql-core has more to do."""
        read, record_type, required, is_list, items_required, field_type, _ = spec
        if not _nothing_more(field_details_list, position_context):
            return _FALLBACK
        try:
            value = read(source)
        except Exception:  # noqa: BLE001 - graphql-core's own path reports it
            return _FALLBACK
        if value is None:
            return _FALLBACK if required else None
        records = value if is_list else (value,)
        if is_list and not isinstance(value, (list, tuple)):
            return _FALLBACK
        subfields = self._subfields_of(record_type, records, items_required, field_details_list)
        if subfields is None:
            return _FALLBACK
        try:
            if not is_list:
                completed = self.execute_fields(record_type, value, path, subfields, None)
            else:
                item_type = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
                completed = self._record_list(record_type, item_type.of_type, records, subfields, field_details_list,
                                              path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_type, field_details_list, path)
            return None
        return self._settled(completed, field_type, field_details_list, path)

    def complete_list_value(self, return_type, field_details_list, info, path: Path, result, position_context):
        """A resolver's list of records (an initiative's implementers, its places) completed as a plain attribute's
        is (_record_list), where graphql-core would have nothing more to do; graphql-core's own path otherwise."""
        item_type = return_type.of_type
        items_required = isinstance(item_type, GraphQLNonNull)
        record_type = item_type.of_type if items_required else item_type
        if (is_object_type(record_type) and isinstance(result, (list, tuple)) and not self._field_middleware()
                and _nothing_more(field_details_list, position_context)):
            subfields = self._subfields_of(record_type, result, items_required, field_details_list)
            if subfields is not None:
                return self._record_list(record_type, item_type, result, subfields, field_details_list, path)
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _subfields_of(self, record_type, records, items_required: bool, field_details_list):
        """The fields to complete on each of these records, or None where graphql-core has more to say: a null
        where the schema forbids one, a record of another type, a deferred part."""
        is_type_of = record_type.is_type_of
        for record in records:
            if record is None:
                if items_required:
                    return None
            elif is_type_of is not None and is_type_of(record, None) is not True:
                return None
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(record_type, field_details_list)
        return None if new_defer_usages else grouped_field_set

    def _record_list(self, record_type, item_type, records, subfields, field_details_list, path: Path) -> Any:
        """Each record's fields completed, an item's error handled at the item as graphql-core handles it (nulled,
        or raised on for a non-null item); what is raised is the list field's to handle, as with graphql-core."""
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, record in enumerate(records):
                if record is None:
                    completed.append(None)
                    continue
                item_path = path.add_key(index, None)
                try:
                    item = self._settled(self.execute_fields(record_type, record, item_path, subfields, None),
                                         item_type, field_details_list, item_path)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    item = None
                if self.is_awaitable(item):
                    awaitable_indices.append(index)
                completed.append(item)
        except Exception:  # the items still running are settled, not left behind, as graphql-core does
            if awaitable_indices:
                self.settle_in_background([completed[index] for index in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            awaited = await gather_with_cancel(*(completed[index] for index in awaitable_indices))
            for index, item in zip(awaitable_indices, awaited, strict=True):
                completed[index] = item
            return completed

        return get_completed()

    def _settled(self, completed: Any, return_type, field_details_list, path: Path) -> Any:
        """A completion that may still be running, with its error, when it comes, handled at `path`."""
        if not self.is_awaitable(completed):
            return completed

        async def await_completed() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, field_details_list, path)
                return None

        return await_completed()
