"""Where a build learns what the site has published (site/permanence.py): the register
in the output folder it replaces, and each `--published` source, a list of URLs or a
sitemap given as a path, a `file:` URL or an http(s) URL."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..config import SiteConfig
from ..core.errors import UsageError, fail, raise_if_errors
from ..site.permanence import (
    REGISTER,
    NotASitemap,
    PublishedUrl,
    SiteNow,
    lost_urls,
    other_pages,
    read_register,
    read_url_list,
    sitemap_parts,
    sitemap_urls,
    withheld_urls,
)
from .plan import Loaded

FETCH_TIMEOUT = 30.0  #: seconds, for a `--published https://…/sitemap.xml`
MAX_PARTS = 1000  #: sitemaps a sitemap index may name (50,000 URLs each)


@dataclass(frozen=True)
class Published:
    """Where a build learns what was published."""

    register_dir: Path  #: the output folder whose register counts
    sources: tuple[str, ...]  #: --published
    strict: bool  #: warnings are errors


def keep_published(site_dir: Path, config: SiteConfig, loaded: Loaded, where: Published) -> Loaded:
    """Fail when this build would drop a published URL (before anything is planned or
    written); otherwise `loaded` with the URLs that scheduled stories withhold."""
    published = published_urls(
        where.register_dir, where.sources, config.base_path, partial(_shown, site_dir)
    )
    if not published:
        return loaded
    content = loaded.content
    site = SiteNow(
        content.articles,
        content.drafts,
        content.scheduled,
        loaded.gone,
        config.build.permalink,
        other_pages(content.articles).__contains__,
        lambda rel: (site_dir / rel).is_file(),
    )
    lost = lost_urls(published, site)
    if lost:
        fail(*lost, *loaded.problems)
    withheld, held_back = withheld_urls(published, content.scheduled)
    problems = [*loaded.problems, *held_back]
    raise_if_errors(problems, where.strict)
    return replace(loaded, withheld=withheld, problems=problems)


def _shown(site_dir: Path, path: Path) -> str:
    """A path as a writer knows it: relative to the site when inside it."""
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def published_urls(
    register_dir: Path, sources: Sequence[str], base_path: str, shown: Callable[[Path], str]
) -> list[PublishedUrl]:
    """Every URL known to be published: the register of the output in `register_dir`,
    then each `--published` source. `shown` names a file as the writer knows it."""
    found: list[PublishedUrl] = []
    register = register_dir / REGISTER
    try:
        text = register.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{shown(register)}: cannot read the published URLs: {exc}") from None
    found += read_register(text, shown(register))
    for source in sources:
        found += _read_source(source, base_path)
    return found


def _read_source(source: str, base_path: str) -> list[PublishedUrl]:
    text = _read(source)
    if not text.lstrip().startswith("<"):
        return read_url_list(text, source, base_path)
    try:
        parts = sitemap_parts(text)
        urls = sitemap_urls(text, base_path)
    except NotASitemap as exc:
        raise UsageError(f"--published {source}: {exc}") from None
    if len(parts) > MAX_PARTS:
        raise UsageError(f"--published {source}: a sitemap index of over {MAX_PARTS} sitemaps")
    for part in parts:  # a sitemap index: its sitemaps, beside it or at their URLs
        part_source = _part(source, part)
        try:
            urls += sitemap_urls(_read(part_source), base_path)
        except NotASitemap as exc:
            raise UsageError(f"--published {part_source}: {exc}") from None
    return [PublishedUrl(url, source) for url in urls]


def _part(index: str, part: str) -> str:
    """Where a sitemap index's part is read from: fetched where the index was; beside
    the index file (by its name) when the index was a file."""
    if _is_web(index):
        return urljoin(index, part)
    name = urlsplit(part).path.rpartition("/")[2]
    return str(_local_path(index).parent / name)


def _is_web(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _local_path(source: str) -> Path:
    if source.startswith("file:"):
        return Path(urllib.request.url2pathname(urlsplit(source).path))
    return Path(source)


def _read(source: str) -> str:
    """A source's text: a file, or a plain GET of an http(s) URL (nothing else is sent)."""
    try:
        if _is_web(source):
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT) as response:
                data: bytes = response.read()
        else:
            data = _local_path(source).read_bytes()
        return data.decode("utf-8-sig")
    except (OSError, urllib.error.URLError, ValueError) as exc:
        what = "fetch" if _is_web(source) else "read"
        raise UsageError(f"--published {source}: cannot {what} it ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
