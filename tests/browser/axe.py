"""axe-core, fetched from the npm registry at test time and injected into pages.

Pinned by version and by the sha512 integrity the registry publishes for it, and fetched,
verified and unpacked by the same code as the pages' own assets (`liaison.core.assets`), into
a gitignored cache: a changed or corrupted download fails the tests instead of auditing with
other rules. NPM_CONFIG_REGISTRY points it at a mirror, as it does `liaison assets`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page

from liaison.core.assets import Package, extract, fetch, is_installed, registry, verify

AXE = Package(
    name="axe-core",
    version="4.14.1",
    tarball="https://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    folder="axe-core",
    strip="package/",
    files=("axe.min.js",),
)
CACHE_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "cache"

# The impacts the "done when" forbids; minor and moderate ones are reported by axe
# but do not fail a page.
BLOCKING_IMPACTS = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js of the pinned release, downloaded once into the cache folder."""
    if not is_installed(AXE, CACHE_DIR):
        data = fetch(AXE.url(registry()))
        verify(data, AXE.integrity)
        extract(AXE, data, CACHE_DIR)
    return (CACHE_DIR / AXE.folder / "axe.min.js").read_text(encoding="utf-8")


def with_axe(context: BrowserContext, source: str) -> None:
    """Put axe on every page `context` opens, as the browser creates it.

    For a walk of many pages: the browser keeps the script compiled, where sending and
    evaluating its half megabyte again on each page costs about a tenth of a second a page.
    """
    context.add_init_script(script=source)


def blocking_violations(page: Page, source: str) -> list[dict[str, Any]]:
    """The serious and critical axe violations of the page as it is now."""
    # Evaluated through the browser's debugging protocol (as `with_axe`'s init script is): an
    # inline <script> of axe would be refused by the pages' Content Security Policy, as it
    # should be.
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(source)
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and the elements it was found on, for an assertion message."""
    lines = []
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']} — {targets}")
    return "\n".join(lines)
