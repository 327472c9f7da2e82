"""Fingerprinted theme assets: `atlas.css` is also published as `atlas.3f2a9c1b7d.css`.

A name that changes whenever the bytes do lets a server tell browsers to keep the file
forever (`Cache-Control: max-age=31536000, immutable`) while a new build is still seen at
once: pages link the new name. Templates ask for `{{ asset('atlas.css') }}`; every file of
the theme's static/ folder is published under its own name too, for links from outside
(the publisher logo in feeds and JSON-LD) that must not change.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..core.hashing import content_hash, digest
from ..core.ignored import is_ignored_path

HASH_LENGTH = 10

AssetManifest = dict[str, str]  #: "atlas.css" -> "atlas.3f2a9c1b7d.css" (relative to static/)


def fingerprint_assets(static_dir: Path) -> AssetManifest:
    """The fingerprinted name of every file in a theme's static/ folder."""
    manifest: AssetManifest = {}
    if not static_dir.is_dir():
        return manifest
    for file in sorted(static_dir.rglob("*")):
        rel = file.relative_to(static_dir)
        if not file.is_file() or is_ignored_path(rel.as_posix()):
            continue
        manifest[rel.as_posix()] = fingerprinted_name(rel.as_posix(), file.read_bytes())
    return manifest


def fingerprinted_name(rel: str, data: bytes) -> str:
    """ "css/atlas.css" + its bytes -> "css/atlas.3f2a9c1b7d.css"."""
    path = PurePosixPath(rel)
    tag = content_hash("asset", data)[:HASH_LENGTH]  # the bytes alone: stable across upgrades
    name = f"{path.stem}.{tag}{path.suffix}" if path.suffix else f"{path.name}.{tag}"
    return (path.parent / name).as_posix() if str(path.parent) != "." else name


def manifest_key(manifest: AssetManifest) -> str:
    """A hash of the whole manifest: pages that link assets change when any asset does."""
    return digest("assets", *(f"{k}={v}" for k, v in sorted(manifest.items())))
