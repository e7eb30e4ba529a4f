"""Plans warmed at start-up: the read statements this hub ran most, planned again before clients ask for them.

Both engines keep the plan of a statement by its text (Neo4j by its text and the types of its parameters), and
after a restart the first request of each kind pays for planning: on the embedded engine tens to hundreds of
milliseconds, on Neo4j up to seconds. The texts a hub sends depend on what its clients select and filter, so
no fixed list would do: the hub counts the read statements it runs (the text and the types of the parameters,
never their values), writes the most used to its data folder when it stops, and the next start sends each of
them as EXPLAIN (planned, not run), one after another in the background while requests are already served.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import neo4j

from hub.recent import Recent

if TYPE_CHECKING:
    from hub.graph.connection import Graph

log = logging.getLogger(__name__)

FILE_NAME = "warm-statements.json"
FORMAT = 1  # the file's layout; a file of another layout is ignored
TRACKED = 2_000  # distinct statement texts counted at once (the least recently run beyond it let go)
STATEMENT_TIMEOUT = 5.0  # seconds one EXPLAIN may take


def shape(value: Any) -> Any:
    """A value of the same type as `value` that says nothing of it: what a plan is keyed on, never the data
    (strings become "", numbers 0, a map an empty map, whatever its keys; a list keeps its first item's shape)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return ""
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        return 0.0
    if isinstance(value, (list, tuple)):
        return [shape(value[0])] if value else []
    if isinstance(value, dict):
        return {}
    return None


class StatementUse:
    """How often each read statement text ran in this process, with the shape of the parameters it first ran with."""

    def __init__(self, size: int = TRACKED):
        self._seen: Recent[str, list] = Recent(size)

    def note(self, text: str, params: dict[str, Any]) -> None:
        entry = self._seen.get(text)
        if entry is None:
            self._seen.put(text, [1, {name: shape(value) for name, value in params.items()}])
        else:
            entry[0] += 1

    def most_used(self, count: int) -> list[dict[str, Any]]:
        ranked = sorted(self._seen.items(), key=lambda item: -item[1][0])[:max(count, 0)]
        return [{"text": text, "uses": uses, "parameters": shaped} for text, (uses, shaped) in ranked]


USE = StatementUse()


def save(data_dir: Path, count: int, use: StatementUse | None = None) -> Path | None:
    """Writes the `count` most used statements (of `use`, by default the process's) next to the data, whole or
    not at all (a temporary file replaced in one step, as several workers may stop at once); nothing when
    nothing ran."""
    statements = (use or USE).most_used(count)
    if not statements:
        return None
    path = Path(data_dir) / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"format": FORMAT, "statements": statements}))
        os.replace(temporary, path)
    except OSError as error:
        log.warning("could not keep the most used statements in %s for the next start: %s", path, error)
        temporary.unlink(missing_ok=True)
        return None
    return path


def load(data_dir: Path, count: int) -> list[tuple[str, dict[str, Any]]]:
    """The statements a previous run kept (at most `count`); none when there is no file or it cannot be read."""
    path = Path(data_dir) / FILE_NAME
    try:
        found = json.loads(path.read_text())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        log.warning("ignoring %s: %s", path, error)
        return []
    if not isinstance(found, dict) or found.get("format") != FORMAT or not isinstance(found.get("statements"), list):
        log.warning("ignoring %s: not a list of statements this version keeps", path)
        return []
    kept = []
    for item in found["statements"][:max(count, 0)]:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("parameters"), dict):
            kept.append((item["text"], item["parameters"]))
    return kept


@dataclass
class Warmed:
    planned: int = 0
    failed: int = 0
    seconds: float = 0.0


async def warm(graph: Graph, statements: list[tuple[str, dict[str, Any]]]) -> Warmed:
    """Plans each statement with EXPLAIN in a read session, one at a time (the requests being served meanwhile
    keep the rest of the server). A statement that no longer plans (written by an older version) is skipped."""
    outcome = Warmed()
    began = time.monotonic()
    for text, parameters in statements:
        try:
            async with graph.driver.session(database=graph.database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = await session.run(neo4j.Query("EXPLAIN " + text, timeout=STATEMENT_TIMEOUT), parameters)
                await result.consume()
            outcome.planned += 1
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - warming is a favour: nothing it meets may stop the hub
            outcome.failed += 1
            log.debug("could not plan a kept statement ahead: %s", error)
    outcome.seconds = time.monotonic() - began
    return outcome
