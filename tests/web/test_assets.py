import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from liaison.core.assets import AssetError, install_assets, packages


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def package(tmp_path: Path) -> tuple[Path, bytes]:
    data = tarball(
        {
            "package/dist/css/kit.min.css": b"body{}",
            "package/dist/js/kit.min.js": b"void 0",
            "package/src/secret.scss": b"not wanted",
        }
    )
    manifest = tmp_path / "assets.json"
    manifest.write_text(
        json.dumps(
            {
                "packages": [
                    {
                        "name": "@kit/core",
                        "version": "1.0.0",
                        "tarball": "https://registry.npmjs.org/@kit/core/-/core-1.0.0.tgz",
                        "integrity": integrity(data),
                        "folder": "kit",
                        "strip": "package/dist/",
                        "files": ["css/kit.min.css", "js/kit.min.js"],
                    }
                ]
            }
        )
    )
    return manifest, data


def test_assets_are_verified_and_only_the_named_files_extracted(
    tmp_path: Path, package: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest, data = package
    monkeypatch.delenv("NPM_CONFIG_REGISTRY", raising=False)
    asked: list[str] = []

    def download(url: str) -> bytes:
        asked.append(url)
        return data

    vendor = tmp_path / "vendor"
    installed = install_assets(vendor=vendor, manifest=manifest, download=download)
    assert [p.name for p in installed] == ["@kit/core"]
    assert asked == ["https://registry.npmjs.org/@kit/core/-/core-1.0.0.tgz"]
    assert (vendor / "kit/css/kit.min.css").read_bytes() == b"body{}"
    assert (vendor / "kit/js/kit.min.js").exists()
    assert not list(vendor.rglob("secret.scss"))

    assert install_assets(vendor=vendor, manifest=manifest, download=download) == []
    assert len(asked) == 1, "a second run downloads nothing"


def test_a_tarball_that_fails_its_integrity_is_refused(
    tmp_path: Path, package: tuple[Path, bytes]
) -> None:
    manifest, data = package
    vendor = tmp_path / "vendor"
    with pytest.raises(AssetError, match="integrity"):
        install_assets(vendor=vendor, manifest=manifest, download=lambda url: data + b"x")
    assert not (vendor / "kit/css/kit.min.css").exists()


def test_the_registry_named_by_npm_config_registry_is_used(
    tmp_path: Path, package: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest, data = package
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://mirror.example/npm/")
    asked: list[str] = []

    def download(url: str) -> bytes:
        asked.append(url)
        return data

    install_assets(vendor=tmp_path / "vendor", manifest=manifest, download=download)
    assert asked == ["https://mirror.example/npm/@kit/core/-/core-1.0.0.tgz"]


def test_the_shipped_manifest_pins_every_package_by_sha512() -> None:
    names = {p.name for p in packages()}
    assert {"@tabler/core", "htmx.org", "echarts"} <= names
    for package in packages():
        assert package.integrity.startswith("sha512-")
        assert package.version in package.tarball


def test_the_command_fails_offline_unless_told_the_packages_are_optional(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    import liaison.core.management.commands.assets as command

    def offline(**kwargs: object) -> list[object]:
        raise AssetError("cannot download: no route to host")

    monkeypatch.setattr(command, "install_assets", offline)
    with pytest.raises(CommandError, match="no route to host"):
        call_command("assets", stdout=StringIO())
    errors = StringIO()
    call_command("assets", optional=True, stdout=StringIO(), stderr=errors)
    assert "no route to host" in errors.getvalue()
