"""The only writer of the output folder: `OutputFolder` stages a build's files and swaps
them in only when everything succeeded, so a failed or killed build leaves the previous
site exactly as it was.

Its pieces, one job each: `ownership` (which folders atlasgen may touch), `staging` (the
staged folder, kept exact), `spare` (staging into the previous swapped-out output, so a
rebuild touches only what changed), `reuse` (unchanged files linked from the live output),
`swap` (the atomic exchange, and recovery after a kill) and `deletion` (marker last; a big
old site in the background).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from ..core.ignored import is_ignored_path
from .deletion import BACKGROUND_DELETE, delete_folder, discard
from .ownership import MARKER_TEXT, check_output_dir
from .reuse import PreviousOutput, keep_in_threads
from .spare import adopt_spare, keep_as_spare
from .staging import StagingFolder, write_new_file
from .survey import inventory
from .swap import recover_interrupted, staging_path, swap_in


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
        self.staging = StagingFolder(staging_path(self.target))
        self.previous = PreviousOutput(self.target)
        self.spare = spares.resolve() / self.target.name if spares else None
        self.committed = False

    def __enter__(self) -> OutputFolder:
        recover_interrupted(self.target)
        self.previous.exists = self.target.is_dir()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        root = self.staging.root
        if root.exists():
            delete_folder(root)
        self.staging.survey = adopt_spare(self.spare, root)
        if self.staging.survey is None:
            root.mkdir()
        self.staging.write_marker(MARKER_TEXT)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.staging.survey is not None:  # not needed after all: stop reading the spare
            self.staging.survey.cancel()
        if not self.committed and not keep_as_spare(self.staging.root, self.spare):
            delete_folder(self.staging.root)

    def write(self, rel_path: str, data: str | bytes) -> None:
        """Stage a file. When the previous output has the same bytes at the same path, the
        old file is linked instead, so its mtime stays and a deploy that syncs by mtime
        uploads only what really changed."""
        staging = self.staging
        if staging.survey is not None:
            staging.settle()
        staging.claimed.add(rel_path)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self._reuse(rel_path, data):
            return
        write_new_file(staging.fresh(rel_path), data)

    def claim(self, rel_paths: Iterable[str]) -> None:
        """Paths that worker processes will write: the spare's files there are not stale.
        Called before the workers fork, which must inherit the finished survey."""
        self.staging.settle()
        self.staging.claimed.update(rel_paths)

    def can_keep(self, rel_path: str) -> bool:
        """Whether the previous output has a file at this path to keep."""
        return self.previous.inode(rel_path) is not None

    def keep_all(self, rel_paths: Sequence[str]) -> None:
        """`keep` each of these paths (many at once by a few threads)."""
        self.staging.settle()
        self.staging.claimed.update(rel_paths)
        keep_in_threads(self.keep, [p for p in rel_paths if not self._holds(p)])

    def keep(self, rel_path: str) -> None:
        """Keep the previous output's file at this path, unchanged (its mtime too)."""
        self.staging.settle()
        self.staging.claimed.add(rel_path)
        if not self._holds(rel_path):
            self.previous.copy_to(rel_path, self.staging.fresh(rel_path))

    def copy(self, source: Path, rel_path: str) -> None:
        """Stage a copy of a file (a theme's or the content's own), or keep the previous
        output's when it holds the same bytes."""
        self.staging.settle()
        if self.previous.same_as(rel_path, source):
            self.keep(rel_path)
            return
        self.staging.claimed.add(rel_path)
        shutil.copyfile(source, self.staging.fresh(rel_path))

    def copy_tree(self, source: Path, rel_dir: str) -> None:
        """`copy` every file of a folder but those never published (hidden, backups)."""
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

    def tool_folder(self, rel_dir: str) -> tuple[Path, Path]:
        """Make way for a tool that writes its own files (the Pagefind indexer) to fill a
        folder: the spare's files there are deleted (a tool may not expect old ones).
        Returns the staged site's root and the folder; `adopt` the folder once filled."""
        self.staging.settle()
        folder = self.staging.path(rel_dir)
        if folder.exists():
            shutil.rmtree(folder)
        return self.staging.root, folder

    def adopt(self, rel_dir: str) -> None:
        """Claim what a tool wrote into `tool_folder(rel_dir)`. Files with the same bytes
        as the previous output's are linked to those, as `write` does, so their mtimes
        stay."""
        root = self.staging.root
        for path in sorted(self.staging.path(rel_dir).rglob("*")):
            rel = path.relative_to(root).as_posix()
            self.staging.claimed.add(rel)
            if path.is_file() and self.previous.same_as(rel, path):
                self.previous.relink(rel, path)

    def prune(self) -> None:
        """Delete what the spare held that this build has not written or kept (so far),
        and the folders that leaves empty."""
        self.staging.prune()

    def commit(self, build_id: str = "", files: int = 0) -> None:
        """Record the build's id in the marker, swap the staged folder in place of the old
        output, and keep the old one as the next build's spare (or drop it: in the
        background when the site has more than BACKGROUND_DELETE `files`)."""
        self.prune()
        self.staging.write_marker(MARKER_TEXT + (f"build: {build_id}\n" if build_id else ""))
        old = swap_in(self.staging.root, self.target)
        self.committed = True
        if old is not None and not keep_as_spare(old, self.spare):
            discard(old, files > BACKGROUND_DELETE)

    def _holds(self, rel_path: str) -> bool:
        """Whether the staged folder (an adopted spare) holds the live output's very file
        at this path, so keeping it costs nothing."""
        inode = self.previous.inode(rel_path)
        return inode is not None and self.staging.found.get(rel_path) == inode

    def _reuse(self, rel_path: str, data: bytes) -> bool:
        """Keep the previous output's file when it holds these very bytes."""
        if not self.previous.holds(rel_path, data):
            return False
        try:
            self.keep(rel_path)
        except OSError:
            return False
        return True
