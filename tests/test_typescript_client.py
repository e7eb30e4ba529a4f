"""The TypeScript client (clients/typescript): its types are generated from the schema and the canonical
operations by graphql-codegen and are current, they catch a wrong call at compile time, and the example
compiles with tsc and runs with Node against the hub on a loopback port. The first run installs the pinned
npm packages with `npm ci` (Node.js 20+ and npm on the PATH, as for the Cypher lint)."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest
import uvicorn

from hub.access import Role
from hub.app import create_app
from hub.demo.loader import load_demo
from tests.conftest import issue_token
from tests.npm_tools import npm_installed

CLIENT = Path(__file__).resolve().parent.parent / "clients" / "typescript"
TSC = CLIENT / "node_modules" / "typescript" / "bin" / "tsc"


@pytest.fixture(scope="module")
def installed():
    return npm_installed(CLIENT, "the TypeScript client's tools")


def tsc(*args: str, cwd: Path = CLIENT) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TSC), *args], cwd=cwd, capture_output=True, text=True)


def test_generated_types_are_current(installed, tmp_path):
    fresh = tmp_path / "generated.ts"
    done = subprocess.run(["node", "codegen.mjs", str(fresh)], cwd=CLIENT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert fresh.read_text() == (CLIENT / "src" / "generated.ts").read_text(), \
        "run node clients/typescript/codegen.mjs"


def test_a_wrong_call_does_not_compile(installed, tmp_path):
    bad = tmp_path / "bad.ts"
    client = (CLIENT / "src" / "client.js").as_posix()
    bad.write_text(f'import {{ HubClient }} from "{client}";\n'
                   'const hub = new HubClient("http://127.0.0.1/graphql");\n'
                   'const data = await hub.run("WhoWorksWhere", {themeId: "x"});\n'
                   'console.log(data.whoWorksWhere[0].actor?.nmae);\n')
    done = tsc("--noEmit", "--strict", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext",
               "--lib", "ES2022,DOM", "--types", "node", "--typeRoots", str(CLIENT / "node_modules" / "@types"), str(bad))
    assert done.returncode != 0
    assert "locationId" in done.stdout and "nmae" in done.stdout, done.stdout


async def run_example(dist: Path, url: str, *args: str) -> dict:
    process = await asyncio.create_subprocess_exec("node", str(dist / "example.js"), url, *args,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    return json.loads(out)


async def test_the_example_compiles_and_runs_against_the_hub(installed, hub, gql, tmp_path, unique):
    await load_demo(hub.graph, force=True)
    done = tsc("-p", ".", "--outDir", str(tmp_path / "dist"))
    assert done.returncode == 0, done.stdout + done.stderr
    token = await issue_token(hub, Role.ADMIN, name=f"ts client {unique}")
    csos = (await gql('{ actors(filter: {kinds: [CSO]}) { totalCount } }'))["actors"]["totalCount"]

    server = uvicorn.Server(uvicorn.Config(create_app(hub.settings, hub=hub), host="127.0.0.1", port=0,
                                           lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/graphql"
        signed_in = await run_example(tmp_path / "dist", url, token)
        anonymous = await run_example(tmp_path / "dist", url)
    finally:
        server.should_exit = True
        await serving

    assert {"name": "UNDP Kyrgyzstan", "roles": ["LEAD"]} in signed_in["whoWorksWhere"]
    assert "Foundation for Tolerance International" in signed_in["fti"]
    assert signed_in["csos"] == csos > 10
    assert signed_in["registered"]["version"] == 1
    assert anonymous["registered"] in {"UNAUTHENTICATED", "FORBIDDEN"}
