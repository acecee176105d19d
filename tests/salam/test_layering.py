"""The apps import one way only: each may import the apps below it, never one above it or beside
it. The order is the README's "Architecture" section; this test holds the code to it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Top to bottom. Apps on one line are siblings: none of them imports another.
LAYERS: list[tuple[str, ...]] = [
    ("salam", "salam.bench"),
    ("events.programmes",),
    ("events",),
    ("rooms",),
    ("salam.forum", "salam.journal", "salam.library", "salam.contest"),
    ("salam.search",),
    ("salam.clearinghouse",),
    ("salam.moderation",),
    ("salam.notices",),
    ("salam.people",),
    ("salam.core",),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def app_of(module: str) -> str | None:
    """The app a dotted module belongs to: the longest app name that prefixes it."""
    owners = [app for app in LEVEL if module == app or module.startswith(app + ".")]
    return max(owners, key=len, default=None)


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this file's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            # `from salam import core` imports salam.core, not the wiring: name what it imports
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for top in ("salam", "rooms", "events"):
        for path in sorted((root / top).rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            source = app_of(module)
            assert source is not None, module
            targets = {app_of(imported) for imported in imports_of(path, root)}
            for target in sorted(t for t in targets if t is not None and t != source):
                if LEVEL[target] <= LEVEL[source]:
                    found.append(f"{path.relative_to(root)}: {source} imports {target}")
    return found


def test_every_import_goes_down_the_layers():
    assert violations() == []


def test_an_import_up_or_sideways_is_caught(tmp_path):
    (tmp_path / "salam" / "people").mkdir(parents=True)
    (tmp_path / "salam" / "forum").mkdir(parents=True)
    (tmp_path / "rooms").mkdir()
    (tmp_path / "events").mkdir()
    (tmp_path / "salam" / "people" / "x.py").write_text("def f():\n    from rooms import chat\n")
    (tmp_path / "salam" / "forum" / "y.py").write_text("from ..journal import models\n")
    (tmp_path / "rooms" / "z.py").write_text("from salam.core import hub\n")  # down: fine
    assert violations(tmp_path) == [
        "salam/forum/y.py: salam.forum imports salam.journal",
        "salam/people/x.py: salam.people imports rooms",
    ]
    assert app_of("rooms.chat.models") == "rooms"
    assert app_of("salam.core.hub") == "salam.core"
    assert app_of("salam.settings") == "salam"
    assert LEVEL["salam.people"] > LEVEL["rooms"]  # people may not import rooms
    assert LEVEL["salam.forum"] == LEVEL["salam.journal"]  # siblings: neither imports the other


def test_the_readme_lists_the_same_layers():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| \d+ \|", line)]
    listed = [tuple(re.findall(r"`([a-z_.]+)`", row.split("|")[2])) for row in rows]
    assert listed == LAYERS
