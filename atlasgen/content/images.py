"""Responsive images: each local hero image in a few widths, as WebP and in its own format.

Two halves, so that pages can be rendered before (or without) any pixel is processed:

- `plan_images` (load stage) reads each published article's local image once, hashes its
  bytes and decides the variants from its size alone: widths from `WIDTHS` that are not
  wider than the original (never upscaled; an image narrower than the smallest width keeps
  its own), each in WebP and in the original format. The file names carry the hash, so a
  changed picture gets new URLs and every variant can be cached forever.
- `write_images` (write stage) makes the variants with Pillow, or takes them from the
  build cache (`<build.cache>/images/<hash>/`), where a picture is processed once per
  content hash, then hands the bytes to the `OutputFolder`.

Pillow's encoders are deterministic for the same input and settings, and the settings are
part of the hash, so the same picture gives the same bytes on every build. The hash is of
the bytes and settings alone (core/hashing.py `content_hash`), never of atlasgen's
version, so an upgrade renames nothing.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from ..core.cache import BuildCache
from ..core.errors import Diagnostic, error
from ..core.filestat import KnownFiles, signature
from ..core.hashing import content_hash
from .imagecache import SEAL, PictureCache
from .model import Article, LiveUpdate

WIDTHS = (480, 960, 1600)
FALLBACK_WIDTH = 960  #: the `src` of an <img>: for browsers that ignore srcset
FOLDER = "static/img"  #: output folder of the variants
#: What the output format of each source format is (None: used as is, e.g. a GIF).
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
SUFFIXES = {"webp": "webp", "jpeg": "jpg", "png": "png"}
ENCODERS: dict[str, dict[str, Any]] = {
    "webp": {"format": "WEBP", "quality": 75, "method": 6},
    "jpeg": {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True},
    "png": {"format": "PNG", "optimize": True},
}
#: The processing settings, hashed with a picture's bytes into its variants' names. Not
#: Pillow's version, nor atlasgen's: an upgrade renames nothing (a newer encoder may make
#: slightly different bytes of the same picture under the same name, which a cache may
#: keep serving).
SETTINGS = f"widths {WIDTHS} {sorted(ENCODERS.items())!r}"
_ROTATED = {5, 6, 7, 8}  #: EXIF orientations that swap width and height


@dataclass(frozen=True)
class Variant:
    path: str  #: site path, e.g. "/static/img/muse-spark-960.3f2a9c1b7d.webp"
    width: int
    height: int
    format: str  #: "webp", "jpeg" or "png"


@dataclass(frozen=True)
class ImageSet:
    """One local picture and the variants made of it."""

    src: str  #: as in the front matter, "/images/muse-spark.jpg"
    key: str  #: hash of the picture's bytes and the processing settings
    width: int  #: the picture's own size, upright (EXIF orientation applied)
    height: int
    variants: tuple[Variant, ...]  #: narrowest first; WebP before the original format
    source: str  #: the article that first showed it, for error messages
    line: int
    size: int = 0  #: the original file's bytes (a feed enclosure's length)

    def of_format(self, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == fmt)

    @property
    def fallback(self) -> Variant | None:
        """The original-format variant for `src`: the widest up to FALLBACK_WIDTH."""
        own = [v for v in self.variants if v.format != "webp"] or list(self.variants)
        fitting = [v for v in own if v.width <= FALLBACK_WIDTH]
        return (fitting or own)[-1] if own else None


ImageIndex = Mapping[str, ImageSet]  #: front-matter src -> its variants


class Wanted(NamedTuple):
    """A local picture a page shows, and where it is first named (for errors)."""

    src: str  #: site path: "/images/a.jpg"
    source: str
    line: int


def plan_images(
    content_dir: Path,
    articles: Iterable[Article | LiveUpdate],
    cache: BuildCache | None = None,
    more: Iterable[Wanted] = (),
) -> tuple[dict[str, ImageSet], list[Diagnostic]]:
    """The variants of every local image these articles show, by their `src`: their
    heroes, then `more` (the pictures of their bodies). A picture whose file is as the
    last build found it (filestat.py) is not read again."""
    wanted = [
        Wanted(a.image.src, a.source, a.line_of("image"))
        for a in articles
        # a missing or unreadable hero was reported by the loader
        if a.image is not None and not a.image.external and a.image.width is not None
    ]
    found: dict[str, ImageSet] = {}
    problems: list[Diagnostic] = []
    known = KnownFiles(cache, "pictures", f"{content_dir}\n{SETTINGS}")
    for src, source, line in [*wanted, *more]:
        if src in found:
            continue
        path = content_dir / src.lstrip("/")
        sig = signature(str(path))
        seen = known.get(src, sig)
        if seen is None:
            try:
                seen = _examine(path.read_bytes())
            except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
                problems.append(error(source, line, "image", f"{src!r} is not a readable image"))
                continue
        known.put(src, sig, seen)
        fmt, width, height, key = seen
        variants = variants_for(src, key, width, height, FORMATS.get(fmt))
        size = sig[0] if sig else 0
        found[src] = ImageSet(src, key, width, height, variants, source, line, size)
    known.save()
    return found, problems


def _examine(data: bytes) -> tuple[str, int, int, str]:
    """A picture's format, upright size and key (the hash of its bytes and SETTINGS)."""
    with PILImage.open(io.BytesIO(data)) as picture:
        fmt, (width, height) = picture.format or "", picture.size
        if picture.getexif().get(0x0112) in _ROTATED:
            width, height = height, width
    return fmt, width, height, content_hash("image", data, SETTINGS)


def variants_for(
    src: str, key: str, width: int, height: int, own: str | None
) -> tuple[Variant, ...]:
    """The variants of a `width`×`height` picture whose own format is `own`."""
    if own is None:
        return ()
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    stem = PurePosixPath(src).stem
    formats = ["webp"] if own == "webp" else ["webp", own]
    return tuple(
        Variant(
            f"/{FOLDER}/{stem}-{w}.{key[:10]}.{SUFFIXES[fmt]}",
            w,
            max(1, round(height * w / width)),
            fmt,
        )
        for fmt in formats
        for w in widths
    )


def render_variants(data: bytes, image: ImageSet) -> dict[str, bytes]:
    """Every variant of a picture, made with Pillow: output path -> bytes."""
    with PILImage.open(io.BytesIO(data)) as opened:
        picture = ImageOps.exif_transpose(opened)
        icc = opened.info.get("icc_profile")
    if picture.mode not in ("RGB", "RGBA", "L"):  # palettes, CMYK, 16-bit: resample well
        clear = "A" in picture.mode or "transparency" in picture.info
        picture = picture.convert("RGBA" if clear else "RGB")
    made: dict[str, bytes] = {}
    for variant in image.variants:
        resized = picture
        if (variant.width, variant.height) != picture.size:
            resized = picture.resize(
                (variant.width, variant.height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
            )
        if (variant.format == "jpeg" and resized.mode == "RGBA") or (
            variant.format == "webp" and resized.mode == "L"
        ):
            resized = resized.convert("RGB")
        options = dict(ENCODERS[variant.format])
        if icc:
            options["icc_profile"] = icc
        buffer = io.BytesIO()
        resized.save(buffer, **options)
        made[variant.path] = buffer.getvalue()
    return made


Write = Callable[[str, bytes], None]


def write_images(
    images: ImageIndex,
    content_dir: Path,
    cache: PictureCache | None,
    write: Write,
    jobs: int = 1,
) -> list[Diagnostic]:
    """Hand every variant to `write` (output path without the leading slash, bytes).

    With a `cache`, a picture is processed only when its hash is not there yet."""
    todo = sorted(images.values(), key=lambda i: i.src)

    def produce(image: ImageSet) -> dict[str, bytes] | Diagnostic:
        cached = _read_cached(cache, image)
        if cached is not None:
            return cached
        try:
            made = render_variants((content_dir / image.src.lstrip("/")).read_bytes(), image)
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
            return error(
                image.source, image.line, "image", f"{image.src!r} cannot be processed: {exc}"
            )
        _store(cache, image, made)
        return made

    problems: list[Diagnostic] = []
    written: set[str] = set()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for result in pool.map(produce, todo):
            if isinstance(result, Diagnostic):
                problems.append(result)
                continue
            for path, data in sorted(result.items()):
                if path not in written:  # two copies of one picture share their variants
                    written.add(path)
                    write(path.lstrip("/"), data)
    return problems


def _cached_name(variant: Variant) -> str:
    return f"{variant.width}.{SUFFIXES[variant.format]}"


def _read_cached(cache: PictureCache | None, image: ImageSet) -> dict[str, bytes] | None:
    """The variants kept for the picture, if they are all there and sealed."""
    if cache is None or not image.variants:
        return None
    folder = cache.folder / image.key
    try:
        files = {_cached_name(v): (folder / _cached_name(v)).read_bytes() for v in image.variants}
    except OSError:
        return None
    if not cache.sealed(image.key, files):
        return None
    return {v.path: files[_cached_name(v)] for v in image.variants}


def _store(cache: PictureCache | None, image: ImageSet, made: Mapping[str, bytes]) -> None:
    """Keep the variants for later builds, sealed; each file appears whole or not at all."""
    if cache is None or not image.variants:
        return
    folder = cache.folder / image.key
    files = {_cached_name(v): made[v.path] for v in image.variants}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in [*files.items(), (SEAL, cache.seal(image.key, files))]:
            handle, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temp, folder / name)
    except OSError:  # a read-only or full cache only costs time on the next build
        return


def claimed_paths(images: ImageIndex) -> list[tuple[str, ImageSet]]:
    """Every output path the variants take (without the leading slash), with its owner."""
    found = {v.path: image for image in images.values() for v in image.variants}
    return [(path.lstrip("/"), image) for path, image in sorted(found.items())]
