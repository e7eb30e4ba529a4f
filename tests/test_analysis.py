"""The coordination analyses on a small world whose right answers are known by construction:
nested places, a border, a theme hierarchy, date edges, and records an anonymous caller may not see."""

from __future__ import annotations

import uuid

import pytest

from hub.ids import to_global_id

LINK = "mutation($i: LinkInput!) { link(input: $i) { userErrors { code message } } }"
CREATE_ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { message } } }"
CREATE_INITIATIVE = """mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) {
  initiative { id } userErrors { field message code }
  possibleDuplicates { score initiative { id } reasons { factor score detail } } } }"""


def theme(code: str) -> str:
    return to_global_id("Theme", code)


class World:
    """IDs by short name, and the names of what was made."""

    def __init__(self, tag: str):
        self.tag = tag
        self.ids: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.created: dict[str, dict] = {}

    def __getitem__(self, name: str) -> str:
        return self.ids[name]

    def name_of(self, global_id: str) -> str:
        return next(n for n, i in self.ids.items() if i == global_id)


async def link(gql, rel: str, a: str, b: str, **extra):
    result = await gql(LINK, {"i": {"type": rel, "fromId": a, "toId": b, **extra}})
    assert result["link"]["userErrors"] == [], result


async def create_places(gql, w: World, places: list[tuple[str, str, str, str, str | None]]) -> None:
    """Places by (short name, display name, level, country, parent short name), each within its parent."""
    for name, display, level, country, parent in places:
        data = {"code": f"{name}-{w.tag}", "name": display, "level": level, "country": country}
        result = await gql("mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } } }", {"i": data})
        w.ids[name] = result["createLocation"]["location"]["id"]
        if parent:
            await link(gql, "PART_OF", w[name], w[parent])


@pytest.fixture(scope="module")
async def world(gql, public) -> World:
    """Made by an admin; read by the tests as an anonymous caller, who may not see G or i5."""
    w = World(uuid.uuid4().hex[:6])
    places = [  # name, level, country, parent
        ("c1", "COUNTRY", "KG", None), ("c2", "COUNTRY", "TJ", None),
        ("r1", "ADMIN1", "KG", "c1"), ("r2", "ADMIN1", "TJ", "c2"),
        ("d1a", "ADMIN2", "KG", "r1"), ("d1b", "ADMIN2", "KG", "r1"), ("d2", "ADMIN2", "TJ", "r2"),
        ("v1", "SETTLEMENT", "KG", "d1a"), ("v2", "SETTLEMENT", "KG", "d1a"), ("v3", "SETTLEMENT", "KG", "d1b"),
        ("w1", "SETTLEMENT", "TJ", "d2"),
    ]
    await create_places(gql, w, [(name, f"{name.upper()} {w.tag}", *rest) for name, *rest in places])
    await link(gql, "BORDERS", w["v2"], w["w1"])

    actors = [  # name, kind, visibility
        ("a", "CSO", "PUBLIC"), ("b", "UN_AGENCY", "PUBLIC"), ("c", "CSO", "PUBLIC"), ("d", "DONOR", "PUBLIC"),
        ("e", "NETWORK", "PUBLIC"), ("e2", "NETWORK", "PUBLIC"), ("f", "CSO", "PUBLIC"), ("g", "CSO", "PRIVATE"),
    ]
    for name, kind, visibility in actors:
        data = {"name": f"Actor {name.upper()} {w.tag}", "kind": kind, "country": "KG", "visibility": visibility}
        result = await gql(CREATE_ACTOR, {"i": data})
        w.ids[name] = result["createActor"]["actor"]["id"]
    contact = await gql("mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }",
                        {"i": {"name": f"Liaison {w.tag}", "visibility": "PUBLIC", "email": "l@example.org"}})
    await link(gql, "LIAISON_FOR", contact["createContact"]["contact"]["id"], w["c"])
    await link(gql, "OPERATES_IN", w["c"], w["w1"])
    await link(gql, "OPERATES_IN", w["a"], w["v1"])
    await link(gql, "PARTNERS_WITH", w["a"], w["b"])
    await link(gql, "PARTNERS_WITH", w["b"], w["f"])
    await link(gql, "OPERATES_IN", w["f"], w["d1b"])
    await link(gql, "MEMBER_OF", w["a"], w["e"])
    await link(gql, "MEMBER_OF", w["e2"], w["e"])
    await link(gql, "MEMBER_OF", w["c"], w["e2"])
    await link(gql, "PARTNERS_WITH", w["a"], w["g"])  # a hidden shortcut from A to C
    await link(gql, "PARTNERS_WITH", w["g"], w["c"])

    initiatives = {
        "i1": dict(title="Training community mediators in village councils", places=["v1", "v2"],
                   themes=["community-mediation"], groups=["WOMEN", "YOUTH"], start="2022-01-01", end="2024-06-30",
                   lead="a", funders=["d"], status="COMPLETED",
                   description="Village mediators trained to resolve land and family disputes peacefully."),
        "i2": dict(title="Establishing community mediators in village councils", places=["v1", "v2"],
                   themes=["community-mediation"], groups=["WOMEN"], start="2024-03-01", end="2026-12-31",
                   lead="b", funders=["d"], description="Mediators selected and trained to resolve land and family disputes."),
        "i3": dict(title="Greenhouses for women farmers", places=["v1"], themes=["livelihoods"], groups=["WOMEN"],
                   start="2024-01-01", end="2025-12-31", lead="b", description="Greenhouse kits and training for income."),
        "i4": dict(title="Water sharing dialogue", places=["w1"], themes=["natural-resources", "cross-border-cooperation"],
                   groups=["COMMUNITY_LEADERS"], start="2024-01-01", end="2026-12-31", lead="c"),
        "i5": dict(title="Training community mediators in village councils", places=["v3"], themes=["community-mediation"],
                   groups=["WOMEN"], start="2024-01-01", end="2026-12-31", lead="a", visibility="PRIVATE"),
        "i6": dict(title="Youth exchange across the border", places=["w1"], themes=["youth"], groups=["YOUTH"],
                   start="2024-01-01", end="2026-12-31", lead="b"),
    }
    for name, spec in initiatives.items():
        data = {"title": f"{spec['title']} {w.tag}", "description": spec.get("description"),
                "startDate": spec["start"], "endDate": spec["end"], "status": spec.get("status", "ACTIVE"),
                "targetGroups": spec["groups"], "visibility": spec.get("visibility", "PUBLIC"),
                "locationIds": [w[p] for p in spec["places"]], "themeIds": [theme(t) for t in spec["themes"]],
                "implementers": [{"actorId": w[spec["lead"]], "role": "LEAD"}],
                "funderIds": [w[f] for f in spec.get("funders", [])]}
        result = (await gql(CREATE_INITIATIVE, {"i": {k: v for k, v in data.items() if v is not None}}))["createInitiative"]
        assert result["userErrors"] == [], result
        w.ids[name] = result["initiative"]["id"] if result["initiative"] else None
        w.created[name] = result
    assert (await public("query($id: ID!) { node(id: $id) { id } }", {"id": w["i5"]}))["node"] is None

    needs = [("n1", "v3", "natural-resources", "HIGH"), ("n2", "v1", "mediation", "MEDIUM"), ("n3", "v2", "early-warning", "CRITICAL")]
    for name, place, theme_code, severity in needs:
        result = await gql("mutation($i: CreateNeedInput!) { createNeed(input: $i) { need { id } } }",
                           {"i": {"title": f"Need {name} {w.tag}", "severity": severity}})
        w.ids[name] = result["createNeed"]["need"]["id"]
        await link(gql, "AT", w[name], w[place])
        await link(gql, "ADDRESSES", w[name], theme(theme_code))

    mandates = [("m1", "b", "r1", "mediation"), ("m2", "e", "c2", "gender")]
    for name, holder, place, theme_code in mandates:
        result = await gql("mutation($i: CreateMandateInput!) { createMandate(input: $i) { mandate { id } } }",
                           {"i": {"title": f"Mandate {name} {w.tag}", "issuer": "Council", "validFrom": "2020-01-01"}})
        w.ids[name] = result["createMandate"]["mandate"]["id"]
        await link(gql, "HOLDS", w[holder], w[name])
        await link(gql, "COVERS", w[name], w[place])
        await link(gql, "ADDRESSES", w[name], theme(theme_code))
    return w


PERIOD_2024 = {"start": "2024-01-01", "end": "2024-12-31"}


async def test_who_works_where_covers_places_below_with_roles_and_contacts(public, world):
    query = """query($p: ID!, $t: ID, $period: DateRange) { whoWorksWhere(locationId: $p, themeId: $t, period: $period) {
      roles actor { id } work { role initiative { id } locations { id } } contacts { name } } }"""
    found = (await public(query, {"p": world["r1"], "period": PERIOD_2024}))["whoWorksWhere"]
    by_actor = {world.name_of(x["actor"]["id"]): x for x in found if x["actor"]["id"] in world.ids.values()}
    assert set(by_actor) == {"a", "b", "d", "f"}  # c works across the border; g and i5 are hidden
    assert by_actor["a"]["roles"] == ["LEAD", "PRESENT"]
    assert sorted(world.name_of(x["initiative"]["id"]) for x in by_actor["b"]["work"]) == ["i2", "i3"]
    assert by_actor["d"]["roles"] == ["FUNDER"]
    assert by_actor["f"]["roles"] == ["PRESENT"]

    mediation = (await public(query, {"p": world["r1"], "t": theme("mediation"), "period": PERIOD_2024}))["whoWorksWhere"]
    names = {world.name_of(x["actor"]["id"]): x for x in mediation if x["actor"]["id"] in world.ids.values()}
    assert set(names) == {"a", "b", "d"}  # a theme filter leaves out presence without work on it
    assert [world.name_of(x["initiative"]["id"]) for x in names["b"]["work"]] == ["i2"]

    across = (await public(query, {"p": world["c2"], "period": PERIOD_2024}))["whoWorksWhere"]
    [c] = [x for x in across if x["actor"]["id"] == world["c"]]
    assert c["contacts"] == [{"name": f"Liaison {world.tag}"}]


@pytest.mark.parametrize("period,expected", [
    ({"start": "2021-01-01", "end": "2021-12-31"}, set()),
    ({"start": "2021-06-01", "end": "2022-01-01"}, {"i1"}),  # the first day counts
    ({"start": "2024-06-30", "end": "2024-06-30"}, {"i1", "i2", "i3"}),  # the last day of i1 counts
    ({"start": "2027-01-01", "end": "2027-12-31"}, set()),
])
async def test_who_works_where_respects_period_edges(public, world, period, expected):
    query = "query($p: ID!, $period: DateRange) { whoWorksWhere(locationId: $p, period: $period) { work { initiative { id } } } }"
    found = (await public(query, {"p": world["d1a"], "period": period}))["whoWorksWhere"]
    seen = {world.name_of(w["initiative"]["id"]) for x in found for w in x["work"] if w["initiative"]["id"] in world.ids.values()}
    assert seen == expected


async def test_presence_matrix_counts_per_child_and_theme(public, world):
    query = """query($p: ID!, $roll: Boolean!, $period: DateRange) { presenceMatrix(locationId: $p, rollUpThemes: $roll, period: $period) {
      location { id } initiativeCount actorCount cells { theme { code } initiativeCount actorCount } } }"""
    rows = (await public(query, {"p": world["r1"], "roll": False, "period": PERIOD_2024}))["presenceMatrix"]
    by_place = {world.name_of(r["location"]["id"]): r for r in rows}
    assert set(by_place) == {"d1a", "d1b"}
    assert by_place["d1b"]["initiativeCount"] == 0 and by_place["d1b"]["cells"] == []  # only the hidden i5 is there
    assert by_place["d1a"]["initiativeCount"] == 3 and by_place["d1a"]["actorCount"] == 3  # a, b, d
    cells = {c["theme"]["code"]: (c["initiativeCount"], c["actorCount"]) for c in by_place["d1a"]["cells"]}
    assert cells == {"community-mediation": (2, 3), "livelihoods": (1, 1)}
    rolled = (await public(query, {"p": world["r1"], "roll": True, "period": PERIOD_2024}))["presenceMatrix"]
    rolled_cells = {c["theme"]["code"]: c["initiativeCount"] for r in rolled for c in r["cells"]}
    assert rolled_cells == {"peacebuilding": 2, "livelihoods": 1}


async def test_presence_matrix_rolls_up_to_a_level(public, world):
    query = """query($p: ID!) { presenceMatrix(locationId: $p, level: SETTLEMENT,
      period: {start: "2024-01-01", end: "2024-12-31"}) { location { id } initiativeCount } }"""
    rows = (await public(query, {"p": world["c1"]}))["presenceMatrix"]
    counts = {world.name_of(r["location"]["id"]): r["initiativeCount"] for r in rows}
    assert counts == {"v1": 3, "v2": 2, "v3": 0}


async def test_duplicates_rank_the_real_pair_first_with_reasons(public, world):
    query = """query($id: ID!) { duplicateCandidates(initiativeId: $id) {
      score confidence initiative { id } reasons { factor score weight detail } } }"""
    found = (await public(query, {"id": world["i1"]}))["duplicateCandidates"]
    ranked = [world.name_of(f["initiative"]["id"]) for f in found if f["initiative"]["id"] in world.ids.values()]
    assert ranked[0] == "i2" and "i5" not in ranked  # the hidden copy never shows
    scores = {world.name_of(f["initiative"]["id"]): f["score"] for f in found if f["initiative"]["id"] in world.ids.values()}
    assert scores["i2"] >= 0.7 and scores["i2"] - scores["i3"] >= 0.2
    reasons = {r["factor"]: r for r in found[0]["reasons"]}
    assert reasons["place"]["score"] == 1.0 and reasons["place"]["detail"] == f"Both work in V1 {world.tag} and V2 {world.tag}."
    assert reasons["funders"]["score"] == 1.0 and reasons["funders"]["detail"] == f"Both funded by Actor D {world.tag}."
    assert "mediators" in reasons["text"]["detail"] and reasons["theme"]["detail"] == "Both work on community mediation."
    assert found[0]["confidence"] == pytest.approx(sum(r["weight"] for r in found[0]["reasons"]))
    assert found[0]["confidence"] > 0.9  # every factor known on both sides
    assert all(0 <= f["score"] <= 1 for f in found)


async def test_creating_an_initiative_returns_its_possible_duplicates(world):
    created = world.created["i2"]
    assert [d["initiative"]["id"] for d in created["possibleDuplicates"]][:1] == [world["i1"]]
    assert world.created["i3"]["possibleDuplicates"] == [] or all(
        d["initiative"]["id"] != world["i1"] or d["score"] < 0.7 for d in world.created["i3"]["possibleDuplicates"])


async def test_a_create_reports_what_a_check_of_the_written_record_finds(gql, world):
    """The check runs while the record is written, from its stored properties and links: the same answer as
    checking the record once written, with its programme (partOfId) and funders taken into account."""
    data = {"title": f"Community mediators for village councils {world.tag}", "startDate": "2024-05-01",
            "description": "Mediators trained to resolve land disputes.", "targetGroups": ["WOMEN"],
            "locationIds": [world["v1"], world["v2"]], "themeIds": [theme("community-mediation")],
            "funderIds": [world["d"]], "partOfId": world["i3"]}
    created = (await gql(CREATE_INITIATIVE, {"i": data}))["createInitiative"]
    assert created["userErrors"] == []
    query = """query($id: ID!) { duplicateCandidates(initiativeId: $id, first: 5, minScore: 0.4) {
      score initiative { id } reasons { factor score detail } } }"""
    after = (await gql(query, {"id": created["initiative"]["id"]}))["duplicateCandidates"]
    removed = await gql("mutation($i: DeleteInput!) { deleteInitiative(input: $i) { userErrors { message } } }",
                        {"i": {"id": created["initiative"]["id"]}})  # the other tests' world stays as it was
    assert removed["deleteInitiative"]["userErrors"] == []
    assert created["possibleDuplicates"] == after
    found = [d["initiative"]["id"] for d in after]
    assert world["i1"] in found and world["i3"] not in found and created["initiative"]["id"] not in found


async def test_a_draft_is_checked_before_saving(public, world):
    query = """query($d: DraftInitiativeInput!) { duplicateCandidates(draft: $d, first: 3) { score initiative { id } } }"""
    # A Cyrillic title in the same village still finds the pair by place and theme.
    draft = {"title": "Обучение медиаторов", "locationIds": [world["v2"]], "themeIds": [theme("mediation")]}
    found = (await public(query, {"d": draft}))["duplicateCandidates"]
    top = {world.name_of(f["initiative"]["id"]) for f in found[:2] if f["initiative"]["id"] in world.ids.values()}
    assert top == {"i1", "i2"}


async def test_duplicate_clusters_in_a_place(public, world):
    query = "query($p: ID!) { duplicateClusters(locationId: $p) { score initiatives { id } pairs { score reasons { factor } } } }"
    clusters = (await public(query, {"p": world["r1"]}))["duplicateClusters"]
    mine = [sorted(world.name_of(i["id"]) for i in c["initiatives"]) for c in clusters
            if all(i["id"] in world.ids.values() for i in c["initiatives"])]
    assert mine == [["i1", "i2"]]


async def test_partners_for_a_plan_reach_across_the_border(public, world):
    query = """query($plan: PlanInput!) { partnerSuggestions(plan: $plan) { score actor { id } reasons { factor score detail } } }"""
    plan = {"locationIds": [world["v2"]], "themeIds": [theme("natural-resources")], "targetGroups": ["WOMEN"]}
    found = (await public(query, {"plan": plan}))["partnerSuggestions"]
    mine = [f for f in found if f["actor"]["id"] in world.ids.values()]
    assert world.name_of(mine[0]["actor"]["id"]) == "c"
    geography = {r["factor"]: r for r in mine[0]["reasons"]}["geography"]
    assert "across the border in W1" in geography["detail"] and geography["score"] == pytest.approx(0.85)
    contact = {r["factor"]: r for r in mine[0]["reasons"]}["contact"]
    assert contact["score"] == 1.0


async def test_partners_for_an_actor_exclude_itself_and_current_partners(public, world):
    query = """query($id: ID!, $all: Boolean!) { partnerSuggestions(actorId: $id, includeCurrentPartners: $all, first: 50) {
      score actor { id } reasons { factor score detail } } }"""
    found = (await public(query, {"id": world["a"], "all": False}))["partnerSuggestions"]
    names = [world.name_of(f["actor"]["id"]) for f in found if f["actor"]["id"] in world.ids.values()]
    assert "a" not in names and "b" not in names and "g" not in names
    f = next(x for x in found if x["actor"]["id"] == world["f"])
    friend = {r["factor"]: r for r in f["reasons"]}["friend_of_friend"]
    assert friend["score"] == 0.5 and f"Actor B {world.tag}" in friend["detail"]
    with_current = (await public(query, {"id": world["a"], "all": True}))["partnerSuggestions"]
    current = next(x for x in with_current if x["actor"]["id"] == world["b"])
    assert "Already your partner." in [r["detail"] for r in current["reasons"]]


async def test_partners_for_an_actors_plan(public, world):
    """Both: the plan says where and on what; the actor asking is left out with its current partners, and its
    partners' partners count, which for the plan alone they do not."""
    query = """query($id: ID, $plan: PlanInput) { partnerSuggestions(actorId: $id, plan: $plan, first: 50) {
      score actor { id } reasons { factor score detail } } }"""
    plan = {"locationIds": [world["v2"]], "themeIds": [theme("natural-resources")]}
    alone = (await public(query, {"plan": plan}))["partnerSuggestions"]
    both = (await public(query, {"id": world["a"], "plan": plan}))["partnerSuggestions"]
    ids = [f["actor"]["id"] for f in both]
    assert world["a"] not in ids and world["b"] not in ids
    assert world["b"] in [f["actor"]["id"] for f in alone]
    mine = [f for f in both if f["actor"]["id"] in world.ids.values()]
    assert world.name_of(mine[0]["actor"]["id"]) == "c"  # across the border from the plan's village, as for the plan
    geography = {r["factor"]: r for r in mine[0]["reasons"]}["geography"]
    assert "across the border in W1" in geography["detail"]

    def friend_score(found):
        f = next((x for x in found if x["actor"]["id"] == world["f"]), None)
        return None if f is None else {r["factor"]: r["score"] for r in f["reasons"]}.get("friend_of_friend", 0)

    assert friend_score(both) == 0.5 and friend_score(alone) in (None, 0)


async def test_coverage_gaps(public, world):
    query = """query($p: ID!) { coverageGaps(locationId: $p, period: {start: "2024-06-01", end: "2024-06-30"}) {
      unaddressedNeeds { severity need { id } location { id } }
      placesWithoutActors { weight location { id } needs { id } }
      mandatedThemesWithoutActivity { theme { code } mandates { id } } } }"""
    gaps = (await public(query, {"p": world["r1"]}))["coverageGaps"]
    needs = [world.name_of(n["need"]["id"]) for n in gaps["unaddressedNeeds"]]
    assert needs == ["n3", "n1"]  # CRITICAL before HIGH; n2 (mediation at v1) is addressed by i1 and i2
    places = [world.name_of(p["location"]["id"]) for p in gaps["placesWithoutActors"]]
    assert places == ["v3"]  # f is present in d1b, above v3, which does not count; only the hidden i5 is at v3
    themes = [t["theme"]["code"] for t in gaps["mandatedThemesWithoutActivity"] if any(m["id"] == world["m1"] for m in t["mandates"])]
    assert themes == []  # mediation is addressed through community mediation


async def test_places_with_needs_and_nobody_there(gql, public, world):
    query = """query($p: ID!) { coverageGaps(locationId: $p) { placesWithoutActors { location { id } needs { id } } } }"""
    result = await gql("mutation($i: CreateNeedInput!) { createNeed(input: $i) { need { id } } }",
                       {"i": {"title": f"Far need {world.tag}", "severity": "LOW"}})
    need = result["createNeed"]["need"]["id"]
    await link(gql, "AT", need, world["w1"])
    near = (await public(query, {"p": world["c1"]}))["coverageGaps"]["placesWithoutActors"]
    assert [(world.name_of(p["location"]["id"]), len(p["needs"])) for p in near] == [("v3", 1)]
    far = (await public(query, {"p": world["c2"]}))["coverageGaps"]["placesWithoutActors"]
    assert far == []  # c operates in w1


async def test_mandates(public, world):
    mandated = """query($p: ID!, $t: ID) { mandatedActors(locationId: $p, themeId: $t) { actor { id } mandates { id } } }"""
    found = (await public(mandated, {"p": world["v1"], "t": theme("community-mediation")}))["mandatedActors"]
    assert [(x["actor"]["id"], [m["id"] for m in x["mandates"]]) for x in found if x["actor"]["id"] in world.ids.values()] == [
        (world["b"], [world["m1"]])]  # a mandate over the region, on the broader theme
    assert [x for x in (await public(mandated, {"p": world["w1"], "t": theme("mediation")}))["mandatedActors"]
            if x["actor"]["id"] == world["b"]] == []

    outside = """query($a: ID) { activityOutsideMandates(actorId: $a, period: {start: "2024-01-01", end: "2024-12-31"}) {
      initiative { id } locations { id } } }"""
    found = (await public(outside, {"a": world["b"]}))["activityOutsideMandates"]
    assert [(world.name_of(x["initiative"]["id"]), [world.name_of(l["id"]) for l in x["locations"]]) for x in found] == [("i6", ["w1"])]

    idle = """{ idleMandates { mandate { id } holders { id } } }"""
    found = [x for x in (await public(idle))["idleMandates"] if x["mandate"]["id"] in world.ids.values()]
    assert [(x["mandate"]["id"], [h["id"] for h in x["holders"]]) for x in found] == [(world["m2"], [world["e"]])]


async def test_connections_go_around_what_the_caller_may_not_see(public, world):
    query = """query($a: ID!, $b: ID!, $n: Int!) { connections(fromId: $a, toId: $b, maxLength: $n) {
      length nodes { id } steps { type fromId toId } } }"""
    paths = (await public(query, {"a": world["a"], "b": world["c"], "n": 4}))["connections"]
    assert paths and all(p["length"] == 3 for p in paths)  # the 2-step path through hidden G is not shown
    assert [world.name_of(n["id"]) for n in paths[0]["nodes"]] == ["a", "e", "e2", "c"]
    assert [s["type"] for s in paths[0]["steps"]] == ["MEMBER_OF", "MEMBER_OF", "MEMBER_OF"]
    assert (await public(query, {"a": world["a"], "b": world["c"], "n": 2}))["connections"] == []


@pytest.mark.parametrize("query,message", [
    ('{ connections(fromId: "QWN0b3I6eA", toId: "QWN0b3I6eQ", maxLength: 7) { length } }', "maxLength"),
    ('{ duplicateCandidates { score } }', "initiativeId or draft"),
    ('{ partnerSuggestions(first: 0, plan: {themeIds: ["VGhlbWU6eW91dGg"]}) { score } }', "first"),
    ('{ partnerSuggestions(plan: {targetGroups: [WOMEN]}) { score } }', "plan"),
    ('{ partnerSuggestions { score } }', "give actorId, plan, or both"),
    ('{ duplicateClusters(locationId: "QWN0b3I6eA") { score } }', "locationId"),
])
async def test_bad_analysis_arguments_are_refused(public, query, message):
    body = await public.raw(query)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and message in error["message"]
