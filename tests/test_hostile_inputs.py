"""Hostile inputs through the real HTTP app: wrong types, huge and broken strings, injection attempts,
malformed IDs, deep and wide documents, broken requests.

Every request of the table must get a clear refusal: an HTTP 4xx, or a GraphQL error or user error that
carries a code; never INTERNAL, never a 5xx, never a stack trace or a query in a message. Requests whose
input is legitimate after all (a search for strange text) may also succeed. And nothing may change: the
number of nodes per label, of relationships per type and the sum of record versions are the same after
the whole table as before it. The requests run one after the other, within one test, so no other test
writes in between.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import pytest

from hub.graph.connection import fetch_all
from hub.ids import to_global_id
from hub.model import NODE_TYPES
from tests.conftest import issue_token

INJECTIONS = [
    "') DETACH DELETE n //",
    "$param",
    "`",
    "{",
    "\\u0000",
    "MATCH (n) DETACH DELETE n",
    "'}) MATCH (n) DETACH DELETE n WITH 1 AS x MATCH (m {key: '",
    "\" OR 1=1 //",
    "x` {key: 'y'}) DETACH DELETE n //",
    "${jndi:ldap://127.0.0.1/x}",
]
LEAKS_CASE_SENSITIVE = ("MATCH", "RETURN", "DETACH", "MERGE", "OPTIONAL", "UNWIND")
LEAKS_ANY_CASE = ("traceback", "file \"", "neo4j", "arcadedb", "java.", "cypher", "exception", "bolt")
MB = 1024 * 1024

Q_NODE = "query($id: ID!) { node(id: $id) { id } }"
Q_NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
Q_ACTORS_FIRST = "query($f: Int) { actors(first: $f) { totalCount } }"
Q_SEARCH = "query($s: String) { actors(filter: {search: $s}) { totalCount nodes { id } } }"
Q_KINDS = "query($k: [ActorKind!]) { actors(filter: {kinds: $k}) { totalCount } }"
Q_COUNTRIES = "query($c: [String!]) { actors(filter: {countries: $c}) { totalCount } }"
Q_AFTER = "query($a: String) { actors(after: $a) { totalCount } }"
Q_ORDER = "query($o: OrderBy) { actors(orderBy: $o) { totalCount } }"
Q_FILTER = "query($f: ActorFilter) { actors(filter: $f) { totalCount } }"
Q_IN_PLACE = "query($l: ID) { initiatives(filter: {locationId: $l}) { totalCount } }"
Q_WHO = "query($l: ID!) { whoWorksWhere(locationId: $l) { roles } }"
Q_DUPLICATES = "query($m: Float!) { duplicateCandidates(draft: {title: \"x\"}, minScore: $m) { score } }"
Q_PARTNERS = "query($b: Boolean!) { partnerSuggestions(plan: {}, includeCurrentPartners: $b) { score } }"
Q_CONNECTIONS = "query($a: ID!, $b: ID!, $v: [RelationshipType!]) { connections(fromId: $a, toId: $b, via: $v) { length } }"
Q_AUDIT = "query($by: String) { auditTrail(by: $by, first: 5) { totalCount } }"
M_NEED = "mutation($i: CreateNeedInput!) { createNeed(input: $i) { need { id } userErrors { field code message } } }"
M_ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { field code message } } }"
M_INITIATIVE = ("mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id title description } "
                "userErrors { field code message } } }")
M_UPDATE = ("mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { initiative { id } "
            "userErrors { field code message } } }")
M_LOCATION = ("mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } "
              "userErrors { field code message } } }")
M_LINK = "mutation($i: LinkInput!) { link(input: $i) { relationship { type } userErrors { field code message } } }"
M_DELETE = "mutation($i: DeleteInput!) { deleteActor(input: $i) { deletedIds userErrors { field code message } } }"
M_TOKEN = "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }"

NO_SUCH_ACTOR = to_global_id("Actor", "no-such-actor-hostile")
NO_SUCH_INITIATIVE = to_global_id("Initiative", "no-such-initiative-hostile")
NO_SUCH_PLACE = to_global_id("Location", "no-such-place-hostile")


def b64(raw: str | bytes) -> str:
    return base64.urlsafe_b64encode(raw.encode() if isinstance(raw, str) else raw).decode().rstrip("=")


MALFORMED_IDS = {
    "not base64": "!!!not*base64!!!",
    "empty": "",
    "blank": "   ",
    "base64 of 'Actor:'": b64("Actor:"),
    "base64 of 'Nope:x'": b64("Nope:x"),
    "base64 of ':x'": b64(":x"),
    "base64 of 'Actor'": b64("Actor"),
    "base64 of 'Actor:' + 10k chars": b64("Actor:" + "x" * 10_000),
    "base64 of invalid UTF-8": b64(b"\xff\xfe\xfd:x"),
    "padding only": "====",
    "1 MB": "A" * MB,
}


@dataclasses.dataclass(frozen=True)
class Case:
    """One hostile request. `query`/`variables` are posted as JSON unless `body` (raw bytes) or `method`
    GET (`params`) say otherwise. expect: "error" (it must be refused) or "any" (an answer is fine too).
    echoed: values the request sent that a message may quote back without that being a leak."""

    name: str
    query: Any = None
    variables: Any = None
    expect: str = "error"
    body: bytes | None = None
    content_type: str = "application/json"
    method: str = "POST"
    params: dict | None = None
    headers: dict | None = None
    echoed: tuple[str, ...] = ()
    anonymous: bool = False


def ascii_json(payload: Any) -> bytes:
    """JSON with \\u escapes, so a lone surrogate travels as "\\ud800" exactly as a hostile client sends it."""
    return json.dumps(payload, ensure_ascii=True).encode("ascii")


def _wrong_types() -> list[Case]:
    return [
        Case("String for Int", Q_ACTORS_FIRST, {"f": "10"}),
        Case("Float for Int", Q_ACTORS_FIRST, {"f": 1.5}),
        Case("Int beyond 32 bits", Q_ACTORS_FIRST, {"f": 2**40}),
        Case("negative page size", Q_ACTORS_FIRST, {"f": -1}),
        Case("page size beyond the maximum", Q_ACTORS_FIRST, {"f": 100_000}),
        Case("object for ID", Q_NODE, {"id": {"a": 1}}),
        Case("list for ID", Q_NODE, {"id": ["QWN0b3I6eA"]}),
        Case("null for ID!", Q_NODE, {"id": None}),
        Case("Int for ID (coerced, then not an ID)", Q_NODE, {"id": 12345}),
        Case("Float for ID", Q_NODE, {"id": 1.5}),
        Case("list for String", Q_SEARCH, {"s": ["a", "b"]}),
        Case("object for String", Q_SEARCH, {"s": {"$ne": 1}}),
        Case("Int for String", Q_SEARCH, {"s": 42}),
        Case("Boolean for String", Q_SEARCH, {"s": True}),
        Case("String for Float", Q_DUPLICATES, {"m": "high"}),
        Case("String for Boolean", Q_PARTNERS, {"b": "yes"}),
        Case("Int for enum", Q_KINDS, {"k": [1]}),
        Case("unknown enum value", Q_KINDS, {"k": ["NOT_A_KIND"]}),
        Case("lower-case enum value", Q_KINDS, {"k": ["cso"]}),
        Case("String for input object", Q_FILTER, {"f": "search"}),
        Case("list for input object", Q_FILTER, {"f": [1, 2]}),
        Case("unknown input field", Q_FILTER, {"f": {"nope": 1}}),
        Case("Int for Date", M_INITIATIVE, {"i": {"title": "x", "startDate": 20240101}}),
        Case("impossible Date", M_INITIATIVE, {"i": {"title": "x", "startDate": "2024-02-30"}}),
        Case("word for Date", M_INITIATIVE, {"i": {"title": "x", "startDate": "yesterday"}}),
        Case("NaN-like Float", M_INITIATIVE, {"i": {"title": "x", "budgetAmount": "NaN", "budgetCurrency": "USD"}}),
        Case("huge Float", M_INITIATIVE, {"i": {"title": "x", "budgetAmount": 1e308, "budgetCurrency": "USD"}}),
        Case("negative budget", M_INITIATIVE, {"i": {"title": "x", "budgetAmount": -5, "budgetCurrency": "USD"}}),
        Case("required input field missing", M_NEED, {"i": {"severity": "LOW"}}),
        Case("extra input field", M_NEED, {"i": {"title": "x", "drop": True}}),
        Case("String for version", M_UPDATE, {"i": {"id": NO_SUCH_INITIATIVE, "version": "1", "title": "x"}}),
        Case("literal String for Int", '{ actors(first: "10") { totalCount } }'),
        Case("literal object for ID", "{ node(id: {a: 1}) { id } }"),
        Case("literal list for String", '{ actors(filter: {search: ["a"]}) { totalCount } }'),
        Case("literal unknown enum", "{ actors(filter: {kinds: [NOT_A_KIND]}) { totalCount } }"),
        Case("literal String for enum", '{ actors(filter: {kinds: ["CSO"]}) { totalCount } }'),
        Case("unknown field", "{ actors { nope } }"),
        Case("unknown argument", "{ actors(nope: 1) { totalCount } }"),
        Case("undeclared variable", "{ node(id: $id) { id } }", {"id": "x"}),
        Case("variables a list", Q_NODE, [1, 2]),
        Case("variables a string", Q_NODE, "x"),
        Case("query a number", 123),
        Case("query null", None),
        Case("query a list", ["{ __typename }"]),
        Case("query missing", body=b'{"variables": {}}'),
        Case("operationName a number", body=b'{"query": "query A { __typename }", "operationName": 123}'),
        Case("operationName unknown", body=b'{"query": "query A { __typename }", "operationName": "B"}'),
        # the spec wants an error here; strawberry runs the first operation, which is harmless
        Case("two operations, no name", "query A { __typename } query B { __typename }", expect="any"),
        Case("syntax error", "{ actors { totalCount "),
    ]


def _huge_strings() -> list[Case]:
    mb = "t" * MB
    return [
        Case("1 MB title", M_NEED, {"i": {"title": mb, "severity": "LOW"}}, echoed=(mb,)),
        Case("1 MB name and description", M_ACTOR, {"i": {"name": mb, "kind": "CSO", "description": mb}}, echoed=(mb,)),
        Case("1 MB initiative description", M_INITIATIVE, {"i": {"title": "Hostile huge description", "description": mb}},
             echoed=(mb,)),
        Case("100k-character search", Q_SEARCH, {"s": "s" * 100_000}),
        Case("100k-character search literal", '{ actors(filter: {search: "%s"}) { totalCount } }' % ("s" * 100_000)),
        Case("1 MB ID", Q_NODE, {"id": "A" * MB}),
        Case("1 MB cursor", Q_AFTER, {"a": "b" * MB}),
        Case("1 MB comment", "#" + "c" * MB + "\n{ __typename }", expect="any"),
        Case("10k-element ID list", Q_NODES, {"ids": [NO_SUCH_ACTOR] * 10_000}),
        Case("10k-element enum list", Q_KINDS, {"k": ["CSO"] * 10_000}, expect="any"),
        Case("1 MB token name", M_TOKEN, {"i": {"name": mb, "role": "ANALYST"}}, echoed=(mb,)),
    ]


def _broken_unicode() -> list[Case]:
    cases = []
    for label, text in [("lone high surrogate", "\ud800"), ("lone low surrogate", "a\udfffb"),
                        ("reversed surrogate pair", "\udc00\ud800")]:
        in_text = '{ actors(filter: {search: "%s"}) { totalCount } }' % text
        cases += [
            Case(f"{label} in a title", body=ascii_json({"query": M_NEED, "variables": {"i": {"title": text}}})),
            Case(f"{label} in a name", body=ascii_json({"query": M_ACTOR,
                                                        "variables": {"i": {"name": text, "kind": "CSO"}}})),
            Case(f"{label} in a search", body=ascii_json({"query": Q_SEARCH, "variables": {"s": text}}), expect="any"),
            Case(f"{label} in an ID", body=ascii_json({"query": Q_NODE, "variables": {"id": text}})),
            Case(f"{label} in a cursor", body=ascii_json({"query": Q_AFTER, "variables": {"a": text}})),
            Case(f"{label} in an enum", body=ascii_json({"query": Q_KINDS, "variables": {"k": [text]}})),
            Case(f"{label} in the query text", body=ascii_json({"query": in_text}), expect="any"),
        ]
    cases += [
        Case("lone surrogate as a GraphQL escape", expect="any",
             body=ascii_json({"query": '{ actors(filter: {search: "\\uD800"}) { totalCount } }'})),
        Case("NUL in a title", M_NEED, {"i": {"title": "a\x00b"}}),
        Case("NUL in a name", M_ACTOR, {"i": {"name": "\x00", "kind": "CSO"}}),
        Case("NUL in a search", Q_SEARCH, {"s": "a\x00b"}, expect="any"),
        Case("NUL in an ID", Q_NODE, {"id": "QWN0\x00b3I6"}),
        Case("NUL in the query text", "{ actors { totalCount } }\x00"),
        Case("invalid UTF-8 in the body", body=b'{"query": "query($s: String) { actors(filter: {search: $s}) '
                                               b'{ totalCount } }", "variables": {"s": "\xff\xfe\xc3"}}'),
        Case("UTF-16 body", body='{"query": "{ __typename }"}'.encode("utf-16"), expect="any"),  # JSON allows it
        Case("overlong UTF-8 NUL", body=b'{"query": "{ actors(filter: {search: \\"\xc0\x80\\"}) { totalCount } }"}'),
    ]
    return cases


def _injections() -> list[Case]:
    cases = []
    for n, text in enumerate(INJECTIONS):
        e = (text,)
        cases += [
            Case(f"injection {n} as a search term", Q_SEARCH, {"s": text}, expect="any", echoed=e),
            Case(f"injection {n} as a search literal", '{ actors(filter: {search: %s}) { totalCount } }' % json.dumps(text),
                 expect="any", echoed=e),
            Case(f"injection {n} as an audit author", Q_AUDIT, {"by": text}, expect="any", echoed=e),
            # names and titles: with one invalid field beside them, so nothing is written
            Case(f"injection {n} as a name", M_ACTOR, {"i": {"name": text, "kind": "CSO", "country": "XX"}}, echoed=e),
            Case(f"injection {n} as a title", M_INITIATIVE, {"i": {"title": text, "startDate": "2025-02-01",
                                                                   "endDate": "2025-01-01"}}, echoed=e),
            Case(f"injection {n} as a title update", M_UPDATE, {"i": {"id": NO_SUCH_INITIATIVE, "version": 1, "title": text}},
                 echoed=e),
            Case(f"injection {n} as a place code", M_LOCATION, {"i": {"code": text, "name": "Hostile", "level": "SETTLEMENT",
                                                                      "country": "KG"}}, echoed=e),
            Case(f"injection {n} as a country code", M_LOCATION, {"i": {"code": "HOSTILE-1", "name": "Hostile",
                                                                        "level": "SETTLEMENT", "country": text}}, echoed=e),
            Case(f"injection {n} as a currency code", M_INITIATIVE, {"i": {"title": "Hostile", "budgetAmount": 1,
                                                                           "budgetCurrency": text}}, echoed=e),
            Case(f"injection {n} as a country filter", Q_COUNTRIES, {"c": [text]}, expect="any", echoed=e),
            Case(f"injection {n} as an ID", Q_NODE, {"id": text}, echoed=e),
            Case(f"injection {n} as an ID in a list", Q_NODES, {"ids": [text]}, echoed=e),
            Case(f"injection {n} as a place filter", Q_IN_PLACE, {"l": text}, echoed=e),
            Case(f"injection {n} as a link end", M_LINK, {"i": {"type": "PARTNERS_WITH", "fromId": text, "toId": text}},
                 echoed=e),
            Case(f"injection {n} as a deletion", M_DELETE, {"i": {"id": text, "cascade": True}}, echoed=e),
            # a well-formed ID whose key is the injection: looked up as a parameter, found nowhere
            Case(f"injection {n} as an ID key", Q_NODE, {"id": to_global_id("Actor", text)}, expect="any", echoed=e),
            Case(f"injection {n} as a link key", M_LINK, {"i": {"type": "PARTNERS_WITH", "fromId": to_global_id("Actor", text),
                                                                "toId": NO_SUCH_ACTOR}}, echoed=e),
            Case(f"injection {n} as a deletion key", M_DELETE, {"i": {"id": to_global_id("Actor", text), "cascade": True}},
                 echoed=e),
            Case(f"injection {n} as a cursor", Q_AFTER, {"a": text}, echoed=e),
            Case(f"injection {n} as an encoded cursor", Q_AFTER, {"a": b64("offset:" + text)}, echoed=e),
            Case(f"injection {n} as an enum value", Q_KINDS, {"k": [text]}, echoed=e),
            Case(f"injection {n} as an order field", Q_ORDER, {"o": {"field": text}}, echoed=e),
            Case(f"injection {n} as a relationship type", M_LINK, {"i": {"type": text, "fromId": NO_SUCH_ACTOR,
                                                                         "toId": NO_SUCH_ACTOR}}, echoed=e),
            Case(f"injection {n} as a path filter", Q_CONNECTIONS, {"a": NO_SUCH_ACTOR, "b": NO_SUCH_ACTOR, "v": [text]},
                 echoed=e),
            Case(f"injection {n} as a bearer token", Q_SEARCH, {"s": "x"}, headers={"authorization": f"Bearer {text}"},
                 echoed=e),
            Case(f"injection {n} as an API token key", Q_SEARCH, {"s": "x"},
                 headers={"authorization": f"Bearer hub_{text.replace(' ', '')}_secret"}, echoed=e),
        ]
    cases += [
        Case("injection as an operation name", body=ascii_json({"query": "query A { __typename }",
                                                                "operationName": INJECTIONS[0]}), echoed=(INJECTIONS[0],)),
        Case("offset cursor beyond 64 bits", Q_AFTER, {"a": b64("offset:" + "9" * 30)}),
        Case("negative offset cursor", Q_AFTER, {"a": b64("offset:-5")}),
        Case("1 MB bearer token", Q_SEARCH, {"s": "x"}, headers={"authorization": "Bearer hub_" + "k" * MB + "_s"}),
    ]
    return cases


def _malformed_ids() -> list[Case]:
    cases = []
    for label, bad in MALFORMED_IDS.items():
        cases += [
            Case(f"{label} as node(id)", Q_NODE, {"id": bad}),
            Case(f"{label} in nodes(ids)", Q_NODES, {"ids": [NO_SUCH_ACTOR, bad]}),
            Case(f"{label} as a place filter", Q_IN_PLACE, {"l": bad}),
            Case(f"{label} as whoWorksWhere's place", Q_WHO, {"l": bad}),
            Case(f"{label} as a link end", M_LINK, {"i": {"type": "IMPLEMENTS", "fromId": bad, "toId": NO_SUCH_INITIATIVE}}),
            Case(f"{label} as an update target", M_UPDATE, {"i": {"id": bad, "version": 1, "title": "x"}}),
            Case(f"{label} as a deletion target", M_DELETE, {"i": {"id": bad}}),
        ]
    cases += [
        Case("an Initiative ID where a Location ID belongs", Q_IN_PLACE, {"l": NO_SUCH_INITIATIVE}),
        Case("an actor key of one NUL", Q_NODE, {"id": b64("Actor:\x00")}, expect="any"),  # well-formed: not found
        Case("an actor key of one NUL as a link end", M_LINK, {"i": {"type": "IMPLEMENTS", "fromId": b64("Actor:\x00"),
                                                                     "toId": NO_SUCH_INITIATIVE}}),
        Case("an Initiative ID as an actor's deletion", M_DELETE, {"i": {"id": NO_SUCH_INITIATIVE}}),
        Case("a link between records that do not exist", M_LINK,
             {"i": {"type": "IMPLEMENTS", "fromId": NO_SUCH_ACTOR, "toId": NO_SUCH_INITIATIVE}}),
        Case("a link of the wrong type of ends", M_LINK, {"i": {"type": "IMPLEMENTS", "fromId": NO_SUCH_PLACE,
                                                                "toId": NO_SUCH_ACTOR}}),
    ]
    return cases


def _shapes() -> list[Case]:
    nested = "{ actors(first: 1) { nodes { " + "partners { " * 40 + "id" + " }" * 40 + " } } }"
    aliases = "{ " + " ".join(f"a{i}: actors(first: 1) {{ totalCount }}" for i in range(500)) + " }"
    cheap_aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(2000)) + " }"
    braces = "{ " + "actors { " * 3000 + "}" * 3001
    deep_list = "[" * 100_000 + "]" * 100_000
    return [
        Case("40 levels of nesting", nested, expect="any"),
        Case("500 aliased lists", aliases, expect="any"),
        Case("2000 aliased __typename", cheap_aliases, expect="any"),
        Case("100 aliased __typename", "{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }", expect="any"),
        Case("20 levels of places", "{ locations(first: 1) { nodes { " + "parent { " * 20 + "id" + " }" * 20 + " } } }",
             expect="any"),
        Case("3000 nested selections", braces),
        Case("fragment cycle", "{ actors { nodes { ...A } } } fragment A on Actor { partners { ...B } } "
                               "fragment B on Actor { partners { ...A } }"),
        Case("10k fragment spreads", "{ actors { nodes { " + "...F " * 10_000 + "} } } fragment F on Actor { id }",
             expect="any"),
        Case("deeply nested variables", body=('{"query": "query($s: String) { actors(filter: {search: $s}) '
                                              '{ totalCount } }", "variables": {"s": ' + deep_list + '}}').encode()),
        Case("deeply nested body", body=("[" * 100_000 + "]" * 100_000).encode()),
        Case("batch of operations", body=ascii_json([{"query": "{ __typename }"}] * 3)),
    ]


def _protocol() -> list[Case]:
    create = 'mutation { createNeed(input: {title: "Made by GET"}) { need { id } userErrors { code } } }'
    twenty_mb = ascii_json({"query": M_NEED, "variables": {"i": {"title": "x" * (20 * MB)}}})
    return [
        Case("invalid JSON", body=b"{not json"),
        Case("empty body", body=b""),
        Case("JSON null body", body=b"null"),
        Case("JSON string body", body=b'"{ __typename }"'),
        Case("JSON number body", body=b"42"),
        Case("text/plain body", body=ascii_json({"query": create}), content_type="text/plain"),
        Case("XML body", body=b"<query>{ __typename }</query>", content_type="application/xml"),
        Case("form body", body=b"query=%7B__typename%7D", content_type="application/x-www-form-urlencoded"),
        Case("broken multipart body", body=b"--x\r\nnot a part\r\n--x--", content_type="multipart/form-data; boundary=x"),
        Case("multipart without boundary", body=b"garbage", content_type="multipart/form-data"),
        Case("no content type", body=ascii_json({"query": create}), content_type=""),
        Case("mutation over GET", method="GET", params={"query": create}),
        Case("mutation over GET with variables", method="GET",
             params={"query": M_NEED, "variables": json.dumps({"i": {"title": "Made by GET"}})}),
        Case("GET with invalid variables", method="GET", params={"query": Q_SEARCH, "variables": "{not json"}),
        Case("GET without a query", method="GET", params={}, headers={"accept": "application/json"}),
        Case("PUT", method="PUT", body=ascii_json({"query": create})),
        Case("DELETE", method="DELETE"),
        Case("20 MB body", body=twenty_mb),
        Case("20 MB of junk", body=b"\x00\xff" * (10 * MB)),
    ]


def hostile_cases() -> list[Case]:
    return _wrong_types() + _huge_strings() + _broken_unicode() + _injections() + _malformed_ids() + _shapes() + _protocol()


# -- judging an answer -------------------------------------------------------------------------------------


def _messages_leak(message: str, case: Case) -> list[str]:
    for echoed in case.echoed:
        message = message.replace(echoed, "")
    if isinstance(case.variables, dict):  # values the client sent may be quoted back
        for value in _strings(case.variables):
            if len(value) > 2:
                message = message.replace(value, "")
    found = [word for word in LEAKS_CASE_SENSITIVE if word in message]
    found += [word for word in LEAKS_ANY_CASE if word in message.lower()]
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _user_errors(data: Any) -> list[dict]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "userErrors" and isinstance(value, list):
                found += value
            else:
                found += _user_errors(value)
    elif isinstance(data, list):
        for item in data:
            found += _user_errors(item)
    return found


def judge(case: Case, status: int, text: str) -> list[str]:
    """What is wrong with the answer to a hostile request (nothing: an empty list)."""
    problems = []
    if status >= 500:
        problems.append(f"HTTP {status}")
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if not isinstance(body, dict):  # a plain 4xx answer (e.g. "Method Not Allowed"); it must not leak either
        if status < 400 and case.expect == "error":
            problems.append(f"HTTP {status} without a GraphQL answer")
        leaks = _messages_leak(text[:10_000], case)
        if leaks:
            problems.append(f"the answer mentions {leaks}: {text[:200]!r}")
        return problems
    errors = body.get("errors") or []
    for error in errors:
        message = str(error.get("message", ""))
        code = (error.get("extensions") or {}).get("code")
        if not code:
            problems.append(f"an error without extensions.code: {message[:200]!r}")
        elif code == "INTERNAL":
            problems.append(f"INTERNAL: {message[:200]!r}")
        leaks = _messages_leak(message, case)
        if leaks:
            problems.append(f"the message mentions {leaks}: {message[:300]!r}")
    user_errors = _user_errors(body.get("data"))
    for error in user_errors:
        if not error.get("code"):
            problems.append(f"a user error without a code: {error}")
        leaks = _messages_leak(str(error.get("message", "")), case)
        if leaks:
            problems.append(f"a user error mentions {leaks}: {error}")
    refused = status >= 400 or errors or user_errors
    if case.expect == "error" and not refused:
        problems.append(f"accepted (HTTP {status}): {text[:200]!r}")
    return problems


async def send(client, case: Case, token: str):
    headers = {} if case.anonymous else {"authorization": f"Bearer {token}"}
    headers.update(case.headers or {})
    if case.method == "GET":
        return await client.get("/graphql", params=case.params, headers=headers)
    if case.body is not None:
        content = case.body
    elif case.query is None and case.variables is None and case.method != "POST":
        content = None
    else:
        content = ascii_json({"query": case.query, "variables": case.variables if case.variables is not None else {}})
    if case.content_type:
        headers["content-type"] = case.content_type
    return await client.request(case.method, "/graphql", content=content, headers=headers)


async def snapshot(hub) -> dict[str, Any]:
    """What would move if anything changed: nodes per label, relationships per type, the sum of versions."""
    labels = await hub.graph.read(lambda tx: fetch_all(tx, "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c"))
    types = await hub.graph.read(lambda tx: fetch_all(tx, "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c"))
    versions = await hub.graph.read(lambda tx: fetch_all(  # records' versions (migration nodes have text ones)
        tx, "MATCH (n) WHERE labels(n)[0] IN $labels RETURN labels(n)[0] AS l, sum(n.version) AS v",
        labels=list(NODE_TYPES)))
    return {"labels": {row["l"]: row["c"] for row in labels}, "relationships": {row["t"]: row["c"] for row in types},
            "versions": sum(row["v"] for row in versions)}


# -- the tests ---------------------------------------------------------------------------------------------


def test_the_table_covers_every_kind_of_hostile_input():
    names = [case.name for case in hostile_cases()]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(names) > 300


async def test_hostile_requests_are_refused_cleanly_and_change_nothing(client, hub):
    token = await issue_token(hub, name="hostile inputs")  # its own rate-limit bucket; issued before the snapshot
    before = await snapshot(hub)
    problems: dict[str, list[str]] = {}
    for case in hostile_cases():  # one after the other
        try:
            response = await send(client, case, token)
        except Exception as error:  # noqa: BLE001 - the app raised: a real server would answer 500
            problems[case.name] = [f"the app raised {type(error).__name__} (HTTP 500): {str(error)[:200]}"]
            continue
        found = judge(case, response.status_code, response.text)
        if found:
            problems[case.name] = found
    after = await snapshot(hub)
    report = "\n".join(f"- {name}: {'; '.join(found)}" for name, found in problems.items())
    changed = "" if after == before else f"\nand the graph changed: before {before}, after {after}"
    assert not problems and not changed, f"{len(problems)} hostile requests were not refused cleanly:\n{report}{changed}"


INJECTED_TEXT = " | ".join(INJECTIONS + ["\x01\x7f", "Ош \u202e RTL", "😀"])


async def test_injection_text_in_a_successful_write_is_stored_verbatim(gql, hub, unique):
    before = await snapshot(hub)
    title = f"Hostile title {unique}: {INJECTED_TEXT}"
    description = f"{INJECTED_TEXT}\n{INJECTED_TEXT[::-1]}"
    data = await gql(M_INITIATIVE, {"i": {"title": title, "description": description, "iatiIdentifier": "`{$x}`",
                                          "source": "MATCH (n) RETURN n"}})
    payload = data["createInitiative"]
    assert payload["userErrors"] == []
    created = payload["initiative"]
    assert created["title"] == title and created["description"] == description
    stored = (await gql("query($id: ID!) { node(id: $id) { ... on Initiative { title description iatiIdentifier "
                        "provenance { source } } } }", {"id": created["id"]}))["node"]
    assert stored == {"title": title, "description": description, "iatiIdentifier": "`{$x}`",
                      "provenance": {"source": "MATCH (n) RETURN n"}}
    found = (await gql("query($s: String) { initiatives(filter: {search: $s}) { nodes { id title } } }",
                       {"s": f"hostile title {unique} detach delete"}))["initiatives"]["nodes"]
    assert found == [{"id": created["id"], "title": title}]

    after = await snapshot(hub)
    grown = {label: after["labels"].get(label, 0) - before["labels"].get(label, 0)
             for label in set(after["labels"]) | set(before["labels"])}
    assert {label: n for label, n in grown.items() if n} == {"Initiative": 1, "AuditEntry": 1}, \
        "the write must add its initiative and its audit entry, and nothing else"
    assert after["relationships"] == before["relationships"]
    assert after["versions"] == before["versions"] + 1


@pytest.mark.parametrize("name", ["') DETACH DELETE n //", "MATCH (n) DETACH DELETE n", "`x`", "{key: $param}"])
async def test_injection_text_as_an_actor_name_is_found_and_harmless(gql, hub, unique, name):
    before = await snapshot(hub)
    full = f"{name} {unique}"
    acronym = f"{name[:30]} {unique}"
    data = await gql(M_ACTOR, {"i": {"name": full, "kind": "CSO", "acronym": acronym}})
    assert data["createActor"]["userErrors"] == []
    actor = data["createActor"]["actor"]["id"]
    node = (await gql("query($id: ID!) { node(id: $id) { ... on Actor { name acronym } } }", {"id": actor}))["node"]
    assert node == {"name": full, "acronym": acronym}
    after = await snapshot(hub)
    assert after["labels"].get("Actor", 0) == before["labels"].get("Actor", 0) + 1
    assert sum(after["labels"].values()) == sum(before["labels"].values()) + 2  # the actor and its audit entry


@pytest.mark.parametrize("kind", ["JSON", "junk"])
async def test_oversized_bodies_are_refused_before_they_are_parsed(client, kind):
    if kind == "JSON":
        body = ascii_json({"query": M_NEED, "variables": {"i": {"title": "x" * (20 * MB)}}})
    else:
        body = b"\x00\xff" * (10 * MB)
    response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
