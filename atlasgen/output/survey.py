"""Listing what an output folder holds (every file with its inode, every folder): in a
thread of its own, by GNU find where there is one, so that a build can plan while the
spare it will stage into is listed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path


class Survey(threading.Thread):
    """Reads what an adopted spare holds while the build plans: at 10,000 stories its ten
    thousand folders take 0.2 s to list, over a second when the disk cache has let them
    go, and the build need not wait for them until it stages a file. GNU find lists them
    (`found_by_find`): a thread of ours would need the interpreter's lock back after
    every folder, while the build's own thread holds it for milliseconds at a time.
    Waited for before any worker process is forked."""

    def __init__(self, folder: Path) -> None:
        super().__init__(name="atlasgen-spare-survey", daemon=True)
        self.folder = folder
        self.stop = threading.Event()
        self.process: subprocess.Popen[bytes] | None = None
        self.found: dict[str, int] = {}
        self.dirs: list[str] = []
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            listed = found_by_find(self)
            self.found, self.dirs = listed or inventory(self.folder, self.stop)
        except BaseException as exc:  # raised in the build's thread, by `StagingFolder.settle`
            self.error = exc

    def cancel(self) -> None:
        self.stop.set()
        if self.process is not None:
            self.process.kill()
        self.join()


#: GNU find, which can print each entry's type and inode (BSD and busybox find cannot).
FIND = shutil.which("find") if sys.platform.startswith("linux") else None


def found_by_find(survey: Survey) -> tuple[dict[str, int], list[str]] | None:
    """`inventory` by GNU find in one process; None where it cannot be had."""
    if FIND is None:
        return None
    try:
        survey.process = subprocess.Popen(
            [FIND, str(survey.folder), "-mindepth", "1", "-printf", r"%y %i %P\0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    if survey.stop.is_set():  # cancelled before the process could be killed
        survey.process.kill()
    listing, _ = survey.process.communicate()
    if survey.process.returncode != 0:
        return None  # (an unreadable folder: `inventory` says which)
    files: dict[str, int] = {}
    dirs: list[str] = []
    for record in listing.split(b"\0")[:-1]:
        kind, inode, rel = record.split(b" ", 2)
        name = os.fsdecode(rel)
        if kind == b"d":
            dirs.append(name)
        else:
            files[name] = int(inode)
    return files, dirs


def inventory(
    folder: Path, stop: threading.Event | None = None
) -> tuple[dict[str, int], list[str]]:
    """Every file under a folder (relative path -> inode) and every subfolder, from the
    directory listings alone (no stat per file); cut short when `stop` is set."""
    files: dict[str, int] = {}
    dirs: list[str] = []
    stack = [("", str(folder))]
    while stack and not (stop is not None and stop.is_set()):
        rel, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = rel + entry.name
                if entry.is_dir(follow_symlinks=False):
                    dirs.append(name)
                    stack.append((name + "/", entry.path))
                else:
                    files[name] = entry.inode()
    return files, dirs
