"""The explorer in a real headless Chromium (Debian's, driven by Playwright) against the hub on a loopback
port with the demo data: search in Cyrillic, a place, an actor and its network, an initiative, sign in,
register an initiative and see the duplicate warning before saving, a version conflict explained, the
Russian interface, a 360 px screen, and nothing fetched from another origin or from anything but /graphql; the
place's change feed (with a tombstone), its initiatives and the search results paged with "more", and the mandated
actors idle in a place filtered by kind.

Screenshots of the main pages go to HUB_EXPLORER_SCREENSHOTS when it names a folder (the README's come from
`HUB_EXPLORER_SCREENSHOTS=docs/screenshots pytest tests/test_explorer_browser.py`), else to a temporary one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.async_api import expect

from hub.access import Role
from hub.demo.loader import load_demo
from hub.ids import to_global_id
from tests.browser import PATIENCE_MS, browser, origin, served_hub  # noqa: F401 (fixtures)
from tests.conftest import issue_token

OSH_OBLAST = to_global_id("Location", "KG06000000000")
FTI = to_global_id("Actor", "demo-fti")
YNTYMAK_MEDIATORS = to_global_id("Initiative", "demo-yntymak-osh-mediators-2022")
UNDP_MEDIATORS_TITLE = "Community mediators for peace"


@pytest.fixture(scope="module")
async def demo(hub):
    await load_demo(hub.graph, force=True)  # other tests may have written first


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("HUB_EXPLORER_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("explorer-screens")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Session:
    """A browser page on the explorer that records every request and every script error."""

    def __init__(self, base: str, page, requests: list, problems: list):
        self.base, self.page, self.requests, self.problems = base, page, requests, problems

    async def open(self, route: str):
        """Go to a route and wait until its page has rendered; returns the GraphQL posts it made."""
        before = len(self.requests)
        await self.after(self.page.goto(f"{self.base}/{route}"))
        return [r for r in self.requests[before:] if r[1].endswith("/graphql")]

    async def after(self, action):
        """Run an action (an awaitable) and wait until the explorer has finished rendering the page it leads to."""
        mark = await self.page.locator("main").get_attribute("data-render", timeout=PATIENCE_MS) \
            if await self.page.locator("main").count() else None
        await action
        fresh = f'main[data-render]:not([data-render="{mark}"])' if mark else "main[data-render]"
        await self.page.locator(fresh).wait_for(timeout=PATIENCE_MS)


@pytest.fixture
async def session(served_hub, browser, demo):
    requests, problems = [], []
    context = await browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")

    async def only_the_hub(route):
        if origin(route.request.url) == served_hub:
            await route.continue_()
        else:
            problems.append(f"outside request: {route.request.url}")
            await route.abort()

    await context.route("**/*", only_the_hub)
    page = await context.new_page()
    page.on("request", lambda request: requests.append((request.method, request.url)))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    yield Session(served_hub, page, requests, problems)
    await context.close()
    assert problems == []
    data = [(method, url) for method, url in requests if "/assets/explorer/" not in url and not url.endswith("/")]
    assert all(method == "POST" and url == f"{served_hub}/graphql" for method, url in data), data


async def test_search_in_cyrillic_then_a_place_with_its_map_and_gaps(session, shots):
    page = session.page
    await session.open("")
    await page.get_by_label("Search").fill("Ош")
    await session.after(page.get_by_label("Search").press("Enter"))
    places = page.locator("section", has=page.get_by_role("heading", name="Places"))
    province = places.get_by_role("listitem").filter(has_text="province")
    await expect(province.first).to_contain_text("Osh province, KG", timeout=PATIENCE_MS)  # the API's label
    await expect(places.get_by_role("listitem").filter(has_text="settlement, Osh (city), KG")).to_have_count(1)
    await page.screenshot(path=shots / "explorer-search.png", full_page=True)

    before = len(session.requests)
    await session.after(province.get_by_role("link", name="Osh", exact=True).click())
    await expect(page.locator("main h1")).to_have_text("Osh")
    assert len([r for r in session.requests[before:] if r[1].endswith("/graphql")]) == 1  # one request per page
    who = page.get_by_role("region", name="Table of who works here")
    await expect(who).to_contain_text("Foundation for Tolerance International")
    await expect(page.locator("svg.map a.map-point.active")).not_to_have_count(0)
    await expect(page.get_by_role("heading", name="Presence by theme")).to_be_visible()
    await expect(page.get_by_role("heading", name="Mandated actors with no activity here")).to_be_visible()
    await expect(page.get_by_role("heading", name="What changed recently")).to_be_visible()

    await page.locator("svg.map a.map-point.active").first.focus()  # the map's points are keyboard links
    await session.after(page.keyboard.press("Enter"))
    await expect(page.locator("main .trail")).to_contain_text("Osh")


async def test_actor_page_and_a_click_through_its_network(session, gql, unique, shots):
    created = await gql("mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { userErrors { field } } }",
                        {"i": {"title": f"Mediation follow-up {unique}", "ownerId": FTI,
                               "implementers": [{"actorId": FTI, "role": "LEAD"}]}})
    assert created["createInitiative"]["userErrors"] == []
    page = session.page
    posts = await session.open(f"#/actor/{FTI}")
    assert len(posts) == 1
    await expect(page.locator("main h1")).to_have_text("Foundation for Tolerance International")
    await expect(page.locator("dl.facts")).to_contain_text("not verified")
    await expect(page.get_by_role("heading", name="Suggested partners")).to_be_visible()
    suggestions = page.locator("section", has=page.get_by_role("heading", name="Suggested partners"))
    await expect(suggestions.locator(".reasons").first).to_be_visible()
    await expect(page.locator("section", has=page.get_by_role("heading", name="Partners, networks and funders"))
                 ).to_contain_text("Saferworld")
    together = page.locator("section", has=page.get_by_role("heading", name="Works on initiatives with"))
    await expect(together.get_by_role("listitem").filter(has_text="Saferworld")).to_contain_text("shared initiatives: 1")
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent changes"))
    await expect(recent.get_by_role("link", name=f"Mediation follow-up {unique}").first).to_be_visible()
    await page.screenshot(path=shots / "explorer-actor.png", full_page=True)

    await session.after(page.get_by_role("link", name="Show its network").click())
    await expect(page.locator("main h1")).to_have_text("Network of Foundation for Tolerance International")
    neighbour = page.locator("svg.network a.neighbour", has_text="Saferworld")
    await expect(neighbour).to_have_count(1)
    await page.screenshot(path=shots / "explorer-network.png", full_page=True)
    # drawn from the API's graph file: records coloured by type, named by acronym, in a legend and a list
    await expect(page.locator("svg.network a.centre.kind-actor", has_text="FTI")).to_have_count(1)
    await expect(page.locator("svg.network a.neighbour.kind-initiative").first).to_be_visible()
    await expect(page.locator("ul.legend")).to_contain_text("initiative")
    listed = page.locator("main li", has=page.get_by_role("link", name="Saferworld", exact=True))
    await expect(listed).to_contain_text("actor · partner")
    await session.after(neighbour.locator("circle").click())
    await expect(page.locator("main h1")).to_have_text("Network of Saferworld")
    fti = page.locator("svg.network a.neighbour", has_text="FTI")
    await expect(fti).to_have_count(1)
    await fti.focus()  # every record is a link that takes keyboard focus
    await session.after(page.keyboard.press("Enter"))
    await expect(page.locator("main h1")).to_have_text("Network of Foundation for Tolerance International")
    await session.after(page.get_by_role("link", name="1", exact=True).click())  # one step out: no initiatives' partners
    await expect(page.locator("svg.network a.neighbour.kind-actor", has_text="Saferworld")).to_have_count(1)
    await expect(page.locator("svg.network a.neighbour", has_text="WANEP")).to_have_count(0)


async def test_place_page_changes_paged_initiatives_and_idle_actors_by_kind(session, gql, public, unique, shots):
    create = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id version } } }"
    kept = f"Water-sharing dialogue {unique}"
    await gql(create, {"i": {"title": kept, "locationIds": [OSH_OBLAST]}})
    gone = (await gql(create, {"i": {"title": f"Withdrawn plan {unique}", "locationIds": [OSH_OBLAST]}}
                      ))["createInitiative"]["initiative"]
    deleted = await gql("mutation($i: DeleteInput!) { deleteInitiative(input: $i) { deletedIds } }",
                        {"i": {"id": gone["id"], "version": gone["version"]}})
    assert deleted["deleteInitiative"]["deletedIds"] == [gone["id"]]
    total = (await public("query($id: ID!) { initiatives(filter: {locationId: $id}) { totalCount } }",
                                {"id": OSH_OBLAST}))["initiatives"]["totalCount"]
    assert total > 10  # the demo's initiatives in Osh province and the one above: more than a page

    page = session.page
    posts = await session.open(f"#/place/{OSH_OBLAST}")
    assert len(posts) == 1  # the feed, the initiatives and the idle actors come with the page's one request
    recent = page.locator("section", has=page.get_by_role("heading", name="What changed recently"))
    created = recent.get_by_role("listitem").filter(has_text="created initiative").filter(has_text=kept)
    await expect(created.get_by_role("link", name=kept)).to_have_count(1)
    tombstone = recent.get_by_role("listitem").filter(has=page.locator(".deleted"))
    await expect(tombstone.first).to_contain_text("initiative: deleted")
    await expect(recent).not_to_contain_text(f"Withdrawn plan {unique}")  # a tombstone carries no content
    await page.screenshot(path=shots / "explorer-place.png", full_page=True)

    rows = page.get_by_role("region", name="Table of initiatives here").locator("tbody tr")
    await expect(rows).to_have_count(10)
    more = page.locator("section", has=page.get_by_role("heading", name="Initiatives here")).get_by_role("button", name="More")
    await more.click()
    await expect(rows).to_have_count(min(total, 20))
    if total <= 20:
        await expect(more).to_have_count(0)

    idle = page.locator("section", has=page.get_by_role("heading", name="Mandated actors with no activity here"))
    await expect(idle).to_contain_text("Ministry of Internal Affairs of the Kyrgyz Republic")
    await expect(idle).to_contain_text("OSCE Programme Office in Bishkek")
    await page.get_by_label("Show kind").select_option("GOVERNMENT")
    await expect(idle.get_by_role("listitem").filter(has_text="OSCE Programme Office in Bishkek")).to_be_hidden()
    await expect(idle.get_by_role("listitem").filter(has_text="Ministry of Internal Affairs")).to_be_visible()


async def test_search_results_page_on_with_more(session, public):
    total = (await public('query { initiatives(filter: {search: "community"}) { totalCount } }'
                                ))["initiatives"]["totalCount"]
    assert total > 10
    page = session.page
    await session.open("#/search?q=community")
    found = page.locator("section", has=page.get_by_role("heading", name="Initiatives"))
    await expect(found.get_by_role("listitem")).to_have_count(10)
    await found.get_by_role("button", name="More").click()
    await expect(found.get_by_role("listitem")).to_have_count(min(total, 30))


async def test_initiative_page_shows_its_possible_duplicates_with_reasons(session, shots):
    page = session.page
    posts = await session.open(f"#/initiative/{YNTYMAK_MEDIATORS}")
    assert len(posts) == 1
    duplicates = page.locator("section", has=page.get_by_role("heading", name="Possible duplicates"))
    await expect(duplicates).to_contain_text(UNDP_MEDIATORS_TITLE)
    await expect(duplicates.locator(".reasons").first).to_contain_text("Place:")
    await expect(page.locator("section", has=page.get_by_role("heading", name="Implementers"))
                 ).to_contain_text("Public Foundation Yntymak-Osh")
    await page.screenshot(path=shots / "explorer-initiative.png", full_page=True)


async def test_sign_in_register_with_a_duplicate_warning_and_explain_a_version_conflict(session, hub, gql, unique, shots):
    page = session.page
    await session.open("#/signin")
    await page.get_by_label("Access token").fill("hub_not-a-real-token")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("#sign-in-message")).to_contain_text("refused")
    session.problems.remove("Failed to load resource: the server responded with a status of 401 (Unauthorized)")

    member = await issue_token(hub, Role.MEMBER, ["demo-fti"], name=f"FTI officer {unique}")
    await page.get_by_label("Access token").fill(member)
    await session.after(page.get_by_role("button", name="Sign in").click())
    await expect(page.locator("main h1")).to_have_text("Register an initiative")

    title = page.get_by_label("Title")
    await title.fill("x")
    await title.press("Backspace")
    await expect(page.locator("#title-error")).to_have_text("Required.")  # checked as it is typed
    await page.get_by_label("Start date").fill("2025-05-01")
    await page.get_by_label("End date").fill("2025-01-01")
    await page.get_by_label("End date").dispatch_event("change")
    await expect(page.locator("#end-error")).to_contain_text("before the start")
    await page.get_by_label("End date").fill("2026-12-31")
    await page.get_by_label("End date").dispatch_event("change")
    await expect(page.locator("#end-error")).to_have_text("")

    await title.type(f"Community mediators for peace in Kara-Suu villages {unique}")
    await page.get_by_label("Places", exact=True).type("Нариман")  # a place typed in Cyrillic
    await page.locator("#places-offers button", has_text="Nariman").first.click()
    warning = page.locator("#duplicates .warning")
    await expect(warning).to_contain_text(UNDP_MEDIATORS_TITLE, timeout=PATIENCE_MS)  # before saving
    await page.get_by_label("Your organisation", exact=True).type("FTI")
    await page.locator("#owner-offers button", has_text="Foundation for Tolerance International").click()
    await page.screenshot(path=shots / "explorer-register.png", full_page=True)

    await page.get_by_role("button", name="Register").click()
    await expect(page.locator("main h1")).to_have_text("Initiative registered", timeout=PATIENCE_MS)
    stored = page.locator("dl.facts")
    await expect(stored).to_contain_text(f"Community mediators for peace in Kara-Suu villages {unique}")
    await expect(stored).to_contain_text("Nariman")
    await expect(stored).to_contain_text("Foundation for Tolerance International (lead)")
    found = await gql("query($q: String!) { initiatives(filter: {search: $q}) { nodes { id version title } } }",
                      {"q": unique})
    [record] = found["initiatives"]["nodes"]

    await session.open(f"#/edit/{record['id']}")
    await page.get_by_label("Description").fill("Mediation corners in three villages.")
    changed = await gql("mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { userErrors { code } } }",
                        {"i": {"id": record["id"], "version": record["version"], "description": "changed elsewhere"}})
    assert changed["updateInitiative"]["userErrors"] == []
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#outcome")).to_contain_text("Someone else changed this initiative")
    await expect(page.locator("#outcome")).to_contain_text(f"version {record['version']}")

    await session.after(page.get_by_role("link", name="Reload the initiative").click())
    await session.after(page.get_by_role("link", name="Edit").click())
    await page.get_by_label("Description").fill("Mediation corners in three villages.")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("main h1")).to_have_text("Initiative saved", timeout=PATIENCE_MS)
    await expect(page.locator("dl.facts")).to_contain_text(str(record["version"] + 2))


async def test_the_explorer_shows_only_what_the_api_shows_that_viewer(session, gql, hub, unique):
    created = await gql("mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { userErrors { field } } }",
                        {"i": {"title": f"Confidential dialogue {unique}", "visibility": "PRIVATE", "ownerId": FTI}})
    assert created["createInitiative"]["userErrors"] == []
    page = session.page
    await session.open(f"#/search?q={unique}")
    await expect(page.locator("#results .count")).to_contain_text("0 results")

    admin = await issue_token(hub, Role.ADMIN, name=f"explorer admin {unique}")
    await session.open("#/signin?next=%23%2Fsearch%3Fq%3D" + unique)
    await page.get_by_label("Access token").fill(admin)
    await session.after(page.get_by_role("button", name="Sign in").click())
    await expect(page.locator("#results")).to_contain_text(f"Confidential dialogue {unique}", timeout=PATIENCE_MS)


async def test_russian_interface_names_in_cyrillic_and_a_360_px_screen(session, shots):
    page = session.page
    await session.open(f"#/place/{OSH_OBLAST}")
    await session.after(page.get_by_label("Language").select_option("ru"))
    await expect(page.locator("main h1")).to_have_text("Ошская область")  # the graph's Cyrillic name
    await expect(page.get_by_role("heading", name="Кто здесь работает и над чем")).to_be_visible()
    await expect(page.get_by_role("link", name="Войти")).to_be_visible()
    await page.screenshot(path=shots / "explorer-place-ru.png", full_page=True)

    await page.set_viewport_size({"width": 360, "height": 780})
    await session.open(f"#/actor/{FTI}")
    await expect(page.locator("main h1")).to_have_text("Фонд за международную толерантность")
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a 360 px screen"
    await page.screenshot(path=shots / "explorer-actor-360.png", full_page=True)
    await session.after(page.get_by_label("Язык").select_option("en"))
    await expect(page.locator("main h1")).to_have_text("Foundation for Tolerance International")
    stored = json.loads(await page.evaluate("JSON.stringify(localStorage)"))
    assert stored["explorer.language"] == "en"


async def test_a_place_collaboration_network_drawn_from_the_same_graph_file(session, public):
    kyrgyzstan = to_global_id("Location", "KG")
    expected = (await public("""query($id: ID!) { node(id: $id) { ... on Location { name } }
      collaborationNetwork(locationId: $id, first: 3) { actorCount brokers { betweenness actor { name acronym } } } }""",
                             {"id": kyrgyzstan}))
    network = expected["collaborationNetwork"]
    page = session.page
    await session.open(f"#/place/{kyrgyzstan}")
    before = len(session.requests)
    await session.after(page.get_by_role("link", name="Who works with whom here").click())
    assert len([r for r in session.requests[before:] if r[1].endswith("/graphql")]) == 1  # one request per page
    await expect(page.locator("main h1")).to_have_text(f"Who works with whom in {expected['node']['name']}")
    await expect(page.locator("svg.collaboration a.actor")).to_have_count(network["actorCount"])
    # the brokers the API ranks, in its order with its figures; the top one named on the picture
    brokers = page.locator("section", has=page.get_by_role("heading", name="Brokers")).get_by_role("listitem")
    for i, broker in enumerate(network["brokers"]):
        await expect(brokers.nth(i)).to_contain_text(broker["actor"]["name"])
        await expect(brokers.nth(i)).to_contain_text(f"betweenness {broker['betweenness']:.3f}")
    top = network["brokers"][0]["actor"]
    await expect(page.locator("svg.collaboration a.broker", has_text=top["acronym"] or top["name"])).to_have_count(1)
    await expect(page.locator("svg.collaboration a.community-0")).not_to_have_count(0)  # coloured by community
    await expect(page.locator("ul.legend li")).not_to_have_count(0)
    await page.locator("svg.collaboration a.broker").first.focus()  # every actor is a keyboard link to its network
    await session.after(page.keyboard.press("Enter"))
    await expect(page.locator("main h1")).to_contain_text("Network of")
