"""schema/execution.py completes plain fields itself: the answers and errors must be exactly graphql-core's.

Each operation runs on one small schema twice, with the hub's executor and with strawberry's own, and the two
results (data and errors, with their messages, paths and locations) must be equal. The cases are the ones the
short path has to hand back: a null where the schema forbids one, a value the type refuses, a property that
raises, lists with nulls, enums, custom scalars, aliases, fragments, directives and resolvers beside them; and
the same under plain attributes holding records (a box of items), where an error below must null the nearest
nullable place above it, whether it came at once or from a resolver that awaited.
"""

from __future__ import annotations

import datetime as dt
import enum

import pytest
import strawberry

from schema import execution
from schema.execution import PlainFieldExecutor


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"
    GREEN = "GREEN"


@strawberry.type
class Item:
    name: str
    nickname: str | None
    count: int
    colour: Colour
    colours: list[Colour]
    maybe_colours: list[Colour | None] | None
    tags: list[str]
    when: dt.datetime | None
    required_when: dt.date

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times

    @strawberry.field
    async def later(self) -> str:
        return self.name[::-1]


class Broken:
    """Looks like an Item, but some attributes are wrong in the ways a bug could make them."""

    def __init__(self, **wrong):
        self.__dict__.update(name="b", nickname=None, count=1, colour=Colour.RED, colours=[], maybe_colours=None,
                             tags=[], when=None, required_when=dt.date(2026, 1, 1))
        self.__dict__.update(wrong)

    @property
    def boom(self):
        raise RuntimeError("the property failed")


class Raising(Broken):
    @property
    def nickname(self):
        raise RuntimeError("the property failed")


GOOD = Item(name="a", nickname=None, count=3, colour=Colour.GREEN, colours=[Colour.RED, Colour.GREEN],
            maybe_colours=[Colour.RED, None], tags=["x", "y"], when=dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC),
            required_when=dt.date(2026, 11, 30))
CASES = {
    "good": [GOOD, GOOD],
    "null name": [GOOD, Broken(name=None)],
    "null in a non-null list": [Broken(colours=[Colour.RED, None])],
    "wrong type": [Broken(count="many")],
    "not an enum value": [Broken(colour="BLUE")],
    "an enum's value, not its member": [Broken(colour="GREEN", colours=["RED", Colour.GREEN])],
    "a list that is not one": [Broken(tags=5)],
    "a raising property": [Raising()],
    "null required date": [Broken(required_when=None)],
}


@strawberry.type
class Box:
    """Plain attributes holding records."""
    item: Item
    maybe_item: Item | None
    items: list[Item]
    maybe_items: list[Item | None] | None
    inner: "Box | None"


def _box(case: str) -> Box:
    items = CASES[case]
    inner = Box(item=items[-1], maybe_item=None, items=items, maybe_items=[None, *items], inner=None)
    return Box(item=items[-1], maybe_item=items[0], items=items, maybe_items=[*items, None], inner=inner)


def _schema(executor):
    @strawberry.type
    class Query:
        @strawberry.field
        def items(self, case: str) -> list[Item]:
            return CASES[case]

        @strawberry.field
        def maybe_items(self, case: str) -> list[Item | None] | None:
            return CASES[case]

        @strawberry.field
        def boxes(self, case: str) -> list[Box | None]:
            return [_box(case), _box(case)]

    return strawberry.Schema(query=Query, execution_context_class=executor)


OPERATIONS = [
    "{ %s(case: $case) { name nickname count colour colours maybeColours tags when requiredWhen } }",
    "{ %s(case: $case) { __typename n: name c: count name ...F shout(times: 2) later } } fragment F on Item { tags colour }",
    "{ %s(case: $case) { name @include(if: false) count @skip(if: true) colours ... on Item { nickname } } }",
]


BOXES = [
    "{ boxes(case: $case) { item { name count } maybeItem { nickname colours } items { name later } } }",
    "{ boxes(case: $case) { maybeItems { name tags } inner { item { requiredWhen later } maybeItems { name } } } }",
    "{ boxes(case: $case) { a: item { name } a: item { count } items @skip(if: false) { colour } "
    "inner { ...B } } } fragment B on Box { maybeItem { name } item { shout(times: 2) when } }",
]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("operation", BOXES)
async def test_records_in_plain_attributes_answer_and_fail_as_with_graphql_core(case, operation):
    text = "query($case: String!) " + operation
    ours = await _schema(PlainFieldExecutor).execute(text, variable_values={"case": case})
    theirs = await _schema(None).execute(text, variable_values={"case": case})
    assert ours.data == theirs.data
    assert [e.formatted for e in ours.errors or []] == [e.formatted for e in theirs.errors or []]
    if case == "good":
        assert not ours.errors and ours.data["boxes"][0]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("field", ["items", "maybeItems"])
async def test_the_same_answer_and_errors_as_graphql_core(case, operation, field):
    text = "query($case: String!) " + operation % field
    ours = await _schema(PlainFieldExecutor).execute(text, variable_values={"case": case})
    theirs = await _schema(None).execute(text, variable_values={"case": case})
    assert ours.data == theirs.data
    assert [e.formatted for e in ours.errors or []] == [e.formatted for e in theirs.errors or []]
    if case == "good":
        assert not ours.errors and ours.data[field][0]["colours" if "colours" in text else "tags"]
    if case == "null name" and "n: name" not in text and "@include" not in text:
        assert ours.errors  # the short path handed the null back to graphql-core, which reported it


def test_plain_leaf_fields_take_the_short_path():
    """The comparisons above are only worth something if the short path ran: plain leaves, records and lists of
    them do, resolvers do not."""
    item = _schema(PlainFieldExecutor)._schema.get_type("Item")
    for name in ("name", "nickname", "count", "colour", "colours", "maybeColours", "tags", "when", "requiredWhen"):
        assert execution._plain_spec(item, name) is not execution._NOT_PLAIN, name
    for name in ("shout", "later", "__typename"):
        assert execution._plain_spec(item, name) is execution._NOT_PLAIN, name
    box = _schema(PlainFieldExecutor)._schema.get_type("Box")
    for name in ("item", "maybeItem", "items", "maybeItems", "inner"):
        assert execution._plain_spec(box, name) is not execution._NOT_PLAIN, name



def test_an_enum_member_is_named_without_strawberrys_scan(monkeypatch):
    """The short path names an enum member from its own table; strawberry's coercion (a scan of the values) is
    left only what the table does not hold, so its answers and errors stay strawberry's."""
    colour = _schema(PlainFieldExecutor)._schema.get_type("Colour")
    scanned = []
    monkeypatch.setattr(colour, "coerce_output_value", lambda value: scanned.append(value) or "SCANNED")
    coerce = execution._coercion(colour)
    assert [coerce(Colour.RED), coerce(Colour.GREEN)] == ["RED", "GREEN"]
    assert scanned == []
    assert coerce("GREEN") == "SCANNED" and scanned == ["GREEN"]

async def test_records_a_resolver_returns_take_the_short_path():
    """A resolver's list of records is completed by the short path too, so the comparisons above cover it: good
    records, and records whose fields break (the error is then reported from the short path)."""
    ran = []

    class Watched(PlainFieldExecutor):
        def _record_list(self, *args):
            ran.append(args[2])
            return super()._record_list(*args)

    good = await _schema(Watched).execute('{ items(case: "good") { name colours } }')
    assert not good.errors and ran == [CASES["good"]]
    ran.clear()
    refused = await _schema(Watched).execute('{ items(case: "null in a non-null list") { name colours } }')
    assert refused.errors and ran == [CASES["null in a non-null list"]]


# A stored record of each label, as the graph hands it over (dates as text, enums as their names).
STORED = {
    "Actor": {"key": "a1", "name": "Foundation for Tolerance International", "acronym": "FTI", "kind": "CSO",
              "country": "KG", "sensitive": True, "version": 3, "visibility": "PARTNERS", "createdAt": "2026-01-02T03:04:05+00:00"},
    "Initiative": {"key": "i1", "title": "Youth dialogue", "status": "ACTIVE", "startDate": "2026-01-01",
                   "budgetAmount": 1200.5, "budgetCurrency": "USD", "targetGroups": ["YOUTH"], "updatedBy": "cso"},
    "Mandate": {"key": "m1", "title": "Resolution 2250", "validFrom": "2015-12-09", "sourceReference": "S/RES/2250"},
    "Location": {"key": "KG09", "code": "KG09", "name": "Osh", "level": "ADMIN1", "country": "KG",
                 "alternateNames": ["Ош"], "latitude": 40.5},
    "Theme": {"key": "peacebuilding", "name": "Peacebuilding", "names": ["Peacebuilding", "Миростроительство"],
              "nameLanguages": ["en", "ru"], "dacCodes": ["15220"]},
    "Need": {"key": "n1", "title": "Safe water", "reportedOn": "2026-05-01"},
    "Contact": {"key": "c1", "name": "A. Liaison", "languages": ["ky", "ru"], "email": "a@example.org"},
}


@pytest.mark.parametrize("label", sorted(STORED))
def test_record_fields_are_read_from_the_stored_properties_as_asked(label):
    """A record type's plain fields are worked out from its properties when first read (RecordFields.READ):
    every plain field has a reader, and the short path, getattr and the reader itself give the same value."""
    from hub.services.records import Record
    from schema.schema import schema
    from schema.types import TYPES_BY_LABEL

    cls = TYPES_BY_LABEL[label]
    plain = {f.python_name for f in cls.__strawberry_definition__.fields if f.base_resolver is None}
    assert set(cls.READ) == plain
    graphql_type = schema._schema.get_type(label)
    for field in cls.__strawberry_definition__.fields:
        if field.base_resolver is not None:
            continue
        spec = execution._plain_spec(graphql_type, field.graphql_name or _camel(field.python_name))
        assert spec is not execution._NOT_PLAIN, field.python_name
        read = spec[0]
        record = cls.from_record(Record(label, dict(STORED[label])))
        assert read(record) == getattr(cls.from_record(Record(label, dict(STORED[label]))), field.python_name)
        assert getattr(record, field.python_name) == cls.READ[field.python_name](STORED[label])
    with pytest.raises(AttributeError):
        cls.from_record(Record(label, STORED[label])).no_such_field


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
