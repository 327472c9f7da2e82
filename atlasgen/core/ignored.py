"""Names that are never content: what editors, operating systems and version control
leave beside a writer's files.

A swap file holds a story's unfinished text, a `.bak` its previous version, a
`.DS_Store` the names of every file in the folder; none of them may be published, and a
change to one is no reason to rebuild. The content walk, the copy of theme files and the
preview server's watcher all ask here, so the three agree.
"""

from __future__ import annotations

#: Editors' swap, backup and temporary files (vim, Emacs, JetBrains, merge tools).
EDITOR_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swn",
    ".swx",
    ".bak",
    ".orig",
    ".rej",
    ".tmp",
    ".crdownload",
    "___jb_tmp___",
    "___jb_old___",
)
#: What operating systems drop into folders (compared in lower case).
OS_FILES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"})
#: Version-control folders whose names are not hidden (.git, .hg, .svn, .bzr are).
VCS_FOLDERS = frozenset({"CVS", "RCS", "_darcs"})
_VIM_PROBE = 4913  #: vim writes 4913 (then 4913 + 123n) to test that a folder is writable


def is_ignored_name(name: str) -> bool:
    """Whether a file or folder of this name is never content: hidden names (`.git`,
    `.DS_Store`, Emacs's `.#story.md` lock), editors' swap and backup files, OS files
    and version-control folders."""
    return (
        name.startswith(".")
        or name.endswith(EDITOR_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
        or name.lower() in OS_FILES
        or name in VCS_FOLDERS
        or (name.isdigit() and int(name) >= _VIM_PROBE and (int(name) - _VIM_PROBE) % 123 == 0)
    )


def is_ignored_path(rel: str) -> bool:
    """Whether a relative path ("images/.DS_Store", "CVS/Entries") has an ignored part."""
    return any(is_ignored_name(part) for part in rel.split("/"))
