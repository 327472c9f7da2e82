"""`atlasgen build --report FILE`: the build's outcome as JSON, for a CI pipeline.

A scheduler reads `next_scheduled` to know when the next embargoed story goes live (and
`next_until` when an editorial choice lapses), so it can build again at that moment; a
failed build writes the report too, with its errors, so a pipeline can show them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..core.errors import Diagnostic
from ..core.urls import absolute
from .pipeline import BuildResult

VERSION = 1  #: of the report's layout: a field is only ever added


def success_report(result: BuildResult, output: str, preview: bool) -> dict[str, Any]:
    """What a build that succeeded made, and when the next build will change it."""
    config = result.config
    nxt = result.next_scheduled
    scheduled = None
    if nxt is not None and config is not None:
        url = absolute(config.origin, config.base_path, nxt.url)
        scheduled = {"path": nxt.source, "url": url, **_time(nxt.published)}
    until = None
    if result.next_until is not None:
        source, when = result.next_until
        until = {"path": source, **_time(when)}
    return {
        "report": VERSION,
        "ok": True,
        "preview": preview,
        "now": result.now.isoformat(),
        "output": output,
        "pages": result.pages,
        "rendered": result.rendered,
        "files": result.files,
        "searchable": result.searchable,
        "seconds": round(result.seconds, 3),
        "warnings": _listed(result.warnings),
        "errors": [],
        "next_scheduled": scheduled,
        "next_until": until,
    }


def failure_report(diagnostics: Iterable[Diagnostic], preview: bool) -> dict[str, Any]:
    """A build that failed: its errors (and the warnings, which --strict made fatal);
    nothing was written, so no counts."""
    found = sorted(diagnostics)
    return {
        "report": VERSION,
        "ok": False,
        "preview": preview,
        "pages": None,
        "files": None,
        "warnings": _listed(d for d in found if d.severity == "warning"),
        "errors": _listed(d for d in found if d.severity == "error"),
        "next_scheduled": None,
        "next_until": None,
    }


def usage_report(message: str, preview: bool) -> dict[str, Any]:
    """A build that could not start (a usage error, exit code 2)."""
    error = {"path": "", "line": 0, "key": "", "message": message, "hint": "", "text": message}
    return {**failure_report((), preview), "errors": [error]}


def report_text(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _time(when: datetime) -> dict[str, Any]:
    return {"time": when.isoformat(), "timestamp": int(when.timestamp())}


def _listed(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {
            "path": d.path,
            "line": d.line,
            "key": d.key,
            "message": d.message,
            "hint": d.hint,
            "text": d.format(),
        }
        for d in diagnostics
    ]
