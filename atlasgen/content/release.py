"""Which files under content/ a build publishes: each travels with the stories that use it.

A picture or PDF placed beside a scheduled story is as embargoed as the story: a file
that only held-back stories use (drafts, scheduled) is left out of the output until a
published story uses it, and then it appears in the very build that publishes that story.
Whatever the site itself shows (the publisher logo, author photos) is published; so is a
file nothing uses, as before, but each build counts those in a warning and
`atlasgen check` names them, since a stray upload is often a mistake.

Previews with `--drafts` or `--future` publish the stories they include, and with them
their files. Pure: it only compares paths, so a cached build and a clean one agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.errors import Diagnostic, warning
from .model import Article, LiveUpdate
from .references import files_used, update_files_used

CONTENT = "content"


@dataclass(frozen=True)
class Release:
    """The copied files of content/ (paths relative to it, sorted), in three kinds."""

    published: tuple[str, ...]  #: copied: used by a published story or the site, or unused
    held: tuple[str, ...]  #: used only by stories this build holds back: not copied
    unused: tuple[str, ...]  #: used by nothing: copied, with a warning


def release_files(
    files: Iterable[str],
    published: Iterable[Article],
    held: Iterable[Article],
    site_paths: Iterable[str] = (),
    held_updates: Iterable[tuple[LiveUpdate, str]] = (),
) -> Release:
    """Sort `files` (the content/ files that are neither articles nor data) by who uses
    them: `published` stories, `held` ones, or the site itself (`site_paths`, site
    paths such as "/images/logo.png"). Live updates held back count as held stories,
    each with the URL of its blog's page."""
    shown = {path.lstrip("/") for path in site_paths}
    for article in published:
        shown |= files_used(article)
    waiting: set[str] = set()
    for article in held:
        waiting |= files_used(article)
    for update, page_url in held_updates:
        waiting |= update_files_used(update, page_url)
    out: list[str] = []
    kept_back: list[str] = []
    unused: list[str] = []
    for rel in sorted(files):
        if rel in shown:
            out.append(rel)
        elif rel in waiting:
            kept_back.append(rel)
        else:
            out.append(rel)
            unused.append(rel)
    return Release(tuple(out), tuple(kept_back), tuple(unused))


def unused_warnings(release: Release, name_each: bool) -> list[Diagnostic]:
    """One warning that counts the files nothing uses (a build's), or one per file
    (`atlasgen check`'s, `name_each`)."""
    if not release.unused:
        return []
    if name_each:
        return [
            warning(f"{CONTENT}/{rel}", 0, "", "no story uses this file; it is published anyway")
            for rel in release.unused
        ]
    count = len(release.unused)
    files = "1 file" if count == 1 else f"{count} files"
    return [
        warning(
            f"{CONTENT}/",
            0,
            "",
            f"{files} that no story uses {'is' if count == 1 else 'are'} published anyway",
            "atlasgen check names them",
        )
    ]
