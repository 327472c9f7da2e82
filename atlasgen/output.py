"""The only writer of the output folder.

A build writes into a fresh sibling folder and swaps it in only when everything
succeeded, so a failed or killed build leaves the previous site exactly as it was.
atlasgen only ever writes to, swaps or deletes a folder that it made itself (marked by
`MARKER`), or an empty one; never the site root or a folder holding content/.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from .errors import error, fail

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
    """Collects a build's files in a temporary sibling folder, then swaps it in.

    Use as a context manager; call `commit()` at the end. Leaving the block without a
    commit (an error, Ctrl-C) removes the temporary folder and keeps the old output.
    """

    def __init__(self, site_dir: Path, output_dir: Path) -> None:
        check_output_dir(site_dir, output_dir)
        self.target = output_dir.resolve()
        self.staging = self.target.parent / f".{self.target.name}{_NEW}{os.getpid()}"
        self.committed = False
        self._made: set[Path] = set()

    def __enter__(self) -> OutputFolder:
        recover_interrupted(self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        (self.staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, rel_path: str, data: str | bytes) -> None:
        """Stage a file. When the previous output has the same bytes at the same path, the
        old file is linked instead, so its mtime stays and a deploy that syncs by mtime
        uploads only what really changed."""
        path = self._staged(rel_path)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not self._reuse(rel_path, path, data):
            path.write_bytes(data)

    def can_keep(self, rel_path: str) -> bool:
        """Whether the previous output has a file at this path to keep."""
        return (self.target / rel_path).is_file()

    def keep_all(self, rel_paths: Sequence[str]) -> None:
        """`keep` each of these paths; many at once are linked by a few threads, as the
        time goes into the file system, not into Python."""
        if len(rel_paths) < KEEP_THREADS_FROM:
            for rel_path in rel_paths:
                self.keep(rel_path)
            return
        step = -(-len(rel_paths) // (KEEP_THREADS * 4))
        chunks = [rel_paths[i : i + step] for i in range(0, len(rel_paths), step)]
        with ThreadPoolExecutor(KEEP_THREADS) as pool:
            for _ in pool.map(self._keep_each, chunks):  # raises what a thread raised
                pass

    def _keep_each(self, rel_paths: Sequence[str]) -> None:
        for rel_path in rel_paths:
            self.keep(rel_path)

    def keep(self, rel_path: str) -> None:
        """Keep the previous output's file at this path, unchanged (its mtime too)."""
        previous = self.target / rel_path
        path = self._staged(rel_path)
        if not _link(previous, path):
            shutil.copy2(previous, path)

    def copy(self, source: Path, rel_path: str) -> None:
        path = self._staged(rel_path)
        previous = self.target / rel_path
        if (
            previous.is_file()
            and previous.stat().st_size == source.stat().st_size
            and previous.read_bytes() == source.read_bytes()
            and _link(previous, path)
        ):
            return
        shutil.copyfile(source, path)

    def copy_tree(self, source: Path, rel_dir: str) -> None:
        if not source.is_dir():
            return
        for file in sorted(source.rglob("*")):
            rel = file.relative_to(source)
            if file.is_file() and not any(p.startswith(".") or p.endswith("~") for p in rel.parts):
                self.copy(file, f"{rel_dir}/{rel.as_posix()}")

    def keep_tree(self, rel_dir: str) -> bool:
        """Keep a whole folder of the previous output, unchanged (the search index, when
        nothing it was made from changed); False when the previous output has none."""
        source = self.target / rel_dir
        if not source.is_dir():
            return False
        for file in sorted(source.rglob("*")):
            if file.is_file():
                self.keep(file.relative_to(self.target).as_posix())
        return True

    def generate(self, rel_dir: str, make: Callable[[Path, Path], None]) -> None:
        """Let a tool that writes its own files (the Pagefind indexer) fill a folder:
        `make(site, folder)` gets the staged site so far and the folder to write. Files
        with the same bytes as the previous output's are then linked to those, as
        `write` does, so their mtimes stay."""
        folder = self._path(rel_dir)
        make(self.staging, folder)
        for path in sorted(folder.rglob("*")):
            previous = self.target / path.relative_to(self.staging)
            if path.is_file() and previous.is_file() and _same_bytes(previous, path):
                data = path.read_bytes()
                path.unlink()
                if not _link(previous, path):
                    path.write_bytes(data)

    def _staged(self, rel_path: str) -> Path:
        path = self._path(rel_path)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        return path

    def _reuse(self, rel_path: str, path: Path, data: bytes) -> bool:
        previous = self.target / rel_path
        try:
            if previous.stat().st_size != len(data) or previous.read_bytes() != data:
                return False
        except OSError:
            return False
        return _link(previous, path)

    def commit(self, build_id: str = "", files: int = 0) -> None:
        """Record the build's id in the marker, swap the staged folder in place of the old
        output, then drop the old one: in the background when the site has more than
        BACKGROUND_DELETE `files`."""
        marker = self.staging / MARKER
        marker.unlink()
        marker.write_text(MARKER_TEXT + (f"build: {build_id}\n" if build_id else ""), "utf-8")
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


def recover_interrupted(target: Path) -> None:
    """Clean up after a build that was killed: drop half-written staging folders and, if
    it died between the two renames of a swap, put the previous output back."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{target.name}{_NEW}*")):
        if _is_ours(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in sorted(parent.glob(f".{target.name}{_OLD}*")):
        if not target.exists() and (leftover / MARKER).is_file():
            os.rename(leftover, target)
        elif _is_ours(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


_REMOVING: list[subprocess.Popen[bytes]] = []


def _discard(old: Path, background: bool) -> None:
    """Delete a swapped-out site; a big one in a detached process (the next build's
    `recover_interrupted` deletes whatever that leaves)."""
    _REMOVING[:] = [p for p in _REMOVING if p.poll() is None]
    rm = shutil.which("rm") if background and os.name == "posix" else None
    if rm is not None:
        try:
            remover = subprocess.Popen(
                [rm, "-rf", "--", str(old)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            _REMOVING.append(remover)  # polled later, so no zombie stays behind in `serve`
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


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
