"""The exported schema documents itself: every type, field, argument, input value and enum value.

The schema is the front-end teams' documentation (GraphiQL's docs pane, generated client types, IDE hovers).
npm graphql-schema-linter, pinned in tools/schema-lint/, checks schema/schema.graphql with the rules listed in
its package.json: the description rules and the naming and Relay rules, not the alphabetical-sorting ones
(the schema's order is meaningful). tests/test_http_api.py keeps the file equal to the schema in the code.
"""

import functools
import json
import subprocess
from pathlib import Path

import pytest

from schema.schema import SDL_PATH
from tests.npm_tools import npm_installed

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "schema-lint"
CLI = Path("node_modules") / "graphql-schema-linter" / "lib" / "cli.js"

# Documented except where marked; its fields are deliberately out of alphabetical order.
PROBE = '''
"""The root."""
type Query {
  """Documented."""
  zebra: Colour
  undocumentedField(undocumentedArgument: Int): Int
  """Documented."""
  apple(
    """Documented."""
    filter: Filter
  ): Int
}

"""A colour."""
enum Colour {
  """Documented."""
  RED
  UNDOCUMENTED_VALUE
}

"""A filter."""
input Filter {
  undocumentedInput: Int
}

type UndocumentedType {
  """Documented."""
  field: Int
}
'''


def _install():
    npm_installed(LINT_DIR, "the schema linter")


def lint(sdl: str) -> list[dict]:
    """The linter's errors for this SDL, with the rules configured in tools/schema-lint/package.json."""
    _install()
    done = subprocess.run(
        ["node", str(CLI), "--config-directory", ".", "--format", "json", "--stdin"],
        cwd=LINT_DIR, input=sdl, capture_output=True, text=True, timeout=300,
    )
    if done.returncode not in (0, 1) or not done.stdout.strip().startswith("{"):
        pytest.fail(f"graphql-schema-linter failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout)["errors"]


def test_every_schema_element_is_documented():
    errors = lint(SDL_PATH.read_text(encoding="utf-8"))
    report = "\n".join(f"  {SDL_PATH.name}:{e['location']['line']} {e['message']} ({e['rule']})" for e in errors)
    assert not errors, (f"{len(errors)} problem(s) in the schema: describe each element where the code defines it "
                        f"(schema/*.py), then run `hub export-schema`:\n{report}")


@functools.cache
def probe_rules() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for error in lint(PROBE):
        found.setdefault(error["rule"], set()).add(error["message"])
    return found


@pytest.mark.parametrize(("rule", "element"), [
    ("types-have-descriptions", "UndocumentedType"),
    ("fields-have-descriptions", "Query.undocumentedField"),
    ("arguments-have-descriptions", "undocumentedArgument"),
    ("input-object-values-have-descriptions", "Filter.undocumentedInput"),
    ("enum-values-have-descriptions", "Colour.UNDOCUMENTED_VALUE"),
])
def test_linter_reports_each_kind_of_undocumented_element(rule, element):
    assert any(element in message for message in probe_rules().get(rule, ())), probe_rules()


def test_alphabetical_order_is_not_required():
    assert not [rule for rule in probe_rules() if "sorted" in rule], probe_rules()
