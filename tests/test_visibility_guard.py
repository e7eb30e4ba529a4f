"""Visibility by construction: every statement in the catalogue that matches an actor, initiative, mandate,
need or contact applies the access predicate to it, except the reviewed statements below that must see
everything. A new statement that forgets the predicate fails here before it can leak."""

from __future__ import annotations

import pytest

from hub.graph.access import visible
from hub.graph.catalogue import all_statements
from tests.cypher_visibility import violations

# Statements that must see every record, each with the reason it is safe. Review every addition.
MUST_SEE_EVERYTHING = {
    # Writes on a record the service has just resolved through a visibility-checked lock or lookup
    # (nodes.lock, nodes.exists, links.lock_pair) in the same transaction.
    "nodes.create[*]": "creates a new record",
    "nodes.create_linked[*]": "a new record and its links, after nodes.get_linked found every other end visible",
    "nodes.update[*]": "after nodes.lock found the record visible",
    "nodes.delete[*]": "after nodes.lock found the record visible",
    "feed.deletion_scope[*]": "after nodes.lock: a tombstone keeps every place, theme and actor, seen or not",
    "nodes.dependents[*]": "after nodes.lock: a delete must count every dependent, seen or not",
    "nodes.set_derived[*]": "maintenance: recomputes stored search terms of every record",
    "nodes.upsert_nodes[*]": "bulk import by an admin",
    "nodes.existing_keys[*]": "bulk import by an admin",
    "links.unlock_pair[*]": "after links.lock_pair found both ends visible",
    "links.existing[*]": "after links.lock_pair found both ends visible",
    "links.write_link[*]": "after links.lock_pair found both ends visible",
    "links.create_links[*]": "a new record's links, after nodes.get_by_keys found every other end visible",
    "links.unlink[*]": "after links.lock_pair found both ends visible",
    "links.would_cycle[*]": "after links.lock_pair: a hidden record must not let a cycle through",
    "bulk.upsert_links[*]": "bulk import by an admin",
    "interop.merge_links[*]": "file import by an admin, between records its visibility-checked lookups resolved",
    "hub.graph.nodes.ACTOR_CASCADE_TARGETS": "a cascading delete must not leave hidden orphans behind",
    "hub.graph.nodes.DELETE_INITIATIVES": "the cascade of ACTOR_CASCADE_TARGETS",
    "hub.graph.nodes.DELETE_CONTACTS": "the cascade of ACTOR_CASCADE_TARGETS",
    "hub.graph.bulk.COUNT_ACTORS": "the demo loader asks whether the graph is empty",
    "hub.graph.trust.SET_TRUSTED": "admin only, after the actor was found visible",
    "hub.graph.trust.DELETE_ABOUT": "the cascade of an actor's deletion",
    "hub.graph.trust.VERIFIER": "the viewer's own actors, from its credential",
    # Backup and restore copy the whole graph (hub backup / hub restore, operators only).
    "backup.node_page[*]": "hub backup reads every record",
    "backup.link_page[*]": "hub backup reads every relationship",
    "backup.create_nodes[*]": "hub restore writes records into an empty graph",
    "backup.create_links[*]": "hub restore writes relationships into an empty graph",
    "hub.graph.backup.LINK_CENSUS": "counts every relationship, so that a backup misses none",
    # Merging organisations (admins only, both actors locked through nodes.lock first): every relationship
    # and owned record must move with the actor, and come back on undo, whether or not it is visible.
    "merges.add_links[*]": "merge or undo by an admin, after nodes.lock found both actors visible",
    "merges.move_owned[*]": "merge by an admin: every record the merged actor owns moves to the survivor",
    "merges.restore_owned[*]": "undo by an admin: the records the merge moved, by key",
    # The raw-driver baseline of benchmarks/compare.py: public records only, never sent by the hub.
    "hub.graph.reference.RAW_PAGE": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_ACTOR": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_PROVINCE": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_SEARCH": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_WHO_WORK": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_WHO_PRESENT": "benchmark baseline for an anonymous caller (PUBLIC only)",
    "hub.graph.reference.RAW_CREATE": "benchmark baseline's create",
    "hub.graph.reference.CREATED_LINKS": "benchmark reads back what each side's create stored",
    "hub.graph.reference.CLEAN_UP": "benchmark removes the initiatives it created",
}


def _matches(name: str, pattern: str) -> bool:
    """'family[*]' stands for every variant of a statement family; anything else is one statement."""
    return name.startswith(pattern[:-2]) if pattern.endswith("[*]") else name == pattern


def _allowed(name: str) -> bool:
    return any(_matches(name, pattern) for pattern in MUST_SEE_EVERYTHING)


def test_every_read_applies_the_access_predicate():
    leaks = {name: [str(v) for v in violations(statement)]
             for name, statement in all_statements() if not _allowed(name)}
    leaks = {name: found for name, found in leaks.items() if found}
    assert not leaks, "statements matching guarded records without visible():\n" + "\n".join(
        f"{name}: {found}" for name, found in leaks.items())


def test_the_allow_list_has_no_stale_entries():
    names = [name for name, _ in all_statements()]
    stale = [p for p in MUST_SEE_EVERYTHING if not any(_matches(n, p) for n in names)]
    assert not stale
    unneeded = [p for p in MUST_SEE_EVERYTHING
                if not any(violations(s) for n, s in all_statements() if _matches(n, p))]
    assert not unneeded, f"allowed but already safe, remove from the list: {unneeded}"


@pytest.mark.parametrize("statement, leaked", [
    ("MATCH (a:Actor {key: $key}) RETURN [(a)-[:HOLDS]->(:Mandate)-[:ADDRESSES]->(t:Theme) | t.key] AS themes",
     "Mandate"),
    (f"MATCH (a:Actor {{key: $key}}) WHERE {visible('a')} RETURN [(a)-[:PARTNERS_WITH]-(p:Actor) | p.key] AS partners",
     "Actor"),
    (f"MATCH (a:Actor {{key: $key}}) WHERE {visible('a')} RETURN [(a)-[:HOLDS]->(m) | m.key] AS held", "Mandate"),
    (f"MATCH (i:Initiative) WHERE i.key = $key RETURN [(i)<-[:IMPLEMENTS]-(x:Actor) WHERE {visible('x')} | x.key]",
     "Initiative"),
    (f"MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) WHERE EXISTS {{ MATCH (i)-[:PART_OF]->(p:Initiative) "
     f"WHERE {visible('p')} }} RETURN i.key", "Initiative"),
])
def test_the_guard_catches_a_forgotten_predicate(statement, leaked):
    found = violations(statement)
    assert found and any(v.label == leaked for v in found), found


@pytest.mark.parametrize("statement", [
    f"MATCH (a:Actor {{key: $key}}) WHERE {visible('a')} "
    f"RETURN [(a)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme) WHERE {visible('m')} | t.key] AS themes",
    "MATCH (l:Location {key: $key})-[:PART_OF*0..]->(up:Location) RETURN up.key",
    f"MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) WHERE l.key IN $keys AND {visible('i')} "
    "RETURN [(i)-[:ADDRESSES]->(t:Theme) | t.key] AS themes",
])
def test_the_guard_accepts_a_checked_statement(statement):
    assert violations(statement) == []
