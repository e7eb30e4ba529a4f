"""Who may see and change what: API tokens, OIDC/JWT bearer tokens, roles, ownership, and the audit trail."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from hub.access import Role
from hub.app import create_app
from hub.graph import tokens as q
from hub.graph.connection import Graph, fetch_all
from tests.conftest import GraphQLClient, issue_token

ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { code message } } }"
INITIATIVE = """mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) {
  initiative { id version } userErrors { field code message } } }"""
UPDATE = """mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) {
  initiative { title version } userErrors { field code } } }"""
LINK = "mutation($i: LinkInput!) { link(input: $i) { userErrors { field code } } }"


def actor_key(global_id: str) -> str:
    from hub.ids import from_global_id

    return from_global_id(global_id)[1]


@pytest.fixture
async def orgs(gql, unique):
    """Two organisations, a member token for each, and an analyst."""
    ids = {}
    for name in ("alpha", "beta"):
        created = await gql(ACTOR, {"i": {"name": f"{name} {unique}", "kind": "CSO", "country": "KG"}})
        ids[name] = created["createActor"]["actor"]["id"]
    return ids


@pytest.fixture
async def as_member(client, hub, orgs):
    async def member(org: str) -> GraphQLClient:
        return GraphQLClient(client, await issue_token(hub, Role.MEMBER, [actor_key(orgs[org])], name=f"member {org}"))
    return member


async def test_anonymous_callers_read_but_cannot_write(public, unique):
    body = await public.raw(ACTOR, {"i": {"name": f"Anon {unique}", "kind": "CSO"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await public("{ themes(first: 1) { totalCount } }"))["themes"]["totalCount"] > 0


@pytest.mark.parametrize("header", ["Bearer hub_nope_nope", "Bearer not-a-token", "Basic abc", "Bearer "])
async def test_bad_credentials_are_refused_not_ignored(client, header):
    response = await client.post("/graphql", json={"query": "{ themes { totalCount } }"}, headers={"authorization": header})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_members_work_for_their_own_organisation_only(gql, public, orgs, as_member, unique):
    alpha, beta = await as_member("alpha"), await as_member("beta")
    mine = (await alpha(INITIATIVE, {"i": {"title": f"Alpha dialogue {unique}", "visibility": "PRIVATE",
                                          "implementers": [{"actorId": orgs["alpha"], "role": "LEAD"}]}}))["createInitiative"]
    assert mine["userErrors"] == []
    initiative = mine["initiative"]["id"]
    # beta can neither see nor change alpha's private initiative: to beta it does not exist
    assert (await beta("query($id: ID!) { node(id: $id) { id } }", {"id": initiative}))["node"] is None
    refused = (await beta(UPDATE, {"i": {"id": initiative, "version": 1, "title": "taken over"}}))["updateInitiative"]
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    assert (await public("query($id: ID!) { node(id: $id) { id } }", {"id": initiative}))["node"] is None
    # alpha edits its own
    done = (await alpha(UPDATE, {"i": {"id": initiative, "version": 1, "title": f"Alpha dialogue v2 {unique}"}}))
    assert done["updateInitiative"]["initiative"]["version"] == 2


async def test_members_cannot_change_other_organisations_records(gql, orgs, as_member, unique):
    alpha, beta = await as_member("alpha"), await as_member("beta")
    theirs = (await beta(INITIATIVE, {"i": {"title": f"Beta water {unique}"}}))["createInitiative"]["initiative"]["id"]
    body = await alpha.raw(UPDATE, {"i": {"id": theirs, "version": 1, "title": "hijack"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    data = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { title version } } }", {"id": theirs})
    assert data["node"] == {"title": f"Beta water {unique}", "version": 1}
    # nor attach themselves to it, nor delete it
    body = await alpha.raw(LINK, {"i": {"type": "IMPLEMENTS", "fromId": orgs["alpha"], "toId": theirs}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await alpha.raw("mutation($i: DeleteInput!) { deleteInitiative(input: $i) { deletedIds } }", {"i": {"id": theirs}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_members_add_partners_to_their_own_initiative(orgs, as_member, unique):
    alpha = await as_member("alpha")
    mine = (await alpha(INITIATIVE, {"i": {"title": f"Alpha mediation {unique}"}}))["createInitiative"]["initiative"]["id"]
    result = await alpha(LINK, {"i": {"type": "IMPLEMENTS", "fromId": orgs["beta"], "toId": mine, "role": "PARTNER"}})
    assert result["link"]["userErrors"] == []


async def test_members_cannot_register_actors_or_act_for_others(orgs, as_member, unique):
    alpha = await as_member("alpha")
    body = await alpha.raw(ACTOR, {"i": {"name": f"New org {unique}", "kind": "CSO"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await alpha.raw(INITIATIVE, {"i": {"title": f"On behalf {unique}", "ownerId": orgs["beta"]}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "ownerId" in body["errors"][0]["message"]


async def test_analysts_read_network_records_and_change_nothing(client, hub, gql, public, unique):
    analyst = GraphQLClient(client, await issue_token(hub, Role.ANALYST, name="analyst"))
    contact = (await gql("mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }",
                         {"i": {"name": f"Liaison {unique}"}}))["createContact"]["contact"]["id"]
    query = "query($id: ID!) { node(id: $id) { id } }"
    assert (await analyst(query, {"id": contact}))["node"] == {"id": contact}  # NETWORK: signed-in users
    assert (await public(query, {"id": contact}))["node"] is None
    body = await analyst.raw(INITIATIVE, {"i": {"title": "x"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_tokens_are_issued_once_stored_hashed_and_revocable(gql, client, hub, unique):
    created = await gql("""mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) {
      token apiToken { id name role revokedAt } } }""", {"i": {"name": f"script {unique}", "role": "ANALYST"}})
    token = created["createApiToken"]["token"]
    token_id = created["createApiToken"]["apiToken"]["id"]
    stored = await hub.graph.read(lambda tx: fetch_all(tx, "MATCH (t:ApiToken {key: $k}) RETURN t {.*} AS t", k=token_id))
    secret = token.removeprefix("hub_").split("_", 1)[1]  # the id is hex; the secret may contain "_"
    assert secret not in json.dumps(stored) and stored[0]["t"]["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    holder = GraphQLClient(client, token)
    assert (await holder("{ themes(first: 1) { totalCount } }"))["themes"]["totalCount"] > 0
    listed = await gql("{ apiTokens { id name } }")
    assert {"id": token_id, "name": f"script {unique}"} in listed["apiTokens"]
    await gql("mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }", {"id": token_id})
    response = await client.post("/graphql", json={"query": "{ themes { totalCount } }"}, headers=holder.headers())
    assert response.status_code == 401


async def test_only_admins_manage_tokens(orgs, as_member, public):
    alpha = await as_member("alpha")
    admin_only = ("{ apiTokens { id } }", 'mutation { createApiToken(input: {name: "x", role: ADMIN}) { token } }',
                  "{ auditTrail { nodes { action } } }")
    for query in admin_only:
        body = await alpha.raw(query)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        # an anonymous caller is told to sign in, not that it may not
        body = await public.raw(query)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body
        assert "sign in" in body["errors"][0]["message"]


async def test_the_operator_can_turn_anonymous_reading_off(hub, gql):
    app = create_app(hub.settings.model_copy(update={"anonymous_read": False}), hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        response = await http.post("/graphql", json={"query": "{ themes { totalCount } }"})
        assert response.status_code == 401
        signed = await http.post("/graphql", json={"query": "{ themes { totalCount } }"}, headers=gql.headers())
        assert signed.status_code == 200 and signed.json()["data"]["themes"]["totalCount"] > 0


@pytest.fixture(scope="module")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def sign(key, **claims) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    body = {"iss": "https://id.example.org", "aud": "coordination-hub", "sub": "user-1", "iat": now,
            "exp": now + dt.timedelta(minutes=5)} | claims
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
async def oidc_client(hub, signing_key, tmp_path):
    pem = signing_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    settings = hub.settings.model_copy(update={"jwt_issuer": "https://id.example.org", "jwt_audience": "coordination-hub",
                                               "jwt_public_key": pem.decode()})
    app = create_app(settings, hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield http


async def post(http, token: str, query: str, variables: dict | None = None) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables or {}},
                           headers={"authorization": f"Bearer {token}"})


async def test_jwt_bearer_tokens_carry_role_and_organisations(oidc_client, signing_key, orgs, unique):
    member = sign(signing_key, hub_role="MEMBER", hub_actors=[actor_key(orgs["alpha"])])
    created = await post(oidc_client, member, INITIATIVE, {"i": {"title": f"Via OIDC {unique}"}})
    assert created.json()["data"]["createInitiative"]["userErrors"] == []
    analyst = sign(signing_key)  # no role claim: read only
    refused = await post(oidc_client, analyst, INITIATIVE, {"i": {"title": "x"}})
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("claims", [
    {"aud": "another-service"},
    {"iss": "https://evil.example.org"},
    {"exp": dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)},
])
async def test_jwt_with_wrong_audience_issuer_or_expiry_is_refused(oidc_client, signing_key, claims):
    response = await post(oidc_client, sign(signing_key, **claims), "{ themes { totalCount } }")
    assert response.status_code == 401


async def test_jwt_signed_by_another_key_is_refused(oidc_client):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = await post(oidc_client, sign(other, hub_role="ADMIN"), "{ themes { totalCount } }")
    assert response.status_code == 401


async def test_jwt_keys_from_a_jwks_file(hub, signing_key, tmp_path):
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk | {"kid": "k1", "use": "sig", "alg": "RS256"}]}))
    settings = hub.settings.model_copy(update={"jwt_issuer": "https://id.example.org", "jwt_audience": "coordination-hub",
                                               "jwt_jwks_file": str(path)})
    app = create_app(settings, hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        response = await post(http, sign(signing_key, hub_role="ADMIN"), "{ apiTokens { id } }")
        assert response.status_code == 200 and "errors" not in response.json()


async def test_audit_trail_records_every_change_and_survives_deletion(gql, orgs, as_member, unique):
    alpha = await as_member("alpha")
    created = (await alpha(INITIATIVE, {"i": {"title": f"Audited {unique}", "locationIds": []}}))["createInitiative"]
    initiative = created["initiative"]["id"]
    await alpha(UPDATE, {"i": {"id": initiative, "version": 1, "title": f"Audited v2 {unique}"}})
    await alpha("mutation($i: DeleteInput!) { deleteInitiative(input: $i) { deletedIds } }", {"i": {"id": initiative}})
    trail = await gql("""query($id: ID!) { auditTrail(recordId: $id) { totalCount nodes { action by role before after } } }""",
                      {"id": initiative})
    entries = trail["auditTrail"]["nodes"]
    assert [e["action"] for e in entries] == ["DELETE", "UPDATE", "CREATE"]
    assert all(e["by"] == "token:member alpha" and e["role"] == "MEMBER" for e in entries)
    update = entries[1]
    assert update["before"]["title"] == f"Audited {unique}" and update["after"]["title"] == f"Audited v2 {unique}"
    assert entries[0]["after"] is None and entries[2]["before"] is None
    body = await alpha.raw("query($id: ID!) { auditTrail(recordId: $id) { totalCount } }", {"id": initiative})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_refused_change_leaves_no_audit_entry(gql, orgs, as_member, unique):
    alpha, beta = await as_member("alpha"), await as_member("beta")
    theirs = (await beta(INITIATIVE, {"i": {"title": f"Beta only {unique}"}}))["createInitiative"]["initiative"]["id"]
    await alpha.raw(UPDATE, {"i": {"id": theirs, "version": 1, "title": "no"}})
    trail = await gql("query($id: ID!) { auditTrail(recordId: $id) { nodes { action } } }", {"id": theirs})
    assert [e["action"] for e in trail["auditTrail"]["nodes"]] == ["CREATE"]


def test_tokens_from_the_command_line(tmp_path):
    env = os.environ | {"HUB_DATA_DIR": str(tmp_path), "HUB_NEO4J_URI": ""}
    env.pop("HUB_NEO4J_URI")

    def hub_cli(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "hub.cli", "token", *args], env=env, capture_output=True, text=True,
                              timeout=180)

    created = hub_cli("create", "--name", "ops", "--role", "analyst")
    assert created.returncode == 0, created.stderr
    token_id = created.stdout.split()[2]
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("hub_")
    listed = hub_cli("list")
    assert token_id in listed.stdout and secret not in listed.stdout
    assert hub_cli("revoke", token_id).returncode == 0
    assert "revoked" in hub_cli("list").stdout


async def test_filters_cannot_probe_hidden_records(gql, public, unique):
    hidden = (await gql(ACTOR, {"i": {"name": f"Hidden funder {unique}", "kind": "DONOR", "visibility": "PRIVATE"}}))
    hidden_id = hidden["createActor"]["actor"]["id"]
    shown = (await gql(INITIATIVE, {"i": {"title": f"Public work {unique}", "funderIds": [hidden_id]}}))
    assert shown["createInitiative"]["userErrors"] == []
    query = "query($a: ID!) { initiatives(filter: {actorId: $a}) { totalCount } }"
    assert (await gql(query, {"a": hidden_id}))["initiatives"]["totalCount"] == 1
    assert (await public(query, {"a": hidden_id}))["initiatives"]["totalCount"] == 0
    assert (await public("query($s: String) { initiatives(filter: {search: $s}) { totalCount } }",
                         {"s": f"public work {unique}"}))["initiatives"]["totalCount"] == 1


async def test_a_token_revoked_by_another_process_is_refused_at_once(client, hub, gql, unique):
    """A token the server knows is looked up again by each request (with its first transaction): revoked by
    another worker or the command line (here: straight in the graph, bypassing this process), it is refused
    with 401 by the very next request, whether that request reads, writes or touches no graph at all, and a
    refused write leaves nothing behind."""
    token = await issue_token(hub, Role.ADMIN, name=f"elsewhere {unique}")
    holder = GraphQLClient(client, token)
    assert (await holder("{ themes(first: 1) { totalCount } }"))["themes"]["totalCount"] > 0  # now known
    assert (await holder("{ __typename }"))["__typename"] == "Query"
    key = token.removeprefix("hub_").split("_", 1)[0]
    await hub.graph.write(lambda tx: fetch_all(tx, q.REVOKE, key=key, now="2026-01-01T00:00:00Z", by="elsewhere"))

    for query, variables in [("{ themes(first: 1) { totalCount } }", None), ("{ __typename }", None),
                             (ACTOR, {"i": {"name": f"After revocation {unique}", "kind": "CSO", "country": "KG"}})]:
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=holder.headers())
        assert response.status_code == 401, query
        assert response.json()["data"] is None
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    found = await gql("query($s: String) { actors(filter: {search: $s}) { totalCount } }", {"s": f"After revocation {unique}"})
    assert found["actors"]["totalCount"] == 0


async def test_a_known_token_costs_no_transaction_of_its_own(client, hub, unique, monkeypatch):
    """Once a token is known, a request makes the round trips an anonymous one makes: its look-up rides in
    the request's first transaction."""
    counted: list[str] = []
    original = Graph._attempts

    async def attempts(self, work, access, *args):
        counted.append(access)
        return await original(self, work, access, *args)

    holder = GraphQLClient(client, await issue_token(hub, Role.ANALYST, name=f"known {unique}"))
    query = "{ themes(first: 3) { totalCount nodes { name } } }"
    await holder(query)
    monkeypatch.setattr(Graph, "_attempts", attempts)
    anonymous = await GraphQLClient(client, None)(query)
    as_anonymous = len(counted)
    counted.clear()
    assert await holder(query) == anonymous
    assert len(counted) == as_anonymous >= 1


@pytest.mark.parametrize("gone", ["revoked", "deleted"])
async def test_reads_refuse_a_known_token_gone_elsewhere(client, hub, unique, gone):
    """A token the server knows, revoked or deleted by another process: a page that matches records and one that
    matches none, each one statement with the look-up beside it, answer while it stands and 401 after."""
    token = await issue_token(hub, Role.ANALYST, name=f"gone {unique}")
    holder = GraphQLClient(client, token)
    some = "{ themes(first: 2) { nodes { name } } }"
    none = "query($s: String) { actors(filter: {search: $s}) { nodes { name } } }"
    assert len((await holder(some))["themes"]["nodes"]) == 2  # known from now on
    assert (await holder(none, {"s": f"nothing called so {unique}"}))["actors"]["nodes"] == []
    key = token.removeprefix("hub_").split("_", 1)[0]
    if gone == "revoked":
        await hub.graph.write(lambda tx: fetch_all(tx, q.REVOKE, key=key, now="2026-01-01T00:00:00Z", by="elsewhere"))
    else:
        await hub.graph.write(lambda tx: fetch_all(tx, "MATCH (t:ApiToken {key: $key}) DETACH DELETE t", key=key))
    for query, variables in [(some, None), (none, {"s": f"nothing called so {unique}"})]:
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=holder.headers())
        assert response.status_code == 401, (gone, query)
        assert response.json()["data"] is None


async def test_concurrent_requests_with_a_token_revoked_elsewhere_are_all_refused(client, hub, gql, unique):
    """Requests of every shape sent together with a known token: all answered while it stands; once it is
    revoked by another process, all refused, whichever of their statements ran first, and no write kept."""
    token = await issue_token(hub, Role.ADMIN, name=f"together {unique}")
    holder = GraphQLClient(client, token)
    shapes = [("{ themes(first: 2) { nodes { name } } }", None),  # one statement, the look-up beside it
              ("{ themes(first: 2) { nodes { name broader { name } } } }", None),  # a second level after it
              ("{ __typename }", None),  # no graph work: looked up before the answer
              (ACTOR, {"i": {"name": f"Together {unique}", "kind": "CSO", "country": "KG"}}),  # a write
              # a write with its duplicate check beside it (the check leaves the look-up to the write)
              ("""mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) {
                 initiative { id } possibleDuplicates { score } } }""", {"i": {"title": f"Together {unique}"}})]

    async def send(query, variables):
        return await client.post("/graphql", json={"query": query, "variables": variables}, headers=holder.headers())

    await holder("{ __typename }")  # known from now on
    before = await asyncio.gather(*(send(*shape) for shape in shapes[:3] * 4))
    assert {response.status_code for response in before} == {200}
    key = token.removeprefix("hub_").split("_", 1)[0]
    await hub.graph.write(lambda tx: fetch_all(tx, q.REVOKE, key=key, now="2026-01-01T00:00:00Z", by="elsewhere"))
    after = await asyncio.gather(*(send(*shape) for shape in shapes * 4))
    assert {response.status_code for response in after} == {401}
    assert all(response.json()["data"] is None for response in after)
    found = await gql("""query($s: String) { actors(filter: {search: $s}) { totalCount }
                                             initiatives(filter: {search: $s}) { totalCount } }""", {"s": f"Together {unique}"})
    assert found["actors"]["totalCount"] == 0 and found["initiatives"]["totalCount"] == 0
