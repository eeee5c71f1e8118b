"""The front-end packages the pages use, fetched from the npm registry and checked by integrity.

Nothing of them is committed: `assets.json` pins each package (version, tarball, sha512) and
names the few files the pages load; `install_assets` downloads what is missing, verifies it,
and extracts those files into the assets folder (the setting LIAISON_ASSETS_DIR), which the
pages load as `static/vendor/`. The pages still render without them, unstyled.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import tarfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "assets.json"
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
# What a folder records once extracted, so the next run knows it has nothing to do.
STAMP = ".installed"


class AssetError(Exception):
    """A package could not be fetched, or what arrived is not what the manifest pins."""


@dataclasses.dataclass(frozen=True)
class Package:
    name: str
    version: str
    tarball: str
    integrity: str
    folder: str
    strip: str
    files: tuple[str, ...]

    @property
    def stamp(self) -> str:
        return f"{self.name}@{self.version} {self.integrity}"

    def url(self, registry: str) -> str:
        """The tarball's address at `registry` (a mirror keeps the registry's paths)."""
        if registry and self.tarball.startswith(DEFAULT_REGISTRY):
            return registry.rstrip("/") + "/" + self.tarball[len(DEFAULT_REGISTRY) :]
        return self.tarball


def packages(manifest: Path = MANIFEST) -> list[Package]:
    entries = json.loads(manifest.read_text(encoding="utf-8"))["packages"]
    return [
        Package(**{**entry, "files": tuple(entry["files"])})
        for entry in entries
        if not entry.get("name", "").startswith("_")
    ]


def registry() -> str:
    """The registry npm itself would use: NPM_CONFIG_REGISTRY when set."""
    return os.environ.get("NPM_CONFIG_REGISTRY", "")


def assets_dir() -> Path:
    """Where the packages are unpacked: the setting LIAISON_ASSETS_DIR."""
    from django.conf import settings

    return Path(settings.LIAISON_ASSETS_DIR)


def is_installed(package: Package, vendor: Path) -> bool:
    folder = vendor / package.folder
    stamp = folder / STAMP
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == package.stamp
        and all((folder / name).is_file() for name in package.files)
    )


def verify(data: bytes, integrity: str) -> None:
    """Refuse `data` unless its digest is the pinned Subresource Integrity value."""
    algorithm, _sep, expected = integrity.partition("-")
    if algorithm not in {"sha512", "sha384", "sha256"}:
        raise AssetError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise AssetError(f"integrity mismatch: expected {integrity}, got {algorithm}-{actual}")


def fetch(url: str, *, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "liaison-assets"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read()
            return data
    except OSError as error:
        raise AssetError(f"cannot download {url}: {error}") from error


def extract(package: Package, data: bytes, vendor: Path) -> None:
    """Write the package's listed files, and only those, under its vendor folder."""
    folder = vendor / package.folder
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {package.strip + name: name for name in package.files}
    found: set[str] = set()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            name = wanted.get(member.name)
            if name is None or not member.isfile():
                continue
            source = archive.extractfile(member)
            if source is None:
                continue
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed, so a page never loads a half-written file; the
            # name is the process's own, as two test runs may unpack the same package at once.
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            partial.write_bytes(source.read())
            partial.replace(target)
            found.add(name)
    missing = sorted(set(package.files) - found)
    if missing:
        raise AssetError(f"{package.name}@{package.version} has no {', '.join(missing)}")
    (folder / STAMP).write_text(package.stamp + "\n", encoding="utf-8")


def install_assets(
    *,
    vendor: Path | None = None,
    manifest: Path = MANIFEST,
    download: Callable[[str], bytes] = fetch,
    report: Callable[[str], None] | None = None,
) -> list[Package]:
    """Fetch, verify and extract every package not already in place; the ones installed now."""
    vendor = assets_dir() if vendor is None else vendor
    installed: list[Package] = []
    source = registry()
    for package in packages(manifest):
        if is_installed(package, vendor):
            continue
        url = package.url(source)
        if report:
            report(f"{package.name}@{package.version} ← {url}")
        data = download(url)
        verify(data, package.integrity)
        extract(package, data, vendor)
        installed.append(package)
    return installed
