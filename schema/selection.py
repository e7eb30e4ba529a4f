"""Looking ahead into an operation's selection, so a list reads only what its selection asks for."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types import Info
from strawberry.types.nodes import SelectedField


def fields_of(selections: Iterable, other_types: frozenset[str] = frozenset()) -> list[SelectedField]:
    """The fields of a selection set, fragments (named or inline) flattened; those on `other_types` left out
    (under node(id:), `... on Initiative` says nothing of an actor)."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.append(selection)
        elif getattr(selection, "type_condition", None) not in other_types:
            found += fields_of(selection.selections, other_types)
    return found


class ConnectionSelection:
    """What the current connection field selects: whether it asks for totalCount, and the fields of its
    records (under `nodes` and `edges { node }`; `records`: those selections themselves)."""

    def __init__(self, info: Info):
        top = fields_of(s for field in info.selected_fields for s in field.selections)
        self.total_count = any(f.name == "totalCount" for f in top)
        records = [f for f in top if f.name == "nodes"]
        records += [f for edge in top if edge.name == "edges" for f in fields_of(edge.selections) if f.name == "node"]
        self.records = records
        self.node_fields = {f.name for record in records for f in fields_of(record.selections)}
