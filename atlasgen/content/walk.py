"""The walk over content/: which files a site has, and which it must not publish.

Hidden files, editors' swap and backup files, OS files (`.DS_Store`, `Thumbs.db`) and
version-control folders are skipped (core/ignored.py): they are never content. Symbolic
links are followed only while they stay inside the site: one pointing outside is refused
with an error (a checkout must not publish /etc/passwd). File names that are not UTF-8
are reported, as are unreadable folders.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import Diagnostic, error
from ..core.ignored import is_ignored_name
from .layout import CONTENT


def walk_content(root: Path, site_dir: Path, found: list[Diagnostic]) -> list[str]:
    """Relative paths of the files under root, sorted; problems are added to `found`."""
    walk = _Walk(site_dir.resolve(), found)
    walk.visit(root, "")
    return walk.results


class _Walk:
    """One walk: the files found so far and the folders already seen (a link loop ends)."""

    def __init__(self, site: Path, found: list[Diagnostic]) -> None:
        self.site, self.found = site, found
        self.results: list[str] = []
        self.seen: set[Path] = set()

    def refuse(self, rel: str, message: str) -> None:
        self.found.append(error(f"{CONTENT}/{rel}", 0, "", message))

    def visit(self, folder: Path, rel_folder: str) -> None:
        real = folder.resolve()
        if real in self.seen:  # a link loop
            return
        self.seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.refuse(rel_folder or ".", f"cannot read the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            if is_ignored_name(entry.name) or not self.admitted(entry, rel):
                continue
            if entry.is_dir():  # DirEntry: no further system call for most entries
                self.visit(Path(entry.path), rel)
            elif entry.is_file():
                self.results.append(rel)
            elif not os.path.exists(entry.path):  # a dangling link
                self.refuse(rel, "cannot read the file: No such file or directory")

    def admitted(self, entry: os.DirEntry[str], rel: str) -> bool:
        """Whether the entry may be read: a UTF-8 name, and no link out of the site."""
        try:
            entry.name.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(entry.name).decode("utf-8", "replace")
            self.refuse(
                os.fsencode(rel).decode("utf-8", "replace"),
                f"the name {shown!r} is not valid UTF-8; rename the file",
            )
            return False
        if entry.is_symlink():
            target = Path(entry.path).resolve()
            if target != self.site and self.site not in target.parents:
                self.refuse(rel, f"is a symbolic link to {target}, outside the site; refused")
                return False
        return True
