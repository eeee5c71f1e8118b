"""axe-core, fetched from the npm registry at test time and injected into pages.

The tarball is pinned by version and by the sha512 integrity the registry publishes for it,
so a changed or corrupted download fails the tests instead of auditing with other rules.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
CACHE_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "cache"

# The impacts the "done when" forbids; minor and moderate ones are reported by axe
# but do not fail a page.
BLOCKING_IMPACTS = ("serious", "critical")


def _matches_integrity(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def axe_source() -> str:
    """axe.min.js of the pinned release, downloaded once into the cache folder."""
    tarball = CACHE_DIR / f"axe-core-{AXE_VERSION}.tgz"
    if not (tarball.exists() and _matches_integrity(tarball.read_bytes(), AXE_INTEGRITY)):
        try:
            with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:
                data = response.read()
        except OSError as error:
            raise RuntimeError(
                f"axe-core {AXE_VERSION} is not in {CACHE_DIR} and could not be fetched from "
                f"{AXE_TARBALL}: {error}"
            ) from error
        if not _matches_integrity(data, AXE_INTEGRITY):
            raise RuntimeError(f"{AXE_TARBALL} does not match the pinned integrity {AXE_INTEGRITY}")
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tarball.write_bytes(data)
    with tarfile.open(fileobj=io.BytesIO(tarball.read_bytes()), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode()


def blocking_violations(page: Page, source: str) -> list[dict[str, Any]]:
    """The serious and critical axe violations of the page as it is now."""
    page.add_script_tag(content=source)
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
