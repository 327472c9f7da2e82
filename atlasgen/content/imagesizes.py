"""A local hero picture's width and height, read from the file (or from what the last
build recorded while its `stat` is unchanged), for the page's <img> and structured data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..core.errors import Diagnostic, error
from ..core.filestat import KnownFiles, signature
from .layout import CONTENT
from .model import Article, LiveUpdate

Story = TypeVar("Story", Article, LiveUpdate)


def with_image_size(
    article: Story, content_dir: Path, found: list[Diagnostic], known: KnownFiles
) -> Story:
    """The article (or live update) with its local picture's size; a missing or
    unreadable picture is an error in `found`."""
    image = article.image
    if image is None or image.external:
        return article
    path = content_dir / image.src.lstrip("/")
    line = article.line_of("image")
    if not path.is_file():
        found.append(
            error(
                article.source, line, "image", f"src {image.src!r} is not a file under {CONTENT}/"
            )
        )
        return article
    sig = signature(str(path))
    size = known.get(image.src, sig)
    if size is None:
        try:
            with PILImage.open(path) as picture:
                size = picture.size
        except (OSError, UnidentifiedImageError):
            found.append(
                error(article.source, line, "image", f"{image.src!r} is not a readable image")
            )
            return article
    known.put(image.src, sig, size)
    width, height = size
    return replace(article, image=replace(image, width=width, height=height))
