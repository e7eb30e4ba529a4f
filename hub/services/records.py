"""The stored form of a record: its derived search and identity properties and its provenance."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from hub.model import NODE_TYPES
from hub.text import normalise, search_terms

# Properties the hub maintains itself; clients never set them.
SYSTEM_FIELDS = {"key", "version", "createdAt", "createdBy", "updatedAt", "updatedBy", "sortName", "searchTerms",
                 "identityKey", "acronymKey", "distinctConfirmed", "lockToken", "linkLock", "ownerKey"}


@dataclass(frozen=True)
class Record:
    label: str
    props: dict[str, Any]

    @property
    def key(self) -> str:
        return self.props["key"]

    @property
    def version(self) -> int:
        return int(self.props.get("version") or 1)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def new_key(label: str, values: dict[str, Any]) -> str:
    natural = NODE_TYPES[label].key_field
    return str(values[natural]) if natural else uuid.uuid4().hex


def identity_keys(props: dict[str, Any], key: str, distinct: bool) -> dict[str, str]:
    """The actor's identity for duplicate refusal; a confirmed-distinct actor's is made unique by its key."""
    country = props.get("country") or "-"
    suffix = f"|{key}" if distinct else ""
    acronym = normalise(props.get("acronym"))
    return {
        "identityKey": f"{normalise(props['name'])}|{country}{suffix}",
        "acronymKey": f"{acronym}|{country}{suffix}" if acronym else f"~{key}",
    }


def new_record(label: str, key: str, validated: dict[str, Any], created_by: str, *, owner_key: str | None = None,
               distinct: bool = False) -> dict[str, Any]:
    """The stored properties of a new record: its values, provenance, version 1, default visibility, owner,
    and its derived search and identity properties. An organisation owns its own record."""
    stamp = now()
    props = {k: v for k, v in validated.items() if v is not None and v != []}
    props |= {"key": key, "version": 1, "createdAt": stamp, "createdBy": created_by, "updatedAt": stamp,
              "updatedBy": created_by,
              "visibility": props.get("visibility") or NODE_TYPES[label].default_visibility.value}
    if owner_key:
        props["ownerKey"] = owner_key
    props |= derived(label, props)
    if label == "Actor":
        props["ownerKey"] = key
        props |= identity_keys(props, key, distinct) | {"distinctConfirmed": distinct}
    return props


def derived(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """Search terms and sort name, recomputed whenever the record's text changes."""
    node_type = NODE_TYPES[label]
    return {
        "sortName": normalise(props.get(node_type.display_field)),
        "searchTerms": search_terms(*(props.get(field) for field in node_type.search_fields)),
    }
