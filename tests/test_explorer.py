"""The explorer's files, without a browser: the page at / loads only same-origin files the hub serves, every
module it imports is there, every operation it sends is valid against the exported schema, and the Russian
translation has exactly the English keys and placeholders (a key the code uses and no file has fails)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from graphql import build_schema, parse, validate

from hub.app import create_app
from hub.web.static import content_security_policy
from tests.test_graphiql import HTML, PageParts

ROOT = Path(__file__).resolve().parents[1]
EXPLORER = ROOT / "hub" / "web" / "assets" / "explorer"
IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)";""", re.M | re.S)
KEY_USE = re.compile(r"""\bt\(\s*"([a-zA-Z]+\.[a-zA-Z]+)"|"([a-z]+\.[a-zA-Z]+)"\s*[,\]]""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def modules() -> list[Path]:
    return sorted(EXPLORER.rglob("*.js"))


async def test_page_at_root_loads_only_same_origin_files_that_the_hub_serves(client):
    page = await client.get("/", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == content_security_policy()
    parts = PageParts()
    parts.feed(page.text)
    assert parts.inline == [], "inline scripts, styles or handlers would need 'unsafe-inline'"
    assert "/assets/explorer/app.js" in parts.urls
    modules_served = {f"/assets/explorer/{m.relative_to(EXPLORER).as_posix()}" for m in modules()}
    preloaded = {url for url in parts.urls if url.endswith(".js")}
    assert preloaded == modules_served, "preload every module so a slow link fetches them in one round"
    for url in parts.urls:
        if url.startswith("#"):
            continue
        assert url.startswith("/"), url
        served = await client.get(url)
        assert served.status_code == 200, url


async def test_every_imported_module_and_translation_is_served(client):
    seen = set()
    for module in modules():
        relative = module.relative_to(EXPLORER).as_posix()
        served = await client.get(f"/assets/explorer/{relative}")
        assert served.status_code == 200 and "javascript" in served.headers["content-type"], relative
        for target in IMPORT.findall(module.read_text(encoding="utf-8")):
            resolved = urljoin(f"/assets/explorer/{relative}", target)
            seen.add(resolved)
    for url in sorted(seen):
        assert (await client.get(url)).status_code == 200, f"{url} is imported but not served"
    for language in ("en", "ru"):
        assert (await client.get(f"/assets/explorer/i18n/{language}.json")).status_code == 200


def explorer_operations() -> dict[str, str]:
    """The operations of queries.js, as node evaluates the module (its template strings compose fragments)."""
    if shutil.which("node") is None:
        pytest.fail("`node` is not on PATH: install Node.js 20+")
    script = f'import * as q from "{(EXPLORER / "queries.js").as_uri()}"; console.log(JSON.stringify(q));'
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_every_operation_is_valid_against_the_schema():
    schema = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))
    operations = explorer_operations()
    assert len(operations) >= 10
    for name, text in operations.items():
        errors = validate(schema, parse(text))
        assert errors == [], f"{name}: {[error.message for error in errors]}"


def test_translations_have_the_same_keys_and_placeholders_and_cover_the_code():
    english = json.loads((EXPLORER / "i18n" / "en.json").read_text(encoding="utf-8"))
    russian = json.loads((EXPLORER / "i18n" / "ru.json").read_text(encoding="utf-8"))
    assert set(russian) == set(english), set(russian) ^ set(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(russian[key])) == set(PLACEHOLDER.findall(text)), key
        assert russian[key].strip(), key
    used = {first or second for module in modules()
            for first, second in KEY_USE.findall(module.read_text(encoding="utf-8"))}
    used = {key for key in used if key.split(".")[0] in {k.split(".")[0] for k in english}}
    assert used, "no translation keys found in the code"
    assert sorted(used - set(english)) == []


async def test_explorer_can_be_switched_off_and_graphiql_stays(hub):
    settings = hub.settings.model_copy(update={"explorer": False})
    app = create_app(settings, hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        assert (await http.get("/", headers=HTML)).status_code == 404
        assert (await http.get("/assets/explorer/app.js")).status_code == 404
        assert (await http.get("/graphql", headers=HTML)).status_code == 200
