"""Parsing the article files the cache had no entry for, shared out among forked
processes when there are many; entries come back in the files' order either way.

The workers inherit the texts (or read the files themselves, on a first build) and send
back only the articles without their bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import SiteConfig
from ..core.cache import BuildCache
from ..core.errors import Diagnostic
from ..core.forking import forked_map, spans, worker_count
from ..core.urls import article_url, edition_prefix
from .filekeys import Entry, FoundFiles, Lookup, Todo, restored
from .frontmatter import parse_article
from .mediaplan import empty_alt_warnings
from .model import card_key
from .reading import parse_settings, read_article
from .references import story_links

MIN_PARALLEL = 500  #: below this many files to parse, forking costs more than it saves


@dataclass(frozen=True)
class ParseRun:
    """How this build parses: with which settings, into which cache, in how many
    processes."""

    content_dir: Path
    config: SiteConfig
    cache: BuildCache | None
    jobs: int


def parse_missing(files: FoundFiles, run: ParseRun, lookup: Lookup) -> None:
    """Parse the files not found in the cache, and store them there."""
    entries = _parse_all(files.missing, run) if files.missing else []
    while files.missing:  # the last first, each text let go once it is parsed
        todo = files.missing.pop()
        key, entry = entries.pop()
        if key is not None:
            if todo.key is None:  # read by the parsing process
                lookup.used.append(key)
                lookup.known.put(todo.rel, todo.sig, key)
            if run.cache is not None:
                run.cache.articles.put(key, entry)
        files.outcomes[todo.number] = restored(entry)


def _parse_all(missing: Sequence[Todo], run: ParseRun) -> list[tuple[str | None, Entry]]:
    """Each missing file's key (None: unreadable) and entry, in order."""
    workers = worker_count(run.jobs, len(missing), MIN_PARALLEL)
    folder, config = str(run.content_dir), run.config

    def parse_part(bounds: tuple[int, int]) -> list[tuple[str | None, Entry]]:
        start, stop = bounds
        return [_parse_todo(todo, folder, config) for todo in missing[start:stop]]

    parts = spans(len(missing), workers * 4)  # a few parts each, so they end together
    return [entry for part in forked_map(parse_part, parts, workers) for entry in part]


def _parse_todo(todo: Todo, content_dir: str, config: SiteConfig) -> tuple[str | None, Entry]:
    """The file's key and entry, reading it first if it was not read yet."""
    key, text = todo.key, todo.text
    if key is None or text is None:
        problems: list[Diagnostic] = []
        read = read_article(
            f"{content_dir}/{todo.rel}", todo.source, parse_settings(config), problems
        )
        if read is None:
            return None, (None, tuple(problems), 0)
        key, text = read
    return key, parse_entry(text, todo.source, key, config)


def parse_entry(text: str, source: str, key: str, config: SiteConfig) -> Entry:
    """parse_article, with the article's URL and key, and without its body."""
    languages = config.editions
    article, problems = parse_article(text, source, config.tz, config.default_author, languages)
    if article is None:
        return None, tuple(problems), len(text)
    url = article_url(
        config.build.permalink,
        article.slug,
        article.category_slug,
        article.published,
        config.tz,
    )
    url = edition_prefix(article.lang, languages) + url
    start = len(text) - len(article.body)  # the body is the end of the text
    links = story_links(article)  # while the body is at hand: it is not kept
    problems += empty_alt_warnings(article.body, source, article.body_line)
    article = replace(article, url=url, key=key, body="", body_start=start, links=links)
    return replace(article, card=card_key(article)), tuple(problems), start
