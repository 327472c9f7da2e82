"""Rendering planned pages (render.py), apart from fingerprints."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment

from atlasgen.build.pages import PlannedFile, PlannedPage
from atlasgen.build.render import Fingerprint, RenderWork, render_pages
from atlasgen.core.errors import Diagnostic
from atlasgen.output.folder import OutputFolder


def fail(exc: Exception) -> Diagnostic:
    raise exc


def test_no_garbage_collection_runs_while_pages_render() -> None:
    kept: list[dict[str, int]] = []
    events: list[str] = []

    def context() -> dict[str, Any]:  # objects that live on, as cards and partials do
        kept.extend({"n": n} for n in range(2_000))
        events.append("page")
        return {"n": len(kept)}

    planned = [PlannedPage(f"/{n}/", "p.html", "test", context) for n in range(5)]
    env = Environment(loader=DictLoader({"p.html": "{{ n }}"}))

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            events.append("collection")

    gc.collect()
    gc.callbacks.append(seen)
    try:
        rendered = render_pages(
            RenderWork(planned, [Fingerprint("", "")] * 5, [], env, fail), {}, None
        )
    finally:
        gc.callbacks.remove(seen)
    assert rendered == 5
    assert events[:5] == ["page"] * 5  # the pages of the chunk, then maybe a collection


def test_files_are_made_before_pages(tmp_path: Path) -> None:
    """A sitemap or a feed costs as much as many pages: handed out last, it would keep one
    worker busy while the others wait, so files go first."""
    events: list[str] = []

    def page(n: int) -> PlannedPage:
        return PlannedPage(f"/{n}/", "p.html", "test", lambda: events.append(f"page {n}") or {})

    def made(name: str) -> str:
        events.append(name)
        return name

    planned = [page(n) for n in range(3)]
    files = [PlannedFile(f"/{n}.xml", f"{n}.xml", n, lambda n=n: made(n)) for n in ("a", "b")]
    env = Environment(loader=DictLoader({"p.html": "x"}))
    (tmp_path / "site").mkdir()
    with OutputFolder(tmp_path / "site", tmp_path / "out") as out:
        render_pages(RenderWork(planned, [Fingerprint("", "")] * 3, files, env, fail), {}, out)
        out.commit()
    assert events == ["a", "b", "page 0", "page 1", "page 2"]
    assert (tmp_path / "out" / "b.xml").read_text() == "b"
