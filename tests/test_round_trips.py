"""Round trips: lists read only what the selection asks for, in a fixed number of statements whatever the
page size (the count only with totalCount, the selected properties only, nested lists one statement per
level), with the same answers as with everything read; a create costs the same statements for any number
of links."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import AsyncManagedTransaction, AsyncSession

from hub.auth import tokens as auth_tokens
from hub.graph import audit, hierarchy, tokens
from hub.graph.connection import PING
from tests.test_lists_and_search import link, world  # noqa: F401 - the fixture
from tests.test_registry_mutations import create


@pytest.fixture
def statements(monkeypatch):
    """The statements sent to the graph while the test runs (the driver's own tx.run, and session.run for a
    statement sent on its own), but for those sent on their own clocks: the change feed's follower, which reads
    the audit trail once a subscription has started it, and the embedded server's liveness probe."""
    sent: list[str] = []
    in_transaction, on_its_own = AsyncManagedTransaction.run, AsyncSession.run

    async def run(self, query, parameters=None, **kwargs):
        if query != audit.FOLLOW:
            sent.append(query)
        return await in_transaction(self, query, parameters, **kwargs)

    async def run_alone(self, query, parameters=None, **kwargs):
        if getattr(query, "text", query) != PING:
            sent.append(getattr(query, "text", query))
        return await on_its_own(self, query, parameters, **kwargs)

    monkeypatch.setattr(AsyncManagedTransaction, "run", run)
    monkeypatch.setattr(AsyncSession, "run", run_alone)
    return sent


async def test_paging_without_total_count_still_knows_the_next_page(gql, world, unique):  # noqa: F811
    query = """query($s: String, $after: String) { initiatives(filter: {search: $s}, first: 3, after: $after) {
      edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }"""
    first = (await gql(query, {"s": unique}))["initiatives"]
    assert len(first["edges"]) == 3 and first["pageInfo"]["hasNextPage"]
    second = (await gql(query, {"s": unique, "after": first["pageInfo"]["endCursor"]}))["initiatives"]
    assert len(second["edges"]) == 1 and not second["pageInfo"]["hasNextPage"]
    exact = (await gql(query.replace("first: 3", "first: 4"), {"s": unique}))["initiatives"]
    assert len(exact["edges"]) == 4 and not exact["pageInfo"]["hasNextPage"]


async def test_the_count_runs_only_when_total_count_is_selected(gql, world, unique, statements):  # noqa: F811
    """With totalCount the page and the count come from one statement; without, nothing is counted."""
    query = "query($s: String) { initiatives(filter: {search: $s}, first: 2) { %s nodes { title } } }"
    plain = await gql(query % "", {"s": unique})
    without = list(statements)
    statements.clear()
    counted = await gql(query % "totalCount", {"s": unique})
    assert counted["initiatives"]["totalCount"] == 4
    assert counted["initiatives"]["nodes"] == plain["initiatives"]["nodes"] and len(plain["initiatives"]["nodes"]) == 2
    assert len(statements) == len(without)
    assert not any("size(matched)" in s or "count(" in s for s in without)
    assert any("size(matched)" in s for s in statements)


async def test_nested_lists_cost_the_same_statements_for_any_page_size(gql, world, unique, statements):  # noqa: F811
    query = """query($s: String, $n: Int) { initiatives(filter: {search: $s}, first: $n,
                                                    orderBy: {field: NAME, direction: DESC}) {
      totalCount nodes { title implementers { role actor { name partners { name } } } locations { name parent { name } }
                         themes { code broader { code } } } } }"""
    await gql(query, {"s": unique, "n": 2})  # away, at-village (with an implementer)
    one = len(statements)
    statements.clear()
    data = await gql(query, {"s": unique, "n": 4})
    assert len(data["initiatives"]["nodes"]) == 4
    assert len(statements) == one


async def test_a_selection_of_some_fields_answers_as_a_full_read(gql, world, unique):  # noqa: F811
    """Every plain field, through fragments, aliases and relations, equals what a read of all properties gives:
    `node(id:)` reads every property, a list only the selected ones."""
    fields = """id title description status startDate endDate budget { amount currency } targetGroups sensitive
        version visibility provenance { createdBy createdAt updatedAt source } __typename"""
    await gql("""mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { userErrors { field } } }""",
              {"i": {"id": world["at-village"], "version": 1, "budgetAmount": 1200.5, "budgetCurrency": "EUR",
                     "description": "described"}})
    listed = (await gql("""fragment F on Initiative { %s }
        query($s: String) { initiatives(filter: {search: $s}, first: 10) {
          edges { node { ...F other: title implementers { role actor { name kind country } } } } } }""" % fields,
                        {"s": unique}))["initiatives"]["edges"]
    by_id = {edge["node"]["id"]: edge["node"] for edge in listed}
    assert len(by_id) == 4
    for global_id, node in by_id.items():
        full = (await gql("""query($id: ID!) { node(id: $id) { ... on Initiative { %s
            implementers { role actor { name kind country } } } } }""" % fields, {"id": global_id}))["node"]
        assert node["other"] == node["title"]
        assert {k: v for k, v in node.items() if k != "other"} == full
    village = by_id[world["at-village"]]
    assert village["budget"] == {"amount": 1200.5, "currency": "EUR"} and village["description"] == "described"
    assert village["implementers"][0]["role"] == "LEAD"
    assert village["implementers"][0]["actor"] == {"name": f"Actor {unique}", "kind": "CSO", "country": "KG"}


async def test_an_actors_initiatives_list_keeps_hidden_actors_hidden(gql, public, unique):
    """The list starts from the actor: an actor the caller may not see yields nothing, not its initiatives."""
    hidden = (await create(gql, "Actor", {"name": f"Hidden {unique}", "kind": "CSO", "visibility": "PRIVATE"}))["actor"]["id"]
    shown = (await create(gql, "Initiative", {"title": f"Shown work {unique}"}))["initiative"]["id"]
    await link(gql, "IMPLEMENTS", hidden, shown, role="LEAD")
    query = """query($a: ID!) { initiatives(filter: {actorId: $a}) { totalCount nodes { id } } }"""
    assert (await gql(query, {"a": hidden}))["initiatives"] == {"totalCount": 1, "nodes": [{"id": shown}]}
    assert (await public(query, {"a": hidden}))["initiatives"] == {"totalCount": 0, "nodes": []}


async def test_a_sensitive_initiative_matches_a_fine_place_filter_only_for_its_owner(gql, public, world, unique):  # noqa: F811
    """The list starts from the places; the sensitive-place rule still applies to what it finds."""
    hidden = (await create(gql, "Initiative", {"title": f"Sensitive {unique}", "sensitive": True}))["initiative"]["id"]
    await link(gql, "LOCATED_IN", hidden, world["village"])
    query = """query($p: ID!) { initiatives(filter: {locationId: $p}) { totalCount nodes { id } } }"""
    assert hidden in [n["id"] for n in (await gql(query, {"p": world["district"]}))["initiatives"]["nodes"]]
    assert hidden not in [n["id"] for n in (await public(query, {"p": world["district"]}))["initiatives"]["nodes"]]
    assert hidden in [n["id"] for n in (await public(query, {"p": world["region"]}))["initiatives"]["nodes"]]


async def test_a_create_costs_the_same_statements_for_any_number_of_links(gql, world, unique, statements):  # noqa: F811
    query = """mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) {
      initiative { id locations { name } themes { code } implementers { role actor { name } } } userErrors { field } } }"""
    places = [world[p] for p in ("region", "district", "village", "elsewhere")]
    themes = [world[t] for t in ("broad", "narrow", "unrelated")]
    one = {"title": f"Linked once {unique}", "locationIds": places[:1], "themeIds": themes[:1],
           "implementers": [{"actorId": world["actor"], "role": "LEAD"}]}
    created = (await gql(query, {"i": one}))["createInitiative"]
    assert created["userErrors"] == [] and len(created["initiative"]["locations"]) == 1
    few = len(statements)
    statements.clear()
    many = one | {"title": f"Linked often {unique}", "locationIds": places, "themeIds": themes}
    created = (await gql(query, {"i": many}))["createInitiative"]
    assert created["userErrors"] == []
    assert sorted(p["name"] for p in created["initiative"]["locations"]) == sorted(
        f"{name} {unique}" for name in ("region", "district", "village", "elsewhere"))
    assert len(created["initiative"]["themes"]) == 3 and created["initiative"]["implementers"][0]["role"] == "LEAD"
    assert len(statements) == few
    trail = (await gql("""query($id: ID!) { auditTrail(recordId: $id) { nodes { action } } }""",
                       {"id": created["initiative"]["id"]}))["auditTrail"]["nodes"]
    assert sorted(e["action"] for e in trail) == ["CREATE"] + ["LINK"] * 7  # the implementer's link is on the actor


async def test_a_create_checks_for_duplicates_only_when_they_are_asked_for(gql, unique, statements, transactions,
                                                                            monkeypatch):
    """Without possibleDuplicates a create is one write transaction (with a client mutation id, its key's
    receipt is looked for inside it); with them, the check is one read transaction beside it, which leaves the
    caller's token to the write."""
    made = """mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } %s } }"""
    await gql("{ __typename }")  # the caller's token is known from now on: looked up with the work
    statements.clear()
    transactions.clear()
    await gql(made % "", {"i": {"title": f"Youth dialogue clubs {unique}", "clientMutationId": f"clubs-{unique}"}})
    assert len(transactions) == 1
    plain = list(statements)
    looked_up = auth_tokens._check

    async def slow_look_up(*args):  # still under way when the check's transaction begins
        await asyncio.sleep(0.2)
        await looked_up(*args)

    monkeypatch.setattr(auth_tokens, "_check", slow_look_up)
    statements.clear()
    transactions.clear()
    asked = await gql(made % "possibleDuplicates { score }", {"i": {"title": f"Youth dialogue clubs {unique} 2"}})
    assert asked["createInitiative"]["possibleDuplicates"] is not None
    # the check reads the hierarchies' stamp (the places' and themes' facts kept under it: hub.services.analysis.kept_facts)
    assert hierarchy.READ in statements and hierarchy.READ not in plain
    assert len(statements) > len(plain) and len(transactions) == 1 + 1
    assert statements.count(tokens.BY_ID) == 1  # the caller's token looked up by the write only


@pytest.fixture
def transactions(monkeypatch):
    """The transactions that sent statements while the test runs, but for those on their own clocks (see
    `statements`): each transaction object once, and each statement sent on its own (its own transaction)."""
    seen: list = []
    in_transaction, on_its_own = AsyncManagedTransaction.run, AsyncSession.run

    async def run(self, query, parameters=None, **kwargs):
        if query != audit.FOLLOW and not any(tx is self for tx in seen):
            seen.append(self)
        return await in_transaction(self, query, parameters, **kwargs)

    async def run_alone(self, query, parameters=None, **kwargs):
        if getattr(query, "text", query) != PING:
            seen.append(query)
        return await on_its_own(self, query, parameters, **kwargs)

    monkeypatch.setattr(AsyncManagedTransaction, "run", run)
    monkeypatch.setattr(AsyncSession, "run", run_alone)
    return seen


async def test_each_level_of_nested_lists_is_one_transaction(gql, world, unique, statements, transactions):  # noqa: F811
    """The page with the first level of relationships (implementers, places and themes: see
    tests/test_nested_reads.py) as one statement on its own, the look-up of the caller's token beside it, then
    one statement for all the next level's kinds (the actors' partners, the places' parents and the themes'
    broader themes)."""
    query = """query($s: String) { initiatives(filter: {search: $s}, first: 4) {
      nodes { title implementers { role actor { name partners { name } } } locations { name parent { name } }
              themes { code broader { code } } } } }"""
    data = await gql(query, {"s": unique})
    assert len(data["initiatives"]["nodes"]) == 4
    assert len(transactions) == 1 + 1 + 1  # the caller's token beside the page and its first level, the second level
    assert len(statements) == 1 + 1 + 1
    second = statements[-1]
    assert all(f"kind{i}" in second for i in range(3)) and "kind3" not in second


async def test_who_works_where_is_one_transaction(gql, world, unique, statements, transactions):  # noqa: F811
    """The place and theme expanded in one statement, then the work, declared presence (without a theme),
    and the contacts and places the selection shows, all in one transaction with the caller's token; the
    actors and initiatives it shows come with the work and the presence."""
    query = """query($loc: ID!, $theme: ID) { whoWorksWhere(locationId: $loc, themeId: $theme,
                                                          period: {start: "2023-01-01", end: "2023-12-31"}) { roles } }"""
    assert (await gql(query, {"loc": world["region"]}))["whoWorksWhere"] == [{"roles": ["LEAD"]}]
    assert len(transactions) == 1 and len(statements) == 1 + 3  # no contacts selected, none read
    statements.clear()
    transactions.clear()
    assert (await gql(query, {"loc": world["region"], "theme": world["broad"]}))["whoWorksWhere"] == [{"roles": ["LEAD"]}]
    assert len(transactions) == 1 and len(statements) == 1 + 2
    statements.clear()
    transactions.clear()
    named = query.replace("{ roles }", "{ roles actor { name } work { role initiative { title } } }")
    [found] = (await gql(named, {"loc": world["region"]}))["whoWorksWhere"]
    assert found["actor"]["name"] == f"Actor {unique}"
    assert found["work"] == [{"role": "LEAD", "initiative": {"title": f"at-village {unique}"}}]
    assert len(transactions) == 1 and len(statements) == 1 + 3  # the actors and initiatives read with the work
    statements.clear()
    transactions.clear()
    contacts = query.replace("{ roles }", "{ roles contacts { name } }")
    assert (await gql(contacts, {"loc": world["region"]}))["whoWorksWhere"] == [{"roles": ["LEAD"], "contacts": []}]
    assert len(transactions) == 1 and len(statements) == 1 + 4
    statements.clear()
    transactions.clear()
    places = query.replace("{ roles }", "{ locations { name } work { locations { name } } }")
    [found] = (await gql(places, {"loc": world["region"]}))["whoWorksWhere"]
    assert found["locations"] == found["work"][0]["locations"] and found["locations"]
    assert len(transactions) == 1 and len(statements) == 1 + 3 + 1  # the places with the work


async def test_a_transaction_begins_with_its_first_statement(hub, monkeypatch):
    """A read transaction of one statement is one write to the server's socket for BEGIN, RUN and PULL and one
    for COMMIT: BEGIN is not sent, and answered, alone first (hub.graph.connection.pipelined_begin)."""
    import asyncio.selector_events

    from hub.graph.connection import fetch_one

    writes: list[bytes] = []
    original = asyncio.selector_events._SelectorSocketTransport.write

    def write(self, data):
        writes.append(bytes(data))
        return original(self, data)

    monkeypatch.setattr(asyncio.selector_events._SelectorSocketTransport, "write", write)
    assert (await hub.graph.read(lambda tx: fetch_one(tx, "RETURN 1 AS one")))["one"] == 1
    if not writes:
        pytest.skip("the graph connection is encrypted here: its writes do not pass the plain socket transport")
    begin, commit = b"\xb1\x11", b"\xb0\x12"  # Bolt structure markers of BEGIN (one field) and COMMIT (none)
    [opening] = [w for w in writes if begin in w]  # a new connection's handshake may come first
    assert b"RETURN 1 AS one" in opening
    assert any(commit in w for w in writes[writes.index(opening) + 1:])


async def test_a_lost_write_race_is_retried_at_once(hub):
    """Concurrent writes to one record lose races on the embedded engine (a transient error the driver
    retries); the driver's first retry waits 50 ms, not its default second (the writes' p99 under the load
    test), and still within the graph deadline."""
    from hub.graph.connection import DRIVER_FIRST_RETRY_DELAY, DRIVER_RETRY_TIME

    async with hub.graph.driver.session(database=hub.graph.database) as session:
        assert session._config.initial_retry_delay == DRIVER_FIRST_RETRY_DELAY == 0.05
        assert session._config.max_transaction_retry_time == DRIVER_RETRY_TIME < hub.graph.timeout


async def test_a_link_is_one_transaction_and_reads_its_ends_only_when_asked(gql, world, unique, statements,
                                                                           transactions):  # noqa: F811
    """A link (with a client mutation id) is one write transaction of three statements (its key's receipt looked
    for; both ends locked with the link already there read; the link, the unlocking, the audit entry and the
    receipt written); the records it joins are read only when the payload selects `from` or `to`."""
    mutation = """mutation($i: LinkInput!) { link(input: $i) { relationship { type role %s } userErrors { code } } }"""
    await gql("{ __typename }")  # the caller's token is known from now on: looked up with the work
    statements.clear()
    transactions.clear()
    made = await gql(mutation % "", {"i": {"type": "IMPLEMENTS", "fromId": world["actor"], "toId": world["at-district"],
                                          "role": "PARTNER", "clientMutationId": f"link-{unique}"}})
    assert made["link"] == {"relationship": {"type": "IMPLEMENTS", "role": "PARTNER"}, "userErrors": []}
    assert len(transactions) == 1 and len(statements) == 1 + 3  # the token's look-up first
    trail = (await gql("""query($id: ID!) { auditTrail(recordId: $id) { nodes { action detail } } }""",
                       {"id": world["actor"]}))["auditTrail"]["nodes"]
    assert any(e["action"] == "LINK" and e["detail"]["type"] == "IMPLEMENTS" and e["detail"]["role"] == "PARTNER"
               for e in trail)
    transactions.clear()
    ends = "from { id ... on Actor { name } } to { id ... on Initiative { title } }"
    again = await gql(mutation % ends, {"i": {"type": "IMPLEMENTS", "fromId": world["actor"],
                                              "toId": world["at-district"], "role": "LEAD"}})
    relationship = again["link"]["relationship"]
    assert relationship["role"] == "LEAD"
    assert relationship["from"]["id"] == world["actor"] and relationship["from"]["name"].startswith("Actor ")
    assert relationship["to"]["id"] == world["at-district"] and relationship["to"]["title"].startswith("at-district ")
    assert len(transactions) == 1 + 2  # the link, then each end as the selection asks
    transactions.clear()
    replayed = await gql(mutation % "", {"i": {"type": "IMPLEMENTS", "fromId": world["actor"],
                                               "toId": world["at-district"], "role": "PARTNER",
                                               "clientMutationId": f"link-{unique}"}})
    # the relationship as it is now; the receipt found in the write transaction, then the relationship read
    assert replayed["link"]["relationship"] == {"type": "IMPLEMENTS", "role": "LEAD"} and len(transactions) == 1 + 1


async def test_an_update_is_one_transaction_of_two_statements(gql, world, unique, statements, transactions):  # noqa: F811
    """An update of an initiative locks and reads the record, then writes the change with its audit entry in one
    statement (the entry worked out from the locked read)."""
    mutation = """mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) {
      initiative { title version } userErrors { field } } }"""
    await gql("{ __typename }")  # the caller's token is known from now on: looked up with the work
    version = (await gql("query($id: ID!) { node(id: $id) { ... on Initiative { version } } }",
                         {"id": world["at-village"]}))["node"]["version"]
    statements.clear()
    transactions.clear()
    changed = await gql(mutation, {"i": {"id": world["at-village"], "version": version, "title": f"Renamed {unique}"}})
    assert changed["updateInitiative"] == {"initiative": {"title": f"Renamed {unique}", "version": version + 1},
                                           "userErrors": []}
    assert len(transactions) == 1 and len(statements) == 1 + 2  # the token's look-up first
    trail = (await gql("""query($id: ID!) { auditTrail(recordId: $id) { nodes { action after } } }""",
                       {"id": world["at-village"]}))["auditTrail"]["nodes"]
    assert trail[0]["action"] == "UPDATE" and trail[0]["after"]["title"] == f"Renamed {unique}"


async def test_a_read_of_one_statement_is_sent_without_a_transaction(hub, statements, transactions):
    """A read marked as one statement is sent on its own; should it run a second one after all, it is run again
    from the start in a transaction, so that both statements see the same graph."""
    from hub.graph.connection import fetch_one

    one = "RETURN 1 AS one"
    assert (await hub.graph.read(lambda tx: fetch_one(tx, one), one_statement=True)) == {"one": 1}
    assert statements == [one] and len(transactions) == 1
    statements.clear()
    transactions.clear()

    async def two(tx):
        first = await fetch_one(tx, one)
        return first["one"] + (await fetch_one(tx, "RETURN 2 AS two"))["two"]

    assert await hub.graph.read(two, one_statement=True) == 3
    assert statements == [one, one, "RETURN 2 AS two"]  # the first alone, then both in one transaction
    assert len(transactions) == 2 and isinstance(transactions[1], AsyncManagedTransaction)
