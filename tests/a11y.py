"""Accessibility checks in the browser tests: axe-core, run inside the page under test.

axe-core comes from the npm registry (`.ci/run` installs it and sets AXE_CORE_PATH to its
`axe.min.js`). It is evaluated through Playwright's DevTools channel, which the page's strict
Content-Security-Policy does not govern, so the page is tested exactly as it is served.

    from tests.a11y import assert_accessible
    assert_accessible(page)                  # 0 serious or critical violations, WCAG 2.2 AA
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tests import services

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Where a developer's `npm install axe-core` would put it, if AXE_CORE_PATH is not set.
CANDIDATES = (
    Path("node_modules/axe-core/axe.min.js"),
    Path("/work/axe/node_modules/axe-core/axe.min.js"),
)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


@cache
def axe_source() -> str:
    configured = os.environ.get("AXE_CORE_PATH", "")
    for path in ([Path(configured)] if configured else []) + list(CANDIDATES):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    services.missing("axe-core", "AXE_CORE_PATH is not set (npm install axe-core)")
    raise AssertionError("unreachable")  # missing() skips or fails


def violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING) -> list[dict]:
    """axe-core's violations on the page as it is now, of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;undefined")
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        TAGS,
    )
    return [v for v in found if v["impact"] in impacts]


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's findings if the page has a serious or critical violation."""
    found = violations(page)
    assert not found, f"{page.url}: " + "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in found
    )
