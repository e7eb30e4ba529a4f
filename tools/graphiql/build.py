"""Copy GraphiQL's browser bundles from the pinned npm packages into hub/web/assets/graphiql/vendor/.

The hub serves GraphiQL from its own origin, so the page works offline and no CDN can change what users
run. The bundles are committed (pip install needs no npm); this script is how they are made:

    cd tools/graphiql && npm install <package>@<version>   # only to change a pin: updates package-lock.json
    python tools/graphiql/build.py                          # npm ci, copy FILES, write vendor/manifest.json

manifest.json records each package's version and lock integrity and each file's sha256;
tests/test_graphiql.py fails when the committed files, the manifest and package-lock.json disagree.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parents[1] / "hub" / "web" / "assets" / "graphiql" / "vendor"

# Served name -> (npm package, path inside it). Only what the page loads, and the licences the packages ship
# (@graphiql/plugin-explorer ships none; it is MIT, as its package.json says).
FILES = {
    "react.production.min.js": ("react", "umd/react.production.min.js"),
    "react-dom.production.min.js": ("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.min.js": ("graphiql", "graphiql.min.js"),
    "graphiql.min.css": ("graphiql", "graphiql.min.css"),
    "plugin-explorer.umd.js": ("@graphiql/plugin-explorer", "dist/index.umd.js"),
    "plugin-explorer.css": ("@graphiql/plugin-explorer", "dist/style.css"),
    "LICENSE.react": ("react", "LICENSE"),
    "LICENSE.react-dom": ("react-dom", "LICENSE"),
    "LICENSE.graphiql": ("graphiql", "LICENSE"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked(lock: dict, package: str) -> dict:
    """The version and integrity package-lock.json pins for a top-level package."""
    entry = lock["packages"][f"node_modules/{package}"]
    return {"version": entry["version"], "integrity": entry["integrity"]}


def manifest(lock: dict, node_modules: Path) -> dict:
    packages = sorted({package for package, _ in FILES.values()})
    return {
        "packages": {package: locked(lock, package) for package in packages},
        "files": {name: {"package": package, "source": source, "sha256": sha256(node_modules / package / source)}
                  for name, (package, source) in sorted(FILES.items())},
    }


def build() -> None:
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    node_modules = HERE / "node_modules"
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    for name, (package, source) in FILES.items():
        shutil.copyfile(node_modules / package / source, VENDOR / name)
    (VENDOR / "manifest.json").write_text(json.dumps(manifest(lock, node_modules), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(FILES)} files and manifest.json to {VENDOR}", file=sys.stderr)


if __name__ == "__main__":
    build()
