"""Article text -> validated `Article`, with every problem pointing at the file's own line.

The only importer of python-frontmatter and PyYAML. YAML marks count from the start of
the front-matter block; we add the block's offset so that the writer sees the line of
the file itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.slugs import is_slug, slugify
from ..core.times import TimeProblem, to_instant
from .model import Article, Correction, FrozenMap, Image

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date ("2026-02-30") stays text: PyYAML
    would raise a bare ValueError with no line; as text, the key's checker reports it."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_BOUNDARY: re.Pattern[str] = YAMLHandler.FM_BOUNDARY
MAX_TAKEAWAYS = 6
MAX_SLUG = 120


class Problem(ValueError):
    """A bad value; raised by the key checkers below and reported at the key's line."""

    def __init__(self, message: str, hint: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.line = line


@dataclass(frozen=True)
class Context:
    """What the key checkers need besides the value itself."""

    zone: tzinfo
    item_lines: tuple[int, ...]
    warnings: list[tuple[str, str]]


@dataclass(frozen=True)
class Split:
    front: str
    body: str
    front_offset: int  # lines of the file before the first line of `front`
    body_line: int


def split_front_matter(text: str) -> Split | None:
    """Separate the YAML block from the body; None when the file (after any blank
    lines) does not start with '---'."""
    blank_lines = re.match(r"(?:[ \t]*\r?\n)*", text)
    first = _BOUNDARY.match(text, blank_lines.end() if blank_lines else 0)
    if first is None:
        return None
    closing = _BOUNDARY.search(text, first.end())
    if closing is None:
        raise Problem("the front matter has no closing '---' line", line=1)
    return Split(
        front=text[first.end() : closing.start()],
        body=text[closing.end() + 1 :],
        front_offset=text.count("\n", 0, first.end()),
        body_line=text.count("\n", 0, closing.end()) + 2,
    )


# -- the keys -------------------------------------------------------------------------


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


def _names(value: Any, ctx: Context) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Problem(f"expected a list of names, got {_kind(value)}", "e.g. [Meta, AI]")
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
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Problem(f"expected a list of article slugs, got {_kind(value)}")
    found: list[str] = []
    for i, item in enumerate(items):
        try:
            found.append(_slug(item, ctx))
        except Problem as exc:
            raise Problem(str(exc), exc.hint, line=_at(ctx, i)) from None
    return tuple(found)


def _takeaways(value: Any, ctx: Context) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Problem(f"expected a list of 1–{MAX_TAKEAWAYS} short texts, got {_kind(value)}")
    if not 1 <= len(value) <= MAX_TAKEAWAYS:
        raise Problem(f"has {len(value)} items; give 1 to {MAX_TAKEAWAYS}")
    items = []
    for i, item in enumerate(value):
        try:
            items.append(_required_text(item, ctx))
        except Problem as exc:
            raise Problem(str(exc), exc.hint, line=_at(ctx, i)) from None
    return tuple(items)


def _image(value: Any, ctx: Context) -> Image:
    if isinstance(value, str):
        raise Problem(
            "expected a mapping with src and alt",
            "image:\\n  src: /images/a.jpg\\n  alt: What the picture shows",
        )
    if not isinstance(value, dict):
        raise Problem(f"expected a mapping with src and alt, got {_kind(value)}")
    unknown = [k for k in value if k not in ("src", "alt", "credit", "caption")]
    if unknown:
        raise Problem(
            f"unknown key '{unknown[0]}'",
            suggest(str(unknown[0]), ("src", "alt", "credit", "caption")),
        )
    if "src" not in value:
        raise Problem("src is required")
    if "alt" not in value:
        raise Problem(
            "alt is required with an image", "describe the picture for readers who cannot see it"
        )
    src = _required_text(value["src"], ctx)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not src.startswith("https://"):
        raise Problem(f"src {src!r} must be a file under content/ or an https:// URL")
    if not src.startswith("https://"):
        src = "/" + src.lstrip("/")
        if ".." in src.split("/"):
            raise Problem(f"src {src!r} must not leave content/")
    return Image(
        src=src,
        alt=_required_text(value["alt"], ctx),
        credit=_text(value.get("credit", ""), ctx),
        caption=_text(value.get("caption", ""), ctx),
    )


def _aliases(value: Any, ctx: Context) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Problem(f"expected a list of URL paths, got {_kind(value)}")
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
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"date", "text"}:
            raise Problem("each correction needs exactly 'date' and 'text'", line=_at(ctx, i))
        try:
            found.append(
                Correction(_timestamp(item["date"], ctx), _required_text(item["text"], ctx))
            )
        except Problem as exc:
            raise Problem(str(exc), exc.hint, line=_at(ctx, i)) from None
    return tuple(found)


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
    "extra": _mapping,
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


# -- parsing --------------------------------------------------------------------------


def parse_article(
    text: str, source: str, zone: tzinfo, default_author: str = ""
) -> tuple[Article | None, list[Diagnostic]]:
    """Parse one article's text. Returns the article (None when it has errors) and
    every diagnostic found, errors and warnings."""
    text = text.removeprefix("\ufeff")
    try:
        split = split_front_matter(text)
    except Problem as exc:
        return None, [error(source, exc.line or 1, "", str(exc))]
    if split is None:
        return None, [
            error(
                source,
                1,
                "",
                "no front matter",
                "an article starts with a '---' line, then title, published, category",
            )
        ]
    try:
        data, lines, item_lines = _load_yaml(split.front, split.front_offset)
    except Problem as exc:
        return None, [error(source, exc.line or 1, "", str(exc), exc.hint)]

    found: list[Diagnostic] = []
    values: dict[str, Any] = {}
    first = split.front_offset + 1
    for key, value in data.items():
        line = lines.get(key, first)  # not a key of its own: merged (<<) or not text
        checker = KEYS.get(key)
        if checker is None:
            found.append(warning(source, line, key, "unknown key", suggest(key, KEYS)))
            continue
        ctx = Context(zone, item_lines.get(key, ()), [])
        try:
            values[key] = checker(value, ctx)
        except Problem as exc:
            found.append(error(source, exc.line or line, key, str(exc), exc.hint))
        for caveat, hint in ctx.warnings:
            found.append(warning(source, line, key, caveat, hint))
    for key in REQUIRED:
        if key not in data:
            found.append(error(source, 1, key, "is required"))
    updated, published = values.get("updated"), values.get("published")
    if updated and published and updated < published:
        found.append(
            error(
                source,
                lines.get("updated", first),
                "updated",
                f"{updated.isoformat()} is before published ({published.isoformat()})",
            )
        )
    if any(d.severity == "error" for d in found):
        return None, found

    stem = source.rsplit("/", 1)[-1].removesuffix(".md")
    if "slug" not in values and len(stem) > MAX_SLUG and is_slug(stem):
        found.append(
            error(
                source,
                1,
                "slug",
                f"the file name is {len(stem)} characters long; at most {MAX_SLUG}",
                "rename the file or add a shorter 'slug:'",
            )
        )
        return None, found
    if "slug" not in values and not is_slug(stem):
        found.append(
            error(
                source,
                1,
                "slug",
                f"the file name {stem!r} is not a valid slug",
                f"rename the file or add 'slug: {slugify(stem) or 'my-story'}'",
            )
        )
        return None, found
    if "authors" not in values and default_author:
        values["authors"] = (default_author,)
    article = Article(
        source=source,
        slug=values.pop("slug", stem),
        body=split.body,
        body_line=split.body_line,
        lines=FrozenMap(lines),
        item_lines=FrozenMap(item_lines),
        **values,
    )
    return article, found


def _load_yaml(
    front: str, offset: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, tuple[int, ...]]]:
    """YAML mapping plus the file line of each key and of each item of list values."""
    try:
        try:
            node, data = _document(front, quick=True)
        except Exception:  # an error or a shared node: the library's own way, as before
            node, data = _document(front, quick=False)
        if node is None:
            return {}, {}, {}
    except yaml.MarkedYAMLError as exc:
        # Where a construct was opened (a quote, a bracket) is where the writer must look.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 + offset if mark else 1
        problem = exc.problem or str(exc)
        if exc.context and exc.problem_mark and exc.context_mark:
            problem += f" ({exc.context}; reached line {exc.problem_mark.line + 1 + offset})"
        raise Problem(f"invalid YAML: {problem}", _yaml_hint(problem), line=line) from None
    except yaml.YAMLError as exc:
        raise Problem(f"invalid YAML: {exc}", line=1 + offset) from None
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise Problem(
            "the front matter must be a mapping of keys to values",
            "e.g. title: My headline",
            line=node.start_mark.line + 1 + offset,
        )
    lines: dict[str, int] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1 + offset
        if key in lines:
            raise Problem(f"{key}: given twice (first on line {lines[key]})", line=line)
        lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = tuple(n.start_mark.line + 1 + offset for n in value_node.value)
    return {str(k): v for k, v in data.items()}, lines, item_lines


def _document(front: str, quick: bool) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree and its value, made by `_plain_value` if `quick`."""
    loader = Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return node, _plain_value(loader, node, set()) if quick else loader.construct_document(node)
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))


class _SharedNode(Exception):
    """An anchor used again (`*name`): left to the library, which shares the value."""


def _plain_value(loader: Loader, node: yaml.Node, seen: set[yaml.Node]) -> Any:
    """A node's value as `construct_document` makes it, with text, lists and text-keyed
    mappings (most of any front matter) made directly: the library makes each through
    generators and caches, at twice the cost. Any other node (dates, numbers, tags,
    merges) is made by the library."""
    if node in seen:
        raise _SharedNode
    seen.add(node)
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode and tag == _STR:
        return node.value
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_plain_value(loader, item, seen) for item in node.value]
    if (
        kind is yaml.MappingNode
        and tag == _MAP
        and all(type(key) is yaml.ScalarNode and key.tag == _STR for key, _ in node.value)
    ):
        return {key.value: _plain_value(loader, value, seen) for key, value in node.value}
    return loader.construct_object(node, deep=True)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value with ': ' in it needs quotes"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return ""


def parse_yaml_data(text: str) -> Any:
    """A YAML data file (content/_data/*.yaml); raises `Problem` with the line."""
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise Problem(f"invalid YAML: {exc.problem}", line=mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise Problem(f"invalid YAML: {exc}") from None
