"""A rebuild with nothing changed, known before anything is loaded.

Loading a 100,000-story site costs seconds even from the build cache (every story's
entry unpickled, checked against the others, grouped), only for `plan.input_key` to find
the same inputs as last time. So a build first takes the `stat` of every file it may read
(the site's folder but the output, the build cache and hidden folders at its top, and
the built-in themes), as `core/filestat.py` does per file, and looks the result up in the
build cache: a successful build records what it made under that key, with its warnings.
When the files, the settings and the options are all as recorded, "now" has crossed no
moment at which the output changes by itself (site/moments.py), and the output folder
still holds that build's files, the build is done: its warnings are reported again and
nothing is loaded, rendered or written. (The output's register of published URLs is
that build's own: what it says was checked then.)

A site with a symbolic link among those files takes the long way (where a link points
is not in a `stat`), and a file changed less than `RACY` seconds before the scan is not
trusted: that build is not recorded, so the next one loads again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import datetime

from ..content.layout import CONTENT
from ..content.model import Article
from ..core.errors import Diagnostic
from ..core.filestat import RACY, Signature
from ..core.hashing import digest
from ..output.ownership import read_build_id
from ..search.shards import kept_entries
from ..theme.templates import BUILTIN_THEMES
from .context import BuildContext
from .plan import all_files

RECORD = "unchanged"  #: in the build cache's results: the last build, by its `SiteState` key


@dataclass(frozen=True)
class SiteState:
    """Every input file's `stat`, with the settings and options, as one key."""

    key: str
    trusted: bool  #: no file changed within RACY seconds of the scan: may be recorded
    #: The content files' signatures by their path under content/, for the loader.
    content: dict[str, Signature]


@dataclass(frozen=True)
class UnchangedRecord:
    """What a successful build made, to be reported again while nothing changes."""

    build_id: str
    #: The last moment at or before the build's "now" (None: none) and the first after it
    #: (None: none): any "now" in between makes the same output.
    window: tuple[datetime | None, datetime | None]
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]
    next_scheduled: Article | None
    next_until: tuple[str, datetime] | None


def site_state(build: BuildContext) -> SiteState | None:
    """The key of this build's inputs; None when they cannot be known by `stat` alone (a
    symbolic link), or the build has no cache, writes nothing, or reads published URLs
    from elsewhere (`--published`, a preview's register)."""
    options = build.options
    if build.cache is None or not build.write or options.published or options.preview:
        return None
    site, skip = str(build.site_dir), _skipped(build)
    lines: list[str] = []
    content: dict[str, Signature] = {}
    since = time.time_ns() - int(RACY * 1e9)
    scan = _Scan(skip, lines, content, f"{site}/{CONTENT}/")
    if not scan.folder(site, "", top=True) or not scan.folder(str(BUILTIN_THEMES), "\0themes/"):
        return None
    lines.sort()
    shown = replace(options, now=None, wait=True, jobs=None)
    # One part, not one per file: a name holds no NUL and a signature no newline.
    files = "\n".join(lines)
    key = digest(RECORD, repr(build.config), repr(shown), str(build.output_dir), files)
    trusted = scan.newest < since
    return SiteState(key, trusted, content)


def _skipped(build: BuildContext) -> set[str]:
    """Folders that are no input: the output, the build cache (with the spare output)."""
    skip = {os.path.abspath(build.output_dir)}
    if build.config.build.cache:
        skip.add(os.path.abspath(build.site_dir / build.config.build.cache))
    return skip


class _Scan:
    """One walk: a line per file (its path and signature), the content files' signatures
    and the newest change seen."""

    def __init__(
        self, skip: set[str], lines: list[str], content: dict[str, Signature], under: str
    ) -> None:
        self.skip, self.lines, self.content, self.under = skip, lines, content, under
        self.newest = 0

    def folder(self, path: str, rel: str, top: bool = False) -> bool:
        """Scan a folder; False on a symbolic link (the state is then unknown)."""
        if os.path.abspath(path) in self.skip:
            return True
        try:
            entries = list(os.scandir(path))
        except OSError as exc:
            self.lines.append(f"{rel}\0unreadable {exc.errno}")
            return True
        for entry in entries:
            if entry.is_symlink():
                return False
            name = f"{rel}{entry.name}"
            if not entry.is_dir(follow_symlinks=False):
                self.file(entry, name)
            elif not (top and entry.name.startswith(".")) and not self.folder(
                entry.path, f"{name}/"
            ):
                return False
        return True

    def file(self, entry: os.DirEntry[str], name: str) -> None:
        info = entry.stat(follow_symlinks=False)
        size, mtime, ctime = info.st_size, info.st_mtime_ns, info.st_ctime_ns
        if mtime > self.newest or ctime > self.newest:
            self.newest = max(mtime, ctime)
        self.lines.append(f"{name}\0{size} {mtime} {ctime} {info.st_ino} {info.st_dev}")
        path = entry.path
        if path.startswith(self.under):
            sig = (size, mtime, ctime, info.st_ino, info.st_dev)
            self.content[path[len(self.under) :]] = sig


def recorded_output(build: BuildContext, state: SiteState) -> UnchangedRecord | None:
    """The record of the last build if it was made from these very files and settings,
    "now" is still in its window, and its output is in place, untouched."""
    cache = build.cache
    assert cache is not None
    found = cache.results.get(RECORD, state.key)
    if not isinstance(found, UnchangedRecord) or not _in_window(found.window, build.now):
        return None
    if read_build_id(build.output_dir) != found.build_id:
        return None
    previous = cache.pages.previous(found.build_id)
    paths = [p for p in previous if p[0] != "\0"] + kept_entries(previous)  # and each shard's
    return found if previous and all_files(build.output_dir, paths) else None


def _in_window(window: tuple[datetime | None, datetime | None], now: datetime) -> bool:
    last, following = window
    return (last is None or last <= now) and (following is None or now < following)


def record(build: BuildContext, state: SiteState, made: UnchangedRecord) -> None:
    """Store what this build made under its state's key, when its files can be trusted."""
    if build.cache is not None and state.trusted:
        build.cache.results.put(RECORD, state.key, made)
