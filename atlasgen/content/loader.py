"""The only reader of content/: files -> `ContentSet` plus diagnostics.

Articles are parsed, filtered by the build's "now", drafts and future flags, given
their URLs, and cross-checked (one article per URL, pinned related slugs exist,
aliases do not collide). Data files become `data.<stem>`; every other file is a static
file copied as is.

The stages, each in its own module: `walk` lists the files, `filekeys` finds the articles
parsed before (the build cache), `parsepool` parses the rest, `imagesizes` measures the
pictures and `links` checks the articles against each other. Articles and problems come
out in the walk's order whichever way they were parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from ..config import SiteConfig
from ..core.cache import BuildCache
from ..core.errors import Diagnostic, error
from ..core.filestat import KnownFiles, Signature
from .filekeys import Lookup, Outcome, read_files
from .imagesizes import with_image_size
from .layout import CONTENT
from .links import check_links
from .live import UpdateSelection, attach_updates, read_updates, update_owners
from .model import Article, ContentSet, newest_first
from .parsepool import ParseRun, parse_missing
from .reading import parse_settings
from .walk import walk_content


@dataclass(frozen=True)
class Selection:
    """Which articles this build publishes."""

    now: datetime
    drafts: bool = False
    future: bool = False


def load_content(
    site_dir: Path,
    config: SiteConfig,
    selection: Selection,
    cache: BuildCache | None = None,
    used: list[str] | None = None,
    jobs: int = 1,
    stats: Mapping[str, Signature] | None = None,
) -> tuple[ContentSet, list[Diagnostic]]:
    """Read every file under content/; return what was found and every problem.

    With a `cache`, front matter whose file bytes were parsed before is not parsed again;
    the cache keys this build used are appended to `used`. Many files left to parse are
    shared out among `jobs` processes. `stats`: the files' signatures by their path under
    content/, when the caller took them already (before anything was read)."""
    content_dir = site_dir / CONTENT
    found: list[Diagnostic] = []
    if not content_dir.is_dir():
        return ContentSet(()), [error(CONTENT, 0, "", f"no {CONTENT}/ folder in {site_dir}")]
    stored = cache.articles.parsed() if cache is not None else {}
    rels = walk_content(content_dir, site_dir, found)
    owners = update_owners(rels)  # a live blog's updates are no articles
    updates = read_updates(str(content_dir), owners, config.tz, found)
    rels = [rel for rel in rels if rel not in owners]
    settings = parse_settings(config)
    known = KnownFiles(cache, "article files", f"{content_dir}\n{settings}")
    lookup = Lookup(str(content_dir), settings, stored, [] if used is None else used, known, stats)
    files = read_files(content_dir, rels, lookup)
    stored.clear()  # the entries of deleted or edited files
    parse_missing(files, ParseRun(content_dir, config, cache, jobs), lookup)
    known.save()
    sizes = KnownFiles(cache, "picture sizes", str(content_dir))
    articles, failed = _measured(files.outcomes, content_dir, found, sizes)
    shown = UpdateSelection(selection.now, selection.drafts, selection.future)
    live = attach_updates(articles, updates, shown, set(failed))
    articles = [_sized_updates(a, content_dir, found, sizes) for a in live.articles]
    found.extend(live.problems)
    sizes.save()

    found.extend(check_links(articles, frozenset(PurePosixPath(f).stem for f in failed)))
    published, scheduled, drafts = _select(articles, selection)
    content = ContentSet(
        articles=newest_first(published),
        scheduled=newest_first(scheduled),
        drafts=tuple(drafts),
        data=MappingProxyType(files.data),
        data_sources=MappingProxyType(files.data_sources),
        static_files=tuple(files.static),
        failed=tuple(sorted(failed)),
        held_updates=live.held,
    )
    return content, found


def _measured(
    outcomes: list[Outcome], content_dir: Path, found: list[Diagnostic], sizes: KnownFiles
) -> tuple[list[Article], list[str]]:
    """The parsed articles with their pictures measured, and the files that failed;
    every problem goes to `found`."""
    articles: list[Article] = []
    failed: list[str] = []
    for article, problems in outcomes:
        found.extend(problems)
        if article is not None:
            articles.append(with_image_size(article, content_dir, found, sizes))
        else:
            failed += {d.path for d in problems if d.path.endswith(".md")}
    return articles, failed


def _sized_updates(
    article: Article, content_dir: Path, found: list[Diagnostic], sizes: KnownFiles
) -> Article:
    """A live blog with its updates' local pictures measured, like a story's."""
    if not any(u.image for u in article.updates):
        return article
    updates = tuple(with_image_size(u, content_dir, found, sizes) for u in article.updates)
    return replace(article, updates=updates)


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
