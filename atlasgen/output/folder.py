"""The only writer of the output folder.

A build writes into a staging folder and swaps it in only when everything succeeded, so a
failed or killed build leaves the previous site exactly as it was. The swap is one atomic
exchange of two folders (renameat2 RENAME_EXCHANGE where Linux has it): the output folder
is never missing, empty or half new.

The swapped-out folder is not deleted: it is kept as the *spare* (in the build cache's
folder, `spare/<name>`) and the next build stages into it, so a rebuild touches only the files that
changed instead of staging the whole site again. A staged file is trusted only when it is
the very same file (inode) as the current output's; anything else in the spare is replaced
or deleted, so whatever the spare holds, the staged folder ends exactly as planned.
Unchanged files are hard links to the current output's, so their mtimes stay and a deploy
that syncs by mtime uploads only what really changed. A new file is never written into an
existing one (it may be linked from the live output): the old name is unlinked first.

atlasgen only ever writes to, swaps or deletes a folder that it made itself (marked by
`MARKER`), or an empty one; never the site root or a folder holding content/.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from ..core.errors import error, fail
from ..core.ignored import is_ignored_path
from .survey import Survey, inventory

MARKER = ".atlasgen-output"
MARKER_TEXT = "This folder is written by atlasgen; each build replaces it whole.\n"
_NEW, _OLD = ".atlasgen-new-", ".atlasgen-old-"
#: An old site with more files than this is deleted by a detached `rm -rf` after the
#: swap, so the build does not wait for it (a leftover is cleaned up by the next build).
BACKGROUND_DELETE = 2000
KEEP_THREADS, KEEP_THREADS_FROM = 4, 500  #: threads that link kept files, and from how many


def check_output_dir(site_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder that atlasgen must not replace."""
    site, out = site_dir.resolve(), output_dir.resolve()
    content = site / "content"
    why = ""
    if out == site:
        why = "is the site's own folder"
    elif out in site.parents or out == Path(out.anchor):
        why = "holds the site's folder"
    elif (out / "content").exists():
        why = "holds a content/ folder"
    elif out == content or content in out.parents:
        why = "is inside content/"
    elif any(out == site / d or (site / d) in out.parents for d in ("themes", "templates")):
        why = "is inside a theme or template folder"
    elif out.exists() and not out.is_dir():
        why = "is a file"
    elif out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        why = "is not empty and was not made by atlasgen"
    if why:
        fail(
            error(
                "site.toml",
                0,
                "build.output",
                f"refusing to write the site into {output_dir}: it {why}",
                "choose another folder with --output or build.output",
            )
        )


class OutputFolder:
    """Collects a build's files in a staging folder (the spare, when there is one), then
    swaps it in.

    Use as a context manager; call `commit()` at the end. Leaving the block without a
    commit (an error, Ctrl-C) keeps the old output as it was; the staging folder becomes
    the spare (whatever it holds: see `_holds`), or is deleted when spares are not kept.
    """

    def __init__(self, site_dir: Path, output_dir: Path, spares: Path | None = None) -> None:
        """`spares`: the folder where a swapped-out output is kept for the next build to
        stage into; None: it is deleted."""
        check_output_dir(site_dir, output_dir)
        self.target = output_dir.resolve()
        self.staging = self.target.parent / f".{self.target.name}{_NEW}{os.getpid()}"
        self.spare = spares.resolve() / self.target.name if spares else None
        self.committed = False
        self._made: set[str] = {""}  #: staged folders known to exist, relative
        self._found: dict[str, int] = {}  #: what the adopted spare holds: path -> inode
        self._live: dict[str, int | None] = {}  #: the live output's inodes, as looked up
        self._claimed: set[str] = set()  #: paths this build has written or kept
        self._has_live = True  #: whether there is a live output (looked at on entering)
        self._survey: Survey | None = None  #: reading the adopted spare's folders

    def __enter__(self) -> OutputFolder:
        recover_interrupted(self.target)
        self._has_live = self.target.is_dir()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if self.staging.exists():
            _delete(self.staging)
        if not self._adopt_spare():
            self.staging.mkdir()
        self._write_marker(MARKER_TEXT)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._survey is not None:  # not needed after all: stop reading the spare
            self._survey.cancel()
        if not self.committed and not _keep_as_spare(self.staging, self.spare):
            _delete(self.staging)

    def _adopt_spare(self) -> bool:
        """Stage into the spare (an earlier output), if there is one; False if not."""
        if self.spare is None:
            return False
        try:
            os.rename(self.spare, self.staging)  # atomic: two builds never share a spare
        except OSError:
            return False
        if not (self.staging / MARKER).is_file():  # not an output: leave it, start empty
            if not _keep_as_spare(self.staging, self.spare):
                shutil.rmtree(self.staging, ignore_errors=True)
            return False
        self._survey = Survey(self.staging)
        return True

    def _settle(self) -> None:
        """Wait for the survey of the adopted spare. Every method that stages or deletes
        a file calls this first: it must know what the spare holds (a file there may be
        a link to a live one, which must never be written into)."""
        survey = self._survey
        if survey is None:
            return
        survey.join()
        if survey.error is not None:
            raise survey.error  # and again at each call: nothing is staged blind
        self._found, dirs = survey.found, survey.dirs
        self._made.update(dirs)
        self._survey = None

    def write(self, rel_path: str, data: str | bytes) -> None:
        """Stage a file. When the previous output has the same bytes at the same path, the
        old file is linked instead, so its mtime stays and a deploy that syncs by mtime
        uploads only what really changed."""
        if self._survey is not None:
            self._settle()
        self._claimed.add(rel_path)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self._reuse(rel_path, data):
            return
        _write_file(self._fresh(rel_path), data)

    def claim(self, rel_paths: Iterable[str]) -> None:
        """Paths that worker processes will write: the spare's files there are not stale.
        Called before the workers fork, which must inherit the finished survey."""
        self._settle()
        self._claimed.update(rel_paths)

    def can_keep(self, rel_path: str) -> bool:
        """Whether the previous output has a file at this path to keep."""
        return self._live_inode(rel_path) is not None

    def keep_all(self, rel_paths: Sequence[str]) -> None:
        """`keep` each of these paths; many at once are linked by a few threads, as the
        time goes into the file system, not into Python."""
        self._settle()
        self._claimed.update(rel_paths)
        todo = [p for p in rel_paths if not self._holds(p)]
        if len(todo) < KEEP_THREADS_FROM:
            for rel_path in todo:
                self.keep(rel_path)
            return
        step = -(-len(todo) // (KEEP_THREADS * 4))
        chunks = [todo[i : i + step] for i in range(0, len(todo), step)]
        with ThreadPoolExecutor(KEEP_THREADS) as pool:
            for _ in pool.map(self._keep_each, chunks):  # raises what a thread raised
                pass

    def _keep_each(self, rel_paths: Sequence[str]) -> None:
        for rel_path in rel_paths:
            self.keep(rel_path)

    def keep(self, rel_path: str) -> None:
        """Keep the previous output's file at this path, unchanged (its mtime too)."""
        self._settle()
        self._claimed.add(rel_path)
        if self._holds(rel_path):
            return
        previous = self.target / rel_path
        path = self._fresh(rel_path)
        if not _link(previous, path):
            shutil.copy2(previous, path)

    def copy(self, source: Path, rel_path: str) -> None:
        self._settle()
        previous = self.target / rel_path
        if (
            previous.is_file()
            and previous.stat().st_size == source.stat().st_size
            and previous.read_bytes() == source.read_bytes()
        ):
            self.keep(rel_path)
            return
        self._claimed.add(rel_path)
        shutil.copyfile(source, self._fresh(rel_path))

    def copy_tree(self, source: Path, rel_dir: str) -> None:
        if not source.is_dir():
            return
        for file in sorted(source.rglob("*")):
            rel = file.relative_to(source)
            if file.is_file() and not is_ignored_path(rel.as_posix()):
                self.copy(file, f"{rel_dir}/{rel.as_posix()}")

    def keep_tree(self, rel_dir: str) -> bool:
        """Keep a whole folder of the previous output, unchanged (the search index, when
        nothing it was made from changed); False when the previous output has none."""
        source = self.target / rel_dir
        if not source.is_dir():
            return False
        self.keep_all([f"{rel_dir}/{rel}" for rel in sorted(inventory(source)[0])])
        return True

    def generate(self, rel_dir: str, make: Callable[[Path, Path], None]) -> None:
        """Let a tool that writes its own files (the Pagefind indexer) fill a folder:
        `make(site, folder)` gets the staged site so far (stale files pruned) and the
        folder to write. Files with the same bytes as the previous output's are then
        linked to those, as `write` does, so their mtimes stay."""
        self.prune()  # (settles the survey)
        folder = self._path(rel_dir)
        if folder.exists():  # the spare's: a tool may not expect old files in its folder
            shutil.rmtree(folder)
        make(self.staging, folder)
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(self.staging).as_posix()
            self._claimed.add(rel)
            previous = self.target / rel
            if path.is_file() and previous.is_file() and _same_bytes(previous, path):
                data = path.read_bytes()
                path.unlink()
                if not _link(previous, path):
                    path.write_bytes(data)

    def prune(self) -> None:
        """Delete what the spare held that this build has not written or kept (so far),
        and the folders that leaves empty."""
        self._settle()
        stale = [rel for rel in self._found if rel not in self._claimed]
        emptied: set[str] = set()
        for rel in stale:
            del self._found[rel]
            _remove(self.staging / rel, folders=False)  # a folder there now is this build's
            emptied.update(p.as_posix() for p in Path(rel).parents)
        emptied.discard(".")
        for rel in sorted(emptied, key=lambda d: d.count("/"), reverse=True):
            try:
                os.rmdir(self.staging / rel)  # fails, as it should, unless empty
            except OSError:
                continue
            self._made.discard(rel)

    def _holds(self, rel_path: str) -> bool:
        """Whether the staged folder (an adopted spare) holds the live output's very file
        at this path, so keeping it costs nothing."""
        inode = self._live_inode(rel_path)
        return inode is not None and self._found.get(rel_path) == inode

    def _live_inode(self, rel_path: str) -> int | None:
        """The inode of the current output's file at this path; None when it has none."""
        if rel_path in self._live:
            return self._live[rel_path]
        try:
            info = os.stat(f"{self.target}/{rel_path}", follow_symlinks=False)
            inode = info.st_ino if stat.S_ISREG(info.st_mode) else None
        except (OSError, ValueError):
            inode = None
        self._live[rel_path] = inode
        return inode

    def _fresh(self, rel_path: str) -> Path:
        """The staged path, its folder made, and no file there: whatever the spare held
        at that name (maybe a link to a live file, which must not be written into) goes."""
        path = self._staged(rel_path)
        if rel_path in self._found or rel_path in self._made:  # (the spare's folders too)
            _remove(path)
        return path

    def _staged(self, rel_path: str) -> Path:
        path = self._path(rel_path)
        folder = rel_path.rpartition("/")[0]
        if folder not in self._made:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):  # the spare has a file there
                for parent in [*reversed(Path(folder).parents), Path(folder)]:
                    if (self.staging / parent).is_file():
                        _remove(self.staging / parent)
                path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        return path

    def _reuse(self, rel_path: str, data: bytes) -> bool:
        """Keep the previous output's file when it holds these very bytes."""
        if not self._has_live:  # a first build: nothing to look up, file by file
            return False
        previous = self.target / rel_path
        try:
            if previous.stat().st_size != len(data) or previous.read_bytes() != data:
                return False
        except OSError:
            return False
        try:
            self.keep(rel_path)
        except OSError:
            return False
        return True

    def _write_marker(self, text: str) -> None:
        # (No need to wait for the survey: the marker is claimed, so never pruned, and
        # its old name is unlinked before the new one is written.)
        marker = self.staging / MARKER
        marker.unlink(missing_ok=True)  # never write through a link into the live output
        marker.write_text(text, encoding="utf-8")
        self._claimed.add(MARKER)

    def commit(self, build_id: str = "", files: int = 0) -> None:
        """Record the build's id in the marker, swap the staged folder in place of the old
        output, and keep the old one as the next build's spare (or drop it: in the
        background when the site has more than BACKGROUND_DELETE `files`)."""
        self.prune()
        self._write_marker(MARKER_TEXT + (f"build: {build_id}\n" if build_id else ""))
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}{_OLD}{os.getpid()}"
            if _exchange(self.staging, self.target):
                self.committed = True
                os.rename(self.staging, old)  # the staging name now holds the old site
            else:
                os.rename(self.target, old)
                try:
                    os.rename(self.staging, self.target)
                except BaseException:  # put the previous site back before giving up
                    os.rename(old, self.target)
                    raise
                self.committed = True
            if not _keep_as_spare(old, self.spare):
                _discard(old, files > BACKGROUND_DELETE)
        else:
            os.rename(self.staging, self.target)
            self.committed = True

    def _path(self, rel_path: str) -> Path:
        """The staged path of a relative output path. Checked by its parts, not by
        resolving it: the staging folder holds no symbolic links, as atlasgen makes none."""
        parts = rel_path.split("/")
        if not rel_path or rel_path.startswith("/") or "\\" in rel_path or ".." in parts:
            raise ValueError(f"refusing to write outside the output folder: {rel_path}")
        return self.staging / rel_path


def _write_file(path: Path, data: bytes) -> None:
    """A new file with these bytes: plain system calls, as a cold build writes 13,000
    (pathlib's and `open`'s buffering and their `fstat` cost more than the write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _keep_as_spare(old: Path, spare: Path | None) -> bool:
    """Move a swapped-out output to the spare's place; False when it cannot go there
    (no spares kept, another file system, a spare there from a concurrent build)."""
    if spare is None:
        return False
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old, spare)
    except OSError:
        return False
    return True


def _remove(path: Path, folders: bool = True) -> None:
    """Delete a file, or a whole folder when `folders`; nothing there is fine."""
    try:
        os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):  # gone, or a parent is a file now
        pass
    except (IsADirectoryError, PermissionError):
        if not path.is_dir() or path.is_symlink():
            raise
        if folders:
            shutil.rmtree(path)


def recover_interrupted(target: Path) -> None:
    """Clean up after a build that was killed: drop half-written staging folders and, if
    it died between the two renames of a swap, put the previous output back."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{target.name}{_NEW}*")):
        if _is_ours(leftover):
            _delete(leftover)
    for leftover in sorted(parent.glob(f".{target.name}{_OLD}*")):
        if not target.exists() and (leftover / MARKER).is_file():
            os.rename(leftover, target)
        elif _is_ours(leftover):
            _delete(leftover)


_REMOVING: list[subprocess.Popen[bytes]] = []


#: `sh -c` deleting folder $1 with its marker last (as `_delete` does), in the background.
_DELETE_SH = (
    'for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do '
    f'[ "$f" = "$1/{MARKER}" ] || rm -rf -- "$f"; done; rm -rf -- "$1"'
)


def _discard(old: Path, background: bool) -> None:
    """Delete a swapped-out site; a big one in a detached process (the next build's
    `recover_interrupted` deletes whatever that leaves)."""
    _REMOVING[:] = [p for p in _REMOVING if p.poll() is None]
    sh = shutil.which("sh") if background and os.name == "posix" else None
    if sh is not None:
        try:
            remover = subprocess.Popen(
                [sh, "-c", _DELETE_SH, "sh", str(old)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            _REMOVING.append(remover)  # polled later, so no zombie stays behind in `serve`
            return
        except OSError:
            pass
    _delete(old)


def _delete(folder: Path) -> None:
    """Delete one of our folders with its marker last: a delete cut short (a killed build)
    leaves a folder that is still marked, or empty, which `recover_interrupted` knows as
    ours and finishes."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name != MARKER:
            with contextlib.suppress(OSError):
                _remove(Path(entry.path))
    shutil.rmtree(folder, ignore_errors=True)


def _is_ours(folder: Path) -> bool:
    """A leftover that atlasgen made: marked, or empty (killed before the marker)."""
    return folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir()))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False if unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _link(existing: Path, new: Path) -> bool:
    """Hard-link an unchanged file from the previous output; False where links fail."""
    try:
        os.link(existing, new)
    except OSError:
        return False
    return True


def read_build_id(output_dir: Path) -> str:
    """The build id recorded in an output folder's marker, or "" when there is none."""
    try:
        text = (output_dir / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    for line in text.splitlines():
        if line.startswith("build: "):
            return line.removeprefix("build: ").strip()
    return ""
