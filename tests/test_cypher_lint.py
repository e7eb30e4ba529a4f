"""Every Cypher statement of the project must pass Neo4j's own semantic analyser.

The embedded engine accepts some Cypher that Neo4j 5 rejects, so passing tests against it proves
nothing about Neo4j (DESIGN.md, "The graph server"). tools/cypher-lint/lint.mjs runs lintCypherQuery
of npm @neo4j-cypher/language-support over all statements in one node process; no database needed.
"""

import functools
import json
import subprocess
from pathlib import Path

import pytest
from tests.npm_tools import npm_installed

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
MIGRATIONS = ROOT / "graph_migrations"

# Known answers that prove the linter sees what Neo4j sees.
PROBES = {
    # Neo4j rejects an aggregate beside implicit grouping keys; the embedded engine runs it.
    "aggregate_in_map_projection": "MATCH (a:Actor) RETURN a {.key, items: collect(a.name)}",
    "explicit_grouping": "MATCH (a:Actor) RETURN a.key AS key, collect(a.name) AS names",
    "syntax_error": "MATCH (a:Actor RETURN a",
    # No database schema: parameters and unknown labels/types must not count as errors.
    "parameters_and_unknown_names": "MATCH (a:NoSuchLabel {key: $key})-[:NO_SUCH_TYPE]->(b) RETURN b",
}


def migration_statements():
    """(name, cypher) for each statement of graph_migrations/V*.cypher, split exactly as the runner splits."""
    from graph_migrations.runner import discover

    for migration in discover(MIGRATIONS):
        for number, cypher in enumerate(migration.statements(), start=1):
            yield f"{migration.path.name}#{number}", cypher


def _install():
    npm_installed(LINT_DIR, "Neo4j's Cypher analyser")


def lint(statements):
    """Lint [(name, cypher)] in one node run; returns [(name, cypher, result)] in the same order."""
    _install()
    items = [{"name": name, "cypher": cypher} for name, cypher in statements]
    done = subprocess.run(
        ["node", "lint.mjs"], cwd=LINT_DIR, input=json.dumps(items), capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        pytest.fail(f"lint.mjs failed (exit {done.returncode}):\n{done.stderr}")
    results = json.loads(done.stdout)
    assert len(results) == len(items)
    return [(name, cypher, result) for (name, cypher), result in zip(statements, results)]


@functools.cache
def probe_errors():
    return {name: result["errors"] for name, _, result in lint(list(PROBES.items()))}


def test_every_project_statement_passes_neo4j_lint():
    from hub.graph import catalogue

    statements = list(migration_statements())
    assert statements, f"no statements found in {MIGRATIONS}"
    statements += [(str(name), cypher) for name, cypher in catalogue.all_statements()]
    failures = [
        f"--- {name}\n"
        + "".join(f"  {e['line']}:{e['column']} {e['message']}\n" for e in result["errors"])
        + cypher
        for name, cypher, result in lint(statements)
        if result["errors"]
    ]
    assert not failures, f"{len(failures)} statement(s) rejected by Neo4j's analyser:\n" + "\n".join(failures)


def test_linter_rejects_aggregate_beside_implicit_grouping_keys():
    errors = probe_errors()
    assert any("implicit grouping" in e["message"] for e in errors["aggregate_in_map_projection"])
    assert errors["explicit_grouping"] == []


def test_linter_rejects_syntax_error():
    assert probe_errors()["syntax_error"]


def test_parameters_and_names_unknown_without_schema_are_not_errors():
    assert probe_errors()["parameters_and_unknown_names"] == []
