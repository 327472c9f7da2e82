"""Which folders atlasgen may write, swap or delete: only one that it made itself (marked
by `MARKER`), or an empty one; never the site root or a folder holding content/."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import error, fail

MARKER = ".atlasgen-output"
MARKER_TEXT = "This folder is written by atlasgen; each build replaces it whole.\n"


def check_output_dir(site_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder that atlasgen must not replace."""
    why = _refusal(site_dir.resolve(), output_dir.resolve())
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


def _refusal(site: Path, out: Path) -> str:
    """Why `out` may not be the site's output folder; "" when it may."""
    content = site / "content"
    if out == site:
        return "is the site's own folder"
    if out in site.parents or out == Path(out.anchor):
        return "holds the site's folder"
    if (out / "content").exists():
        return "holds a content/ folder"
    if out == content or content in out.parents:
        return "is inside content/"
    if any(out == site / d or (site / d) in out.parents for d in ("themes", "templates")):
        return "is inside a theme or template folder"
    if out.exists() and not out.is_dir():
        return "is a file"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return "is not empty and was not made by atlasgen"
    return ""


def is_ours(folder: Path) -> bool:
    """A leftover that atlasgen made: marked, or empty (killed before the marker)."""
    return folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir()))


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
