"""The write stage's copies: the theme's static files (and their fingerprinted names),
the files of content/ this build releases, and the resized pictures."""

from __future__ import annotations

import os

from ..content.imagecache import PictureCache, prune_unused
from ..content.images import write_images
from ..content.layout import CONTENT
from ..core.errors import raise_if_errors
from ..output.folder import OutputFolder
from ..theme.assets import AssetManifest
from .context import BuildContext
from .plan import Loaded


def copy_files(
    build: BuildContext, out: OutputFolder, loaded: Loaded, assets: AssetManifest
) -> None:
    """The copied files: the theme's, the content's and the resized pictures."""
    content_dir = build.site_dir / CONTENT
    out.copy_tree(loaded.theme.static_dir, "static")
    for rel, name in assets.items():
        out.copy(loaded.theme.static_dir / rel, f"static/{name}")
    for rel in loaded.release.published:
        out.copy(content_dir / rel, rel)
    cache = build.cache
    pictures = None
    if cache is not None and cache.path is not None:
        pictures = PictureCache(cache.path.parent / "images", cache.signer)
    raise_if_errors(
        write_images(loaded.images, content_dir, pictures, out.write, os.cpu_count() or 1)
    )
    if pictures is not None:
        prune_unused(pictures.folder, [image.key for image in loaded.images.values()])
