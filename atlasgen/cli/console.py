"""What the command line says: diagnostics (coloured on a terminal), progress, the
build's summary line, the --report file, and how a failed command ends (its exit code)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from ..build.pipeline import BuildResult
from ..build.report import report_text
from ..core.errors import BuildError, Diagnostic, UsageError
from ..core.times import format_time

CONSOLE_TIME = "%-d %b %Y, %H:%M:%S"
T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    """How a command's failure is summed up: whether warnings failed it (`--strict`), what
    failed, and what was left behind."""

    strict: bool = False
    what: str = "Build failed"
    kept: str = "the output folder was left as it was"


NOTHING_WRITTEN = ("Check failed", "nothing was written")


def run_saying(action: Callable[[], T], debug: bool, failure: Failure = Failure()) -> T:
    try:
        return action()
    except BuildError as exc:
        if debug:
            raise
        for diagnostic in sorted(exc.diagnostics, key=lambda d: (d.path, d.line)):
            click.echo(styled(diagnostic), err=True)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        warnings = len(exc.diagnostics) - errors
        what = f"{errors} error(s)"
        if warnings:
            what += f", {warnings} warning(s)" + (" (--strict)" if failure.strict else "")
        click.echo(f"{failure.what}: {what}; {failure.kept}.", err=True)
        sys.exit(1)
    except UsageError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("\nInterrupted; the output folder was left as it was.", err=True)
        sys.exit(130)
    except Exception as exc:  # an atlasgen bug: say so briefly unless --debug
        if debug:
            raise
        click.echo(
            f"Internal error: {type(exc).__name__}: {exc} (run with --debug for a "
            "traceback and please report it)",
            err=True,
        )
        sys.exit(1)


def styled(diagnostic: Diagnostic) -> str:
    colour = "red" if diagnostic.severity == "error" else "yellow"
    return (
        click.style(diagnostic.format(), fg=colour) if sys.stderr.isatty() else diagnostic.format()
    )


def report_warnings(warnings: tuple[Diagnostic, ...], quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            click.echo(styled(warning), err=True)


def progress(stage: str, done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        click.echo(f"\r{stage}: {done}/{total} pages", nl=False, err=True)


def clear_progress(progress: object) -> None:
    if progress is not None:
        click.echo("\r\033[K", nl=False, err=True)


def write_report(path: Path | None, report: dict[str, Any]) -> None:
    """Write the --report file (when asked for); a report that cannot be written is a
    usage error, as a CI pipeline would miss it."""
    if path is None:
        return
    try:
        path.write_text(report_text(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--report {path}: cannot write it ({exc.strerror or exc})") from None


def into_site_output(result: BuildResult, site_dir: Path) -> bool:
    """Whether the build went into the site's own output folder (build.output)."""
    if result.output is None or result.config is None:
        return False
    return result.output.resolve() == (site_dir / result.config.build.output).resolve()


def preview_warning(result: BuildResult, site_dir: Path, preview: str) -> str:
    where = shown(result.output, site_dir) if result.output else "the output folder"
    return (
        f"warning: preview build ({preview}) into {where}, the site's own output folder: "
        "its drafts or scheduled stories are published if it is deployed "
        "(build previews with --output DIR)"
    )


def summary(result: BuildResult, site_dir: Path, preview: str = "") -> str:
    kept = result.pages - result.rendered
    unchanged = f"; {kept} unchanged" if kept else ""
    text = f"Built {result.pages} pages ({result.files} files{unchanged}) in {result.seconds:.2f} s"
    if result.output is not None:
        text += f" into {shown(result.output, site_dir)}"
    if preview:
        text += (
            f"; preview build ({preview}): drafts and scheduled stories are noindex and "
            "left out of feeds, sitemaps and search"
        )
    if result.searchable is not None:
        text += f"; {result.searchable} searchable"
    nxt = result.next_scheduled
    if nxt is not None and result.config is not None:
        config = result.config
        when = format_time(nxt.published, config.date_format or CONSOLE_TIME, config.tz)
        text += (
            f"; next scheduled: {nxt.source} at {when} ({config.timezone}),"
            f" {nxt.published.isoformat()}"
        )
    if result.next_until is not None and result.config is not None:
        config = result.config
        source, until = result.next_until
        when = format_time(until, config.date_format or CONSOLE_TIME, config.tz)
        text += f"; {source} ends at {when} ({config.timezone}), {until.isoformat()}"
    return text


def shown(path: Path, site_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(site_dir.resolve())) + "/"
    except ValueError:
        return str(path)
