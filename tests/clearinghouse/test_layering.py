"""The clearinghouse apps import one way: library, journal and forum share the clearinghouse
core and the search below them, never each other; events sit above the library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = {
    "clearinghouse": "salam.clearinghouse",
    "library": "salam.library",
    "journal": "salam.journal",
    "forum": "salam.forum",
    "search": "salam.search",
    "events": "events",
}
# Which of these apps each one may import (besides itself).
ALLOWED = {
    "clearinghouse": set(),
    "search": set(),
    "library": {"clearinghouse", "search"},
    "journal": {"clearinghouse", "search"},
    "forum": {"clearinghouse", "search"},
    "events": {"library", "clearinghouse"},
}


def imported_apps(app: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / MODULES[app].replace(".", "/")).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                found |= {
                    other
                    for other, module in MODULES.items()
                    if name == module or name.startswith(f"{module}.")
                }
    return found - {app}


@pytest.mark.parametrize("app", sorted(MODULES))
def test_an_app_imports_only_the_apps_below_it(app):
    assert imported_apps(app) - ALLOWED[app] == set()


def test_the_finder_sees_an_import_between_apps():
    # Events, above the library, show its resources: the one import between these apps.
    assert imported_apps("events") == {"library"}
