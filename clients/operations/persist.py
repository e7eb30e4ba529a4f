"""Writes the hub's persisted-operations file (HUB_PERSISTED_OPERATIONS_FILE) from the canonical operations
in this folder: a JSON object mapping the SHA-256 (hex) of each operation's text to that text.

An operation's text is its .graphql file without the leading comment lines and surrounding whitespace:
clients send exactly that text (or only its hash), so the hub finds it. Standard library only, so it runs
wherever the operations are deployed.

    python clients/operations/persist.py [OUTPUT.json]     (default: standard output)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def operation_text(path: Path) -> str:
    """The text a client sends for the operation in `path`."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip()


def operations(folder: Path = FOLDER) -> dict[str, str]:
    """Operation name (the file's stem) -> text, for every .graphql file in `folder`."""
    return {path.stem: operation_text(path) for path in sorted(folder.glob("*.graphql"))}


def persisted(folder: Path = FOLDER) -> dict[str, str]:
    """The persisted-operations object: sha256 hex of each text -> the text."""
    return {hashlib.sha256(text.encode("utf-8")).hexdigest(): text for text in operations(folder).values()}


def main(argv: list[str]) -> None:
    document = json.dumps(persisted(), indent=2, ensure_ascii=False) + "\n"
    if argv:
        Path(argv[0]).write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)


if __name__ == "__main__":
    main(sys.argv[1:])
