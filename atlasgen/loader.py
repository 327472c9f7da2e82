"""The only reader of content/: files -> `ContentSet` plus diagnostics.

Articles are parsed, filtered by the build's "now", drafts and future flags, given
their URLs, and cross-checked (one article per URL, pinned related slugs exist,
aliases do not collide). Data files become `data.<stem>`; every other file is a static
file copied as is.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .cache import BuildCache, digest
from .config import SiteConfig, describe_toml_error
from .errors import Diagnostic, error
from .frontmatter import Problem, parse_article, parse_yaml_data
from .model import Article, ContentSet, newest_first
from .urls import article_url

CONTENT = "content"
DATA = "_data"
DATA_SUFFIXES = (".toml", ".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Selection:
    """Which articles this build publishes."""

    now: datetime
    drafts: bool = False
    future: bool = False


def _parse(
    text: str, source: str, config: SiteConfig, cache: BuildCache | None, used: list[str]
) -> tuple[Article | None, list[Diagnostic]]:
    """parse_article, with the article's URL and key, through the build cache when there
    is one."""
    settings = f"{config.timezone}\n{config.default_author}\n{config.build.permalink}"
    key = digest("article", source, text, settings)
    if cache is None:
        return _parse_with_url(text, source, config, key)
    used.append(key)
    found = cache.article(key)
    if found is None:
        found = _parse_with_url(text, source, config, key)
        cache.put_article(key, found)
    article, problems = found
    return article, list(problems)


def _parse_with_url(
    text: str, source: str, config: SiteConfig, key: str
) -> tuple[Article | None, list[Diagnostic]]:
    article, problems = parse_article(text, source, config.tz, config.default_author)
    if article is not None:
        url = article_url(
            config.build.permalink,
            article.slug,
            article.category_slug,
            article.published,
            config.tz,
        )
        article = replace(article, url=url, key=key)
    return article, problems


def load_content(
    site_dir: Path,
    config: SiteConfig,
    selection: Selection,
    cache: BuildCache | None = None,
    used: list[str] | None = None,
) -> tuple[ContentSet, list[Diagnostic]]:
    """Read every file under content/; return what was found and every problem.

    With a `cache`, front matter whose file bytes were parsed before is not parsed again;
    the cache keys this build used are appended to `used`."""
    used = [] if used is None else used
    content_dir = site_dir / CONTENT
    found: list[Diagnostic] = []
    if not content_dir.is_dir():
        return ContentSet(()), [error(CONTENT, 0, "", f"no {CONTENT}/ folder in {site_dir}")]
    articles: list[Article] = []
    static: list[str] = []
    data: dict[str, Any] = {}
    data_sources: dict[str, str] = {}
    for rel in _walk(content_dir, site_dir, found):
        source = f"{CONTENT}/{rel}"
        if rel.startswith(DATA + "/"):
            if rel.endswith(DATA_SUFFIXES) and rel.count("/") == 1:
                _load_data(content_dir / rel, source, data, found)
                if Path(rel).stem in data:
                    data_sources.setdefault(Path(rel).stem, source)
            continue
        if not rel.endswith(".md"):
            static.append(rel)
            continue
        text = _read_text(content_dir / rel, source, found)
        if text is None:
            continue
        article, problems = _parse(text, source, config, cache, used)
        found.extend(problems)
        if article is not None:
            articles.append(_with_image_size(article, content_dir, found))

    found.extend(_check_links(articles))
    published, scheduled, drafts = _select(articles, selection)
    content = ContentSet(
        articles=newest_first(published),
        scheduled=newest_first(scheduled),
        drafts=tuple(drafts),
        data=MappingProxyType(data),
        data_sources=MappingProxyType(data_sources),
        static_files=tuple(static),
    )
    return content, found


def _walk(root: Path, site_dir: Path, found: list[Diagnostic]) -> list[str]:
    """Relative paths of the files under root, sorted; hidden files and folders skipped.

    Symbolic links are followed only while they stay inside the site: one pointing outside
    is refused with an error (a checkout must not publish /etc/passwd). File names that are
    not UTF-8 are reported, as are unreadable folders."""
    site = site_dir.resolve()
    results: list[str] = []
    seen: set[Path] = set()

    def refuse(rel: str, message: str) -> None:
        found.append(error(f"{CONTENT}/{rel}", 0, "", message))

    def visit(folder: Path, rel_folder: str) -> None:
        real = folder.resolve()
        if real in seen:  # a link loop
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refuse(rel_folder or ".", f"cannot read the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            name = entry.name
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if _is_scratch(name):
                continue
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                shown = os.fsencode(name).decode("utf-8", "replace")
                refuse(
                    os.fsencode(rel).decode("utf-8", "replace"),
                    f"the name {shown!r} is not valid UTF-8; rename the file",
                )
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if target != site and site not in target.parents:
                    refuse(rel, f"is a symbolic link to {target}, outside the site; refused")
                    continue
            if entry.is_dir():  # DirEntry: no further system call for most entries
                visit(path, rel)
            elif entry.is_file():
                results.append(rel)
            elif not path.exists():  # a dangling link
                refuse(rel, "cannot read the file: No such file or directory")

    visit(root, "")
    return results


EDITOR_SCRATCH = (".swp", ".swo", ".swx", "~")


def _is_scratch(name: str) -> bool:
    """Hidden files and editors' swap, backup and probe files: never content."""
    return (
        name.startswith(".")
        or name.endswith(EDITOR_SCRATCH)
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"  # vim's write probe
    )


def _read_text(path: Path, source: str, found: list[Diagnostic]) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        found.append(error(source, 0, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        found.append(
            error(
                source,
                line,
                "",
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8",
            )
        )
        return None


def _with_image_size(article: Article, content_dir: Path, found: list[Diagnostic]) -> Article:
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
    try:
        with PILImage.open(path) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError):
        found.append(error(article.source, line, "image", f"{image.src!r} is not a readable image"))
        return article
    return replace(article, image=replace(image, width=width, height=height))


def _check_links(articles: list[Article]) -> list[Diagnostic]:
    """One article per URL; pinned related slugs exist; aliases collide with nothing."""
    found: list[Diagnostic] = []
    by_url: dict[str, list[Article]] = defaultdict(list)
    by_slug: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_url[article.url].append(article)
        by_slug[article.slug].append(article)
    for url, owners in by_url.items():
        for other in owners[1:]:
            found.append(
                error(
                    other.source,
                    other.line_of("slug"),
                    "slug",
                    f"{url} is also the URL of {owners[0].source}",
                    "give one of them another slug",
                )
            )
    aliases: dict[str, Article] = {}
    for article in articles:
        for i, slug in enumerate(article.related):
            if slug not in by_slug:
                found.append(
                    error(
                        article.source,
                        article.line_of("related", i),
                        "related",
                        f"no article has the slug {slug!r}",
                    )
                )
            elif slug == article.slug:
                found.append(
                    error(
                        article.source,
                        article.line_of("related", i),
                        "related",
                        "an article cannot be related to itself",
                    )
                )
        for i, alias in enumerate(article.aliases):
            line = article.line_of("aliases", i)
            if alias in by_url:
                found.append(
                    error(
                        article.source,
                        line,
                        "aliases",
                        f"{alias} is the URL of {by_url[alias][0].source}",
                    )
                )
            elif alias in aliases and aliases[alias] is not article:
                found.append(
                    error(
                        article.source,
                        line,
                        "aliases",
                        f"{alias} is also an alias of {aliases[alias].source}",
                    )
                )
            aliases[alias] = article
    return found


def _select(
    articles: list[Article], selection: Selection
) -> tuple[list[Article], list[Article], list[Article]]:
    published, scheduled, drafts = [], [], []
    for article in articles:
        if article.draft and not selection.drafts:
            drafts.append(article)
        elif article.published > selection.now and not selection.future:
            scheduled.append(article)
        else:
            published.append(article)
    return published, scheduled, drafts


def _load_data(path: Path, source: str, data: dict[str, Any], found: list[Diagnostic]) -> None:
    text = _read_text(path, source, found)
    if text is None:
        return
    stem = path.stem
    if stem in data:
        found.append(error(source, 0, "", f"another data file is also named {stem!r}"))
        return
    try:
        if path.suffix == ".toml":
            data[stem] = tomllib.loads(text)
        elif path.suffix == ".json":
            data[stem] = json.loads(text)
        else:
            data[stem] = parse_yaml_data(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(exc)
        found.append(error(source, line, "", f"invalid TOML: {message}"))
    except json.JSONDecodeError as exc:
        found.append(error(source, exc.lineno, "", f"invalid JSON: {exc.msg}"))
    except Problem as exc:
        found.append(error(source, exc.line or 0, "", str(exc), exc.hint))
