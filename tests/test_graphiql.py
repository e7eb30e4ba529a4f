"""GraphiQL served from the hub itself: a page that references only same-origin files, sent with a
same-origin Content-Security-Policy, and bundles that are exactly the pinned npm packages' files.

The staleness rule: tools/graphiql/package-lock.json pins the packages; tools/graphiql/build.py copies their
files into hub/web/assets/graphiql/vendor/ with a manifest (versions, lock integrity, sha256). These tests
fail when the committed files, the manifest, the build script and the lock disagree."""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import json
import shutil
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from hub.app import create_app
from hub.web.static import content_security_policy

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "graphiql"
WEB = ROOT / "hub" / "web"
VENDOR = WEB / "assets" / "graphiql" / "vendor"
HTML = {"accept": "text/html"}


class PageParts(HTMLParser):
    """Every URL a page loads, and any inline script or style it carries."""

    def __init__(self):
        super().__init__()
        self.urls, self.inline = [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[key] for key in ("src", "href") if attrs.get(key)]
        if tag == "style" or "style" in attrs or any(key.startswith("on") for key in attrs):
            self.inline.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"script: {data.strip()[:40]}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_script():
    spec = importlib.util.spec_from_file_location("graphiql_build", TOOL / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_page_loads_only_same_origin_files_that_the_hub_serves(client):
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == content_security_policy()
    policy = dict(part.split(" ", 1) for part in page.headers["content-security-policy"].split("; "))
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'"

    parts = PageParts()
    parts.feed(page.text)
    assert parts.inline == [], "inline scripts, styles or handlers would need 'unsafe-inline'"
    assert len(parts.urls) >= 9
    for url in parts.urls:
        assert not urlsplit(url).scheme and not urlsplit(url).netloc, f"{url} is not a same-origin path"
        asset = await client.get(urljoin("http://hub.test/graphql", url))
        assert asset.status_code == 200, url
        expected = {".js": "javascript", ".css": "text/css", ".svg": "image/svg+xml"}[Path(url).suffix]
        assert expected in asset.headers["content-type"], url
        assert asset.headers["x-content-type-options"] == "nosniff"
        if len(asset.content) > 100_000:
            assert asset.headers["content-encoding"] == "gzip", url


async def test_hub_graphiql_false_turns_page_and_assets_off(hub):
    app = create_app(hub.settings.model_copy(update={"graphiql": False}), hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        page = await http.get("/graphql", headers=HTML)
        assert page.status_code == 404 and "GraphiQL" not in page.text
        assert (await http.get("/assets/graphiql/start.js")).status_code == 404
        answer = await http.post("/graphql", json={"query": "{ __typename }"})
        assert answer.json()["data"] == {"__typename": "Query"}


def test_committed_bundles_match_the_manifest_and_the_lock():
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    lock = json.loads((TOOL / "package-lock.json").read_text(encoding="utf-8"))
    pins = json.loads((TOOL / "package.json").read_text(encoding="utf-8"))["dependencies"]
    build = build_script()

    for package, pinned in manifest["packages"].items():
        assert build.locked(lock, package) == pinned, f"{package}: vendor/ is stale, run tools/graphiql/build.py"
        assert pins[package] == pinned["version"], f"{package} must be pinned to an exact version in package.json"
    assert manifest["files"].keys() == build.FILES.keys(), "vendor/ is stale, run tools/graphiql/build.py"
    assert {path.name for path in VENDOR.iterdir()} == set(manifest["files"]) | {"manifest.json"}
    for name, entry in manifest["files"].items():
        assert (entry["package"], entry["source"]) == build.FILES[name]
        assert sha256(VENDOR / name) == entry["sha256"], f"vendor/{name} differs from its manifest entry"


def test_committed_bundles_are_the_npm_packages_files():
    """Installs the lock's packages (npm ci, once) and compares the committed files with theirs byte for byte."""
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    node_modules = TOOL / "node_modules"

    def installed(package):
        path = node_modules / package / "package.json"
        return path.is_file() and json.loads(path.read_text(encoding="utf-8"))["version"]

    if any(installed(package) != pinned["version"] for package, pinned in manifest["packages"].items()):
        if shutil.which("npm") is None:
            pytest.fail(f"`npm` is not on PATH: needed once to install GraphiQL's packages in {TOOL}")
        done = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=TOOL,
                              capture_output=True, text=True)
        assert done.returncode == 0, f"npm ci in {TOOL} failed:\n{done.stdout}\n{done.stderr}"
    for name, entry in manifest["files"].items():
        source = node_modules / entry["package"] / entry["source"]
        assert source.read_bytes() == (VENDOR / name).read_bytes(), f"vendor/{name} is not {entry['package']}'s {entry['source']}"


def test_every_served_file_ships_in_the_python_package():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = package_data["tool"]["setuptools"]["package-data"]["hub.web"]
    shipped = {Path(path) for pattern in patterns for path in glob.glob(pattern, root_dir=WEB, recursive=True)}
    files = {path.relative_to(WEB) for path in WEB.rglob("*")
             if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert files and files <= shipped, f"not in package-data: {sorted(map(str, files - shipped))}"
