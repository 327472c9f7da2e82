"""The command line: parse arguments, call build/check/new, map errors to exit codes.

Exit codes: 0 success, 1 content or config errors, 2 usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..build.pipeline import BuildOptions, BuildResult, build_site, check_site
from ..build.report import failure_report, success_report, usage_report
from ..build.timings import timing_chart
from ..config import load_config
from ..content.newarticle import write_new_article
from ..core.errors import BuildError, UsageError
from ..scaffold.newsite import InitResult, SiteChoices, init_site
from ..scaffold.themefiles import copy_template, format_listing, list_templates, site_theme
from ..scaffold.theming import theming_reference
from ..serve.server import ServeOptions, serve_site
from . import console

F = TypeVar("F", bound=Callable[..., Any])
#: How the console writes a time when site.toml sets no `date_format` (the console is English).


def site_option(func: F) -> F:
    return click.option(
        "--site",
        "site_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="The site folder (holding site.toml).",
    )(func)


def published_option(func: F) -> F:
    return click.option(
        "--published",
        metavar="FILE",
        multiple=True,
        help="URLs this site has published, which the build must keep: a list of URLs or "
        "paths, or a sitemap.xml; a path, file: or http(s) URL. Repeatable.",
    )(func)


def debug_option(func: F) -> F:
    return click.option("--debug", is_flag=True, help="Show Python tracebacks.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="atlasgen")
def main() -> None:
    """atlasgen: a static site generator for news publications."""


@main.command()
@site_option
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build.output).",
)
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles scheduled after now.")
@click.option("--now", "now", metavar="TIME", help="Build as if it were TIME (ISO-8601).")
@click.option("--base-url", metavar="URL", help="Override base_url (e.g. for a preview).")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes for rendering (default: one per core).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--verbose", "-v", is_flag=True, help="Print stage timings.")
@click.option(
    "--no-wait",
    is_flag=True,
    help="Exit with code 2 instead of waiting when another build of the site is running.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the outcome as JSON (counts, warnings, errors, next_scheduled), "
    "for CI; written when the build fails too.",
)
@published_option
@debug_option
def build(
    site_dir: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    now: str | None,
    base_url: str | None,
    jobs: int | None,
    strict: bool,
    quiet: bool,
    verbose: bool,
    no_wait: bool,
    report: Path | None,
    published: tuple[str, ...],
    debug: bool,
) -> None:
    """Build the site into the output folder."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    options = BuildOptions(
        output, drafts, future, now, base_url, strict, jobs, wait=not no_wait, published=published
    )
    progress = console.progress if sys.stderr.isatty() and not quiet else None
    preview = " ".join(flag for flag, on in (("--drafts", drafts), ("--future", future)) if on)

    def run_build() -> BuildResult:
        try:
            done = build_site(site_dir, options, progress, say=_say_waiting)
        except BuildError as exc:
            console.write_report(report, failure_report(exc.diagnostics, bool(preview)))
            raise
        except UsageError as exc:
            console.write_report(report, usage_report(str(exc), bool(preview)))
            raise
        where = console.shown(done.output, site_dir) if done.output is not None else ""
        console.write_report(report, success_report(done, where, bool(preview)))
        return done

    result = console.run_saying(run_build, debug, console.Failure(strict))
    console.report_warnings(result.warnings, quiet)
    if preview and not quiet and console.into_site_output(result, site_dir):
        click.echo(console.preview_warning(result, site_dir, preview), err=True)
    if not quiet:
        console.clear_progress(progress)
        click.echo(console.summary(result, site_dir, preview))
    if verbose:
        encoding = getattr(sys.stdout, "encoding", None)
        for line in timing_chart(result.timings, encoding):
            click.echo(line)


@main.command()
@site_option
@click.option("--drafts", is_flag=True, help="Also check articles marked draft: true.")
@click.option("--future", is_flag=True, help="Also check scheduled articles' pages.")
@click.option("--now", "now", metavar="TIME", help="Check as if it were TIME.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@published_option
@debug_option
def check(
    site_dir: Path,
    drafts: bool,
    future: bool,
    now: str | None,
    strict: bool,
    published: tuple[str, ...],
    debug: bool,
) -> None:
    """Validate config, content and templates; write nothing."""
    options = BuildOptions(None, drafts, future, now, None, strict, published=published)
    result = console.run_saying(
        lambda: check_site(site_dir, options),
        debug,
        console.Failure(strict, *console.NOTHING_WRITTEN),
    )
    console.report_warnings(result.warnings, False)
    click.echo(
        f"No errors: {result.pages} pages would be built"
        + (f", {len(result.warnings)} warning(s)." if result.warnings else ".")
    )


@main.command()
@site_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--drafts/--no-drafts",
    default=True,
    show_default=True,
    help="Show articles marked draft: true (badged Draft).",
)
@click.option(
    "--future/--no-future",
    default=True,
    show_default=True,
    help="Show scheduled articles (badged Scheduled).",
)
@debug_option
def serve(site_dir: Path, host: str, port: int, drafts: bool, future: bool, debug: bool) -> None:
    """Preview the site on localhost; rebuild and reload the browser on every save."""
    options = ServeOptions(host, port, drafts, future, debug)
    console.run_saying(lambda: serve_site(site_dir, options, _say), debug)


def _say_waiting(text: str) -> None:
    click.echo(text, err=True)


def _say(text: str, error: bool = False) -> None:
    styled = error and sys.stderr.isatty() and not text.startswith("Traceback")
    click.echo(click.style(text, fg="red") if styled else text, err=error)


@main.command()
@click.argument("headline")
@click.option("--category", required=True, help="The section, e.g. Technology.")
@click.option("--slug", help="URL slug (default: from the headline).")
@click.option("--lang", help="Its language, one of site.toml's languages (default: the first).")
@click.option("--translation-key", "key", default="", help="Shared with its translations.")
@site_option
@debug_option
def new(
    headline: str,
    category: str,
    slug: str | None,
    lang: str | None,
    key: str,
    site_dir: Path,
    debug: bool,
) -> None:
    """Start a new article: writes content/<category>/<slug>.md as a draft
    (content/<lang>/<category>/<slug>.md in another edition's language)."""

    def write() -> Path:
        config = load_config(site_dir)
        return write_new_article(
            site_dir, config, headline, category, slug, lang=lang, translation_key=key
        )

    path = console.run_saying(
        write,
        debug,
        console.Failure(False, "Failed", "no file was written"),
    )
    click.echo(f"Created {path} (draft: true; remove that line to publish)")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--title", help="The publication's name (default: from the folder's name).")
@click.option("--base-url", metavar="URL", help="The site's public address.")
@click.option("--language", help="The site's language, e.g. en, fr.")
@click.option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Europe/London.")
@click.option("--interactive", "-i", is_flag=True, help="Ask for each of these.")
@click.option("--force", is_flag=True, help="Add the missing files to a folder that is not empty.")
@debug_option
def init(
    folder: Path,
    title: str | None,
    base_url: str | None,
    language: str | None,
    timezone: str | None,
    interactive: bool,
    force: bool,
    debug: bool,
) -> None:
    """Start a new site in FOLDER (default: here): settings, a welcome story, example
    data files, a CI workflow. Never overwrites a file."""
    defaults = SiteChoices(title or _title_from(folder))
    values = {
        "title": title or defaults.title,
        "base_url": base_url or defaults.base_url,
        "language": language or defaults.language,
        "timezone": timezone or defaults.timezone,
    }
    if interactive:
        for key, label in INIT_QUESTIONS.items():
            values[key] = click.prompt(label, default=values[key])
    choices = SiteChoices(**values)
    result = console.run_saying(lambda: init_site(folder, choices, datetime.now(UTC), force), debug)
    click.echo(_init_summary(folder, result))


INIT_QUESTIONS = {
    "title": "The publication's name",
    "base_url": "Its public address",
    "language": "Its language",
    "timezone": "Its time zone",
}


def _title_from(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return name.title() if name else "News"


def _init_summary(folder: Path, result: InitResult) -> str:
    lines = [f"Created a new site in {folder}/ ({len(result.written)} files)."]
    if result.kept:
        lines.append("Kept as they were: " + ", ".join(result.kept))
    step = [f"  cd {folder}"] if folder != Path(".") else []
    lines += [
        "Next:",
        *step,
        "  atlasgen serve     # preview at http://127.0.0.1:8000/ while you write",
        "  atlasgen build     # the site, in public/",
        "Set base_url in site.toml to the site's address before you publish.",
    ]
    return "\n".join(lines)


@main.group()
def theme() -> None:
    """The theme's templates: list them, copy one into templates/ to change it."""


@theme.command("list")
@site_option
@debug_option
def theme_list(site_dir: Path, debug: bool) -> None:
    """Name every template with what it renders and the variables it gets."""
    text = console.run_saying(lambda: _listing(site_dir), debug)
    click.echo(text)


def _listing(site_dir: Path) -> str:
    used = site_theme(site_dir)
    return format_listing(used, list_templates(used))


@theme.command("copy")
@click.argument("name")
@site_option
@debug_option
def theme_copy(name: str, site_dir: Path, debug: bool) -> None:
    """Copy the theme's template NAME into the site's templates/ (never overwrites)."""
    copied = console.run_saying(lambda: copy_template(site_dir, site_theme(site_dir), name), debug)
    click.echo(f"Copied to {copied}; the next build uses it.")


@theme.command("reference")
def theme_reference() -> None:
    """Print the theming reference (docs/theming.md) in Markdown."""
    click.echo(theming_reference(), nl=False)
