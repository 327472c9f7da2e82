"""Live blogs' updates: the Markdown files in the folder named after a live blog's file
(`content/world/election-live.md` -> `content/world/election-live/*.md`), one per update,
so several writers can post at once without touching the same file.

An update is never an article: the walk's files in such a folder are taken out before
the articles are read, parsed here (front matter checked like an article's, every problem
at the file's own line), held back like articles (drafts, scheduled ones) and attached to
their blog, newest first with the pinned ones ahead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.hashing import digest
from ..core.slugs import is_slug, slugify
from .frontkeys import KEYS, Context
from .layout import CONTENT, article_stem, is_article_file
from .model import Article, FrozenMap, LiveUpdate
from .problems import Problem
from .reading import decoded, read_bytes
from .references import find_links
from .yamllines import read_front

#: An update's front-matter keys, each checked as the article key of the same kind.
UPDATE_KEYS = {
    "published": KEYS["published"],
    "title": KEYS["title"],
    "authors": KEYS["authors"],
    "image": KEYS["image"],
    "pinned": KEYS["draft"],
    "draft": KEYS["draft"],
}


def update_owners(rels: Iterable[str]) -> dict[str, str]:
    """Each Markdown file (path relative to content/) that sits in a folder named like an
    article file beside it, mapped to that article's source ("content/world/x.md")."""
    rels = list(rels)
    stems = {rel[: rel.rindex(".")]: rel for rel in rels if is_article_file(rel)}
    owners: dict[str, str] = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        if folder in stems and is_article_file(name):
            owners[rel] = f"{CONTENT}/{stems[folder]}"
    return {rel: owner for rel, owner in owners.items() if owner[len(CONTENT) + 1 :] not in owners}


def read_updates(
    content_dir: str, owners: dict[str, str], zone: tzinfo, found: list[Diagnostic]
) -> dict[str, list[LiveUpdate]]:
    """Every update file read and parsed, by its blog's source; problems go to `found`."""
    updates: dict[str, list[LiveUpdate]] = defaultdict(list)
    for rel, owner in sorted(owners.items()):
        source = f"{CONTENT}/{rel}"
        raw = read_bytes(f"{content_dir}/{rel}", source, found)
        text = None if raw is None else decoded(raw, source, found)
        if raw is None or text is None:
            continue
        update, problems = parse_update(text, source, zone)
        found.extend(problems)
        if update is not None:
            updates[owner].append(replace(update, key=digest("update", source, raw)))
    return updates


UPDATE_STARTS = "an update starts with a '---' line, then 'published:' and its time"


def parse_update(
    text: str, source: str, zone: tzinfo
) -> tuple[LiveUpdate | None, list[Diagnostic]]:
    """One update's text -> the update (None when it has errors) and every diagnostic."""
    read = read_front(text, source, UPDATE_STARTS)
    if isinstance(read, Diagnostic):
        return None, [read]
    split, front = read
    found: list[Diagnostic] = []
    values = _checked(front.data, front.lines, front.item_lines, source, zone, found)
    stem = article_stem(source.rsplit("/", 1)[-1])
    if not is_slug(stem):
        example = slugify(stem) or "polls-close"
        hint = f"lowercase letters, digits and single hyphens, e.g. '{example}.md'"
        found.append(error(source, 1, "", f"the file name {stem!r} is not a valid update id", hint))
    if not split.body.strip() and not values.get("title"):
        found.append(error(source, 1, "", "an update needs a title or some text"))
    if any(d.severity == "error" for d in found):
        return None, found
    update = LiveUpdate(
        source=source,
        stem=stem,
        body=split.body,
        body_line=split.body_line,
        lines=FrozenMap(front.lines),
        links=find_links(split.body, split.body_line),
        **values,
    )
    return update, found


def _checked(
    data: dict[str, Any],
    lines: dict[str, int],
    item_lines: dict[str, tuple[int, ...]],
    source: str,
    zone: tzinfo,
    found: list[Diagnostic],
) -> dict[str, Any]:
    """Each key's checked value; its problems, at the key's or the item's line, in `found`."""
    values: dict[str, Any] = {}
    first = min(lines.values(), default=2)
    for key, value in data.items():
        line = lines.get(key, first)
        checker = UPDATE_KEYS.get(key)
        if checker is None:
            found.append(warning(source, line, key, "unknown key", suggest(key, UPDATE_KEYS)))
            continue
        ctx = Context(zone, item_lines.get(key, ()), [])
        try:
            values[key] = checker(value, ctx)
        except Problem as exc:
            found.append(error(source, exc.line or line, key, str(exc), exc.hint))
        for caveat, hint in ctx.warnings:
            found.append(warning(source, line, key, caveat, hint))
    if "published" not in data:
        found.append(error(source, 1, "published", "is required", "the time the update went up"))
    return values


@dataclass(frozen=True)
class UpdateSelection:
    """Which updates a build shows: as for articles, drafts only with --drafts and
    scheduled ones (published after "now") only with --future."""

    now: datetime
    drafts: bool = False
    future: bool = False

    def shows(self, update: LiveUpdate) -> bool:
        if update.draft and not self.drafts:
            return False
        return update.published <= self.now or self.future


@dataclass(frozen=True)
class Attached:
    """The articles with their updates, the updates held back, and the problems."""

    articles: list[Article]
    held: tuple[LiveUpdate, ...]
    problems: list[Diagnostic]


def attach_updates(
    articles: list[Article],
    updates: dict[str, list[LiveUpdate]],
    selection: UpdateSelection,
    unparsed: set[str],
) -> Attached:
    """Give each live blog the updates this build shows; an update of an article that is
    not a live blog is an error (one whose article has errors of its own is left be:
    `unparsed` are the sources of the article files that failed)."""
    by_source = {a.source: a for a in articles}
    problems: list[Diagnostic] = []
    held: list[LiveUpdate] = []
    for owner, found in sorted(updates.items()):
        blog = by_source.get(owner)
        if blog is None or not blog.live:
            if owner not in unparsed:
                problems += [_not_live(update, owner) for update in found]
            continue
        shown = [u for u in found if selection.shows(u)]
        held += [u for u in found if not selection.shows(u)]
        by_source[owner] = with_updates(blog, shown)
    result = [by_source[a.source] for a in articles]
    return Attached(result, tuple(sorted(held, key=lambda u: u.published)), problems)


def _not_live(update: LiveUpdate, owner: str) -> Diagnostic:
    folder = update.source.rsplit("/", 1)[0]
    return error(
        update.source,
        1,
        "",
        f"is an update of {owner}, which is not a live blog",
        f"add 'live: true' to {owner}, or move the file out of {folder}/",
    )


def with_updates(blog: Article, updates: list[LiveUpdate]) -> Article:
    """The blog with its updates in page order: pinned first, then newest first (ties by
    file name), and a hash of them for the blog's stamps."""
    ordered = tuple(sorted(updates, key=lambda u: (not u.pinned, -u.published.timestamp(), u.stem)))
    key = digest("updates", *(f"{u.source} {u.key}" for u in ordered)) if ordered else ""
    return replace(blog, updates=ordered, updates_key=key)


def newest_update(blog: Article) -> LiveUpdate | None:
    """The most recent update shown, pinned or not."""
    return max(blog.updates, key=lambda u: (u.published, u.stem), default=None)


def next_scheduled_update(
    blogs: Iterable[Article], held: Iterable[LiveUpdate], now: datetime
) -> Article | None:
    """The next scheduled update of a published live blog, as a stand-in article (the
    update's file and time, the blog's URL with the update's id) for a build's summary,
    so a CI schedule rebuilds when it is due; None when there is none."""
    by_folder = {a.source[: a.source.rindex(".")]: a for a in blogs if a.live}
    due = [u for u in held if not u.draft and u.published > now]
    for update in sorted(due, key=lambda u: (u.published, u.source)):
        blog = by_folder.get(update.source.rsplit("/", 1)[0])
        if blog is not None:
            url = f"{blog.url}#{update.anchor}"
            return replace(blog, source=update.source, published=update.published, url=url)
    return None
