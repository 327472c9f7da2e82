"""What a batch of file events means for the preview: pure, so it is tested without
sockets, watchers or a disk (`classify` never looks at one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import PurePath

import watchfiles

from ..content.layout import CONTENT, DATA
from ..core.ignored import is_ignored_path
from ..theme.i18n import I18N

CONFIG = "site.toml"
WATCHED = (CONTENT, "themes", "templates", I18N)

FileChange = tuple[watchfiles.Change, str]


@dataclass(frozen=True)
class Change:
    """One batch of file events, sorted by what they touch (site-relative paths).

    `build_site` itself re-renders only what changed; this decides whether a batch needs a
    build at all, and whether the watched folders themselves came or went."""

    content: tuple[str, ...] = ()  #: articles and other files under content/
    data: tuple[str, ...] = ()  #: content/_data/
    templates: tuple[str, ...] = ()  #: themes/, templates/ and i18n/ (interface strings)
    config: tuple[str, ...] = ()  #: site.toml
    folders: tuple[str, ...] = ()  #: content/, themes/ or templates/ added or removed
    ignored: tuple[str, ...] = ()  #: output folders, .atlasgen/, .git, editor files, the rest

    @property
    def rebuild(self) -> bool:
        return bool(self.content or self.data or self.templates or self.config or self.folders)

    def describe(self) -> str:
        paths = self.config + self.folders + self.templates + self.data + self.content
        if not paths:
            return "nothing to rebuild"
        return paths[0] + (f" and {len(paths) - 1} more" if len(paths) > 1 else "") + " changed"


def classify(changes: Iterable[FileChange], site_dir: PurePath) -> Change:
    """Sort file events by what they touch; pure: it never looks at the disk."""
    kinds = [f.name for f in fields(Change)]
    found: dict[str, set[str]] = {kind: set() for kind in kinds}
    for event, path in changes:
        try:
            rel = PurePath(path).relative_to(site_dir).as_posix()
        except ValueError:
            found["ignored"].add(path)
            continue
        found[_kind(event, rel)].add(rel)
    return Change(*(tuple(sorted(found[kind])) for kind in kinds))


def _kind(event: watchfiles.Change, rel: str) -> str:
    top, _, rest = rel.partition("/")
    if is_editor_or_hidden(rel):
        return "ignored"
    if not rest:
        if rel == CONFIG:
            return "config"
        return "folders" if rel in WATCHED and event != watchfiles.Change.modified else "ignored"
    if top == CONTENT:
        return "data" if rest == DATA or rest.startswith(DATA + "/") else "content"
    return "templates" if top in WATCHED else "ignored"  # public/ and other output folders


def is_editor_or_hidden(rel: str) -> bool:
    """Swap, backup and lock files of editors, OS files and anything hidden (.git,
    .atlasgen, .#x): core/ignored.py, which the content walk follows too."""
    return is_ignored_path(rel)
