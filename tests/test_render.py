"""Rendering planned pages (render.py), apart from fingerprints."""

from __future__ import annotations

import gc
from typing import Any

from jinja2 import DictLoader, Environment

from atlasgen.errors import Diagnostic
from atlasgen.pages import PlannedPage
from atlasgen.render import Fingerprint, render_pages


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
        rendered = render_pages(planned, [Fingerprint("", "")] * 5, [], env, fail, {}, None)
    finally:
        gc.callbacks.remove(seen)
    assert rendered == 5
    assert events[:5] == ["page"] * 5  # the pages of the chunk, then maybe a collection
