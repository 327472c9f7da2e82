"""The front matter's keys: one checker per key turns a YAML value into the model's value,
or raises `Problem` (at the key's line, or at the line of the item at fault)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, TypeVar

from ..core.errors import suggest
from ..core.slugs import is_slug, slugify
from ..core.times import TimeProblem, to_instant
from .model import Correction, FrozenMap, Image
from .problems import Problem

MAX_TAKEAWAYS = 6
MAX_SLUG = 120
IMAGE_KEYS = ("src", "alt", "credit", "caption")

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What the key checkers need besides the value itself."""

    zone: tzinfo
    item_lines: tuple[int, ...]
    warnings: list[tuple[str, str]]
    #: the site's languages, the default first (`SiteConfig.editions`)
    languages: tuple[str, ...] = ("en",)


def _text(value: Any, ctx: Context) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise Problem(
            f"expected text, got {str(value).lower()}",
            "YAML reads yes/no/on/off as true/false; put the text in quotes",
        )
    if isinstance(value, (int, float)):
        raise Problem(f"expected text, got the number {value!r}", "put the text in quotes")
    if value is None:
        raise Problem("is empty")
    raise Problem(f"expected text, got {_kind(value)}")


def _required_text(value: Any, ctx: Context) -> str:
    text = _text(value, ctx)
    if not text:
        raise Problem("must not be empty")
    return text


def _timestamp(value: Any, ctx: Context) -> datetime:
    try:
        moment, caveat = to_instant(value, ctx.zone)
    except TimeProblem as exc:
        raise Problem(str(exc), exc.hint) from None
    if caveat:
        ctx.warnings.append((caveat, "add an offset to say which"))
    return moment


def _listed(value: Any, what: str, hint: str = "") -> list[Any]:
    """A list value, one text standing for a list of one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Problem(f"expected a list of {what}, got {_kind(value)}", hint)
    return items


def _each(items: list[Any], ctx: Context, check: Callable[[Any, Context], T]) -> tuple[T, ...]:
    """Each item checked; a problem is reported at the item's own line."""
    found: list[T] = []
    for i, item in enumerate(items):
        try:
            found.append(check(item, ctx))
        except Problem as exc:
            raise Problem(str(exc), exc.hint, line=_at(ctx, i)) from None
    return tuple(found)


def _names(value: Any, ctx: Context) -> tuple[str, ...]:
    items = _listed(value, "names", "e.g. [Meta, AI]")
    names: list[str] = []
    for i, item in enumerate(items):
        name = _required_text(item, ctx) if not isinstance(item, list) else None
        if name is None:
            raise Problem("expected a list of names, got a nested list", line=_at(ctx, i))
        if not slugify(name):
            raise Problem(f"{name!r} has no letters or digits to make a URL from", line=_at(ctx, i))
        if name not in names:
            names.append(name)
    return tuple(names)


def _slug(value: Any, ctx: Context) -> str:
    text = _required_text(value, ctx)
    if not is_slug(text):
        example = slugify(text) or "my-story"
        raise Problem(
            f"{text!r} is not a valid slug",
            f"lowercase letters, digits and single hyphens, e.g. '{example}'",
        )
    if len(text) > MAX_SLUG:
        raise Problem(
            f"is {len(text)} characters long; at most {MAX_SLUG}",
            "long names break file systems and are cut off in search results",
        )
    return text


def _slugs(value: Any, ctx: Context) -> tuple[str, ...]:
    return _each(_listed(value, "article slugs"), ctx, _slug)


def _takeaways(value: Any, ctx: Context) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Problem(f"expected a list of 1–{MAX_TAKEAWAYS} short texts, got {_kind(value)}")
    if not 1 <= len(value) <= MAX_TAKEAWAYS:
        raise Problem(f"has {len(value)} items; give 1 to {MAX_TAKEAWAYS}")
    return _each(value, ctx, _required_text)


def _image(value: Any, ctx: Context) -> Image:
    if isinstance(value, str):
        raise Problem(
            "expected a mapping with src and alt",
            "image:\\n  src: /images/a.jpg\\n  alt: What the picture shows",
        )
    if not isinstance(value, dict):
        raise Problem(f"expected a mapping with src and alt, got {_kind(value)}")
    unknown = [k for k in value if k not in IMAGE_KEYS]
    if unknown:
        raise Problem(f"unknown key '{unknown[0]}'", suggest(str(unknown[0]), IMAGE_KEYS))
    if "src" not in value:
        raise Problem("src is required")
    if "alt" not in value:
        raise Problem(
            "alt is required with an image", "describe the picture for readers who cannot see it"
        )
    return Image(
        src=_image_src(_required_text(value["src"], ctx)),
        alt=_required_text(value["alt"], ctx),
        credit=_text(value.get("credit", ""), ctx),
        caption=_text(value.get("caption", ""), ctx),
    )


def _image_src(src: str) -> str:
    """An https:// URL as is, or a path under content/ starting with '/'."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not src.startswith("https://"):
        raise Problem(f"src {src!r} must be a file under content/ or an https:// URL")
    if not src.startswith("https://"):
        src = "/" + src.lstrip("/")
        if ".." in src.split("/"):
            raise Problem(f"src {src!r} must not leave content/")
    return src


def _aliases(value: Any, ctx: Context) -> tuple[str, ...]:
    items = _listed(value, "URL paths")
    found = []
    for i, item in enumerate(items):
        path = _required_text(item, ctx)
        if not path.startswith("/") or "//" in path or ".." in path.split("/"):
            raise Problem(
                f"{path!r} is not a site path", "e.g. /2024/04/old-story/", line=_at(ctx, i)
            )
        if not path.endswith(("/", ".html", ".htm")):
            path += "/"  # served as a folder's index.html, like every other page
        found.append(path)
    return tuple(found)


def _corrections(value: Any, ctx: Context) -> tuple[Correction, ...]:
    if not isinstance(value, list):
        raise Problem(f"expected a list of {{date, text}}, got {_kind(value)}")
    return _each(value, ctx, _correction)


def _correction(item: Any, ctx: Context) -> Correction:
    if not isinstance(item, dict) or set(item) != {"date", "text"}:
        raise Problem("each correction needs exactly 'date' and 'text'")
    return Correction(_timestamp(item["date"], ctx), _required_text(item["text"], ctx))


def _lang(value: Any, ctx: Context) -> str:
    """One of the site's languages, as site.toml spells it."""
    text = _required_text(value, ctx)
    if text not in ctx.languages:
        folded = {code.casefold(): code for code in ctx.languages}
        spelled = folded.get(text.casefold().replace("_", "-"))
        listed = ", ".join(ctx.languages)
        hint = f"write {spelled!r}" if spelled else "or add it to languages in site.toml"
        raise Problem(f"{text!r} is not a language of this site ({listed})", hint)
    return text


def _translation_key(value: Any, ctx: Context) -> str:
    """A name shared by the versions of one story in the site's languages."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `translation_key: 2026` names a story as well as text does
    return _required_text(value, ctx)


def _flag(value: Any, ctx: Context) -> bool:
    if not isinstance(value, bool):
        raise Problem(f"expected true or false, got {value!r}")
    return value


def _mapping(value: Any, ctx: Context) -> FrozenMap:
    if not isinstance(value, dict):
        raise Problem(f"expected a mapping, got {_kind(value)}")
    return FrozenMap(value)


Checker = Callable[[Any, Context], Any]

KEYS: dict[str, Checker] = {
    "title": _required_text,
    "published": _timestamp,
    "category": _required_text,
    "dek": _text,
    "slug": _slug,
    "tags": _names,
    "authors": _names,
    "updated": _timestamp,
    "takeaways": _takeaways,
    "image": _image,
    "related": _slugs,
    "aliases": _aliases,
    "corrections": _corrections,
    "draft": _flag,
    "live": _flag,
    "live_ended": _timestamp,
    "extra": _mapping,
    "lang": _lang,
    "translation_key": _translation_key,
}
REQUIRED = ("title", "published", "category")


def _kind(value: Any) -> str:
    return {
        list: "a list",
        dict: "a mapping",
        str: "text",
        bool: "true/false",
        type(None): "nothing",
    }.get(type(value), f"a {type(value).__name__}")


def _at(ctx: Context, index: int) -> int | None:
    return ctx.item_lines[index] if index < len(ctx.item_lines) else None
