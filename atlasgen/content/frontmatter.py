"""Article text -> validated `Article`, with every problem pointing at the file's own line.

Three steps, each in its own module: `fences` splits the file into front matter and body,
`yamllines` reads the YAML with the file line of each key and item, and `frontkeys`
checks each key's value. What is left here is checking the keys together (required ones,
dates in order, a slug for the file) and making the article.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.slugs import is_slug, url_slug
from .fences import Split
from .frontkeys import KEYS, MAX_SLUG, REQUIRED, Context
from .layout import article_stem
from .model import Article, FrozenMap
from .problems import Problem
from .yamllines import FrontYaml, read_front

ARTICLE_STARTS = "an article starts with a '---' line, then title, published, category"


def parse_article(
    text: str,
    source: str,
    zone: tzinfo,
    default_author: str = "",
    languages: tuple[str, ...] = ("en",),
) -> tuple[Article | None, list[Diagnostic]]:
    """Parse one article's text. Returns the article (None when it has errors) and
    every diagnostic found, errors and warnings. `languages`: the site's, the default
    first (a story's `lang` is one of them, the first when it names none)."""
    read = read_front(text, source, ARTICLE_STARTS)
    if isinstance(read, Diagnostic):
        return None, [read]
    split, front = read
    found: list[Diagnostic] = []
    first = split.front_offset + 1
    values = _checked_values(front, source, (zone, languages), first, found)
    if any(d.severity == "error" for d in found):
        return None, found
    stem = article_stem(source.rsplit("/", 1)[-1])
    if "slug" not in values and (problem := _file_name_problem(stem, source)) is not None:
        found.append(problem)
        return None, found
    if "authors" not in values and default_author:
        values["authors"] = (default_author,)
    values.setdefault("lang", languages[0])
    return _article(source, stem, split, front, values), found


def _checked_values(
    front: FrontYaml,
    source: str,
    site: tuple[tzinfo, tuple[str, ...]],
    first: int,
    found: list[Diagnostic],
) -> dict[str, Any]:
    """Each key's checked value; problems with the keys are added to `found`. `site` is
    the site's zone and languages; `first` the line of a key that has none of its own
    (merged with `<<`, or not text)."""
    zone, languages = site
    values: dict[str, Any] = {}
    for key, value in front.data.items():
        line = front.lines.get(key, first)
        checker = KEYS.get(key)
        if checker is None:
            found.append(warning(source, line, key, "unknown key", suggest(key, KEYS)))
            continue
        ctx = Context(zone, front.item_lines.get(key, ()), [], languages)
        try:
            values[key] = checker(value, ctx)
        except Problem as exc:
            found.append(error(source, exc.line or line, key, str(exc), exc.hint))
        for caveat, hint in ctx.warnings:
            found.append(warning(source, line, key, caveat, hint))
    for key in REQUIRED:
        if key not in front.data:
            found.append(error(source, 1, key, "is required"))
    for key in ("updated", "live_ended"):
        found.extend(_before_published(key, values, source, front.lines.get(key, first)))
    if "live_ended" in values and not values.get("live"):
        line = front.lines.get("live_ended", first)
        found.append(error(source, line, "live_ended", "only a live blog ends", "add 'live: true'"))
    return values


def _before_published(key: str, values: dict[str, Any], source: str, line: int) -> list[Diagnostic]:
    """An error if the time under `key` comes before the article's `published`."""
    moment, published = values.get(key), values.get("published")
    if moment and published and moment < published:
        text = f"{moment.isoformat()} is before published ({published.isoformat()})"
        return [error(source, line, key, text)]
    return []


def _file_name_problem(stem: str, source: str) -> Diagnostic | None:
    """Why the file's name cannot be the slug of an article that gives none, if it cannot."""
    if len(stem) > MAX_SLUG and is_slug(stem):
        return error(
            source,
            1,
            "slug",
            f"the file name is {len(stem)} characters long; at most {MAX_SLUG}",
            "rename the file or add a shorter 'slug:'",
        )
    if not is_slug(stem):
        latin = url_slug(stem)
        if not latin:  # a script with no Latin transliteration: the writer chooses one
            return error(
                source,
                1,
                "slug",
                f"the file name {stem!r} has no Latin letters or digits to make a URL from",
                "add a 'slug:' of lowercase Latin letters, digits and hyphens, "
                "e.g. 'slug: oil-prices-fall'",
            )
        return error(
            source,
            1,
            "slug",
            f"the file name {stem!r} is not a valid slug",
            f"rename the file or add 'slug: {latin}'",
        )
    return None


def _article(
    source: str, stem: str, split: Split, front: FrontYaml, values: dict[str, Any]
) -> Article:
    return Article(
        source=source,
        slug=values.pop("slug", stem),
        body=split.body,
        body_line=split.body_line,
        lines=FrozenMap(front.lines),
        item_lines=FrozenMap(front.item_lines),
        **values,
    )
