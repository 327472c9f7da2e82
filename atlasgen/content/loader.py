"""The only reader of content/: files -> `ContentSet` plus diagnostics.

Articles are parsed, filtered by the build's "now", drafts and future flags, given
their URLs, and cross-checked (one article per URL, pinned related slugs exist,
aliases do not collide). Data files become `data.<stem>`; every other file is a static
file copied as is.

Parsing front matter is the costly part, so it is skipped for files whose bytes were
parsed before (the build cache), and shared out among forked processes when there are
many files left to parse; articles and problems come out in the same order either way.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..config import SiteConfig, describe_toml_error
from ..core.cache import BuildCache, digest
from ..core.errors import BuildError, Diagnostic, error
from ..core.filestat import KnownFiles, Signature, signature
from ..core.forking import forked_map, spans, worker_count
from ..core.urls import article_url
from .frontmatter import Problem, parse_article, parse_yaml_data
from .model import Article, ContentSet, card_key, newest_first
from .references import story_links

CONTENT = "content"
DATA = "_data"
DATA_SUFFIXES = (".toml", ".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Selection:
    """Which articles this build publishes."""

    now: datetime
    drafts: bool = False
    future: bool = False


Entry = tuple[Article | None, tuple[Diagnostic, ...], int]
"""A parsed article file as the build cache keeps it: the article without its body (the
body is cut from the file's text again, so it is not held twice), the file's problems,
and where in the text the body starts."""

Outcome = tuple[Article | None, list[Diagnostic]]

MIN_PARALLEL = 500  #: below this many files to parse, forking costs more than it saves


@dataclass
class _Todo:
    """An article file still to parse: the number of its outcome, its source and, once
    read, its key and text. A first build (no parsed article in the cache) leaves them
    None: the parsing processes read the files, so the reading is shared out too."""

    number: int
    source: str
    rel: str
    sig: Signature | None
    key: str | None = None
    text: str | None = None


@dataclass
class _Files:
    """What the walk over content/ found. `outcomes` has one item per file, in walk order;
    `missing` the article files still to parse."""

    outcomes: list[Outcome] = field(default_factory=list)
    missing: list[_Todo] = field(default_factory=list)
    static: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    data_sources: dict[str, str] = field(default_factory=dict)


def load_content(
    site_dir: Path,
    config: SiteConfig,
    selection: Selection,
    cache: BuildCache | None = None,
    used: list[str] | None = None,
    jobs: int = 1,
) -> tuple[ContentSet, list[Diagnostic]]:
    """Read every file under content/; return what was found and every problem.

    With a `cache`, front matter whose file bytes were parsed before is not parsed again;
    the cache keys this build used are appended to `used`. Many files left to parse are
    shared out among `jobs` processes."""
    content_dir = site_dir / CONTENT
    found: list[Diagnostic] = []
    if not content_dir.is_dir():
        return ContentSet(()), [error(CONTENT, 0, "", f"no {CONTENT}/ folder in {site_dir}")]
    stored = cache.parsed_articles() if cache is not None else {}
    rels = _walk(content_dir, site_dir, found)
    known = KnownFiles(cache, "article files", f"{content_dir}\n{_settings(config)}")
    used = [] if used is None else used
    files = _read_files(content_dir, rels, config, stored, used, known)
    stored.clear()  # the entries of deleted or edited files
    _parse_missing(files, content_dir, config, cache, jobs, used, known)
    known.save()
    articles: list[Article] = []
    sizes = KnownFiles(cache, "picture sizes", str(content_dir))
    for article, problems in files.outcomes:
        found.extend(problems)
        if article is not None:
            articles.append(_with_image_size(article, content_dir, found, sizes))
    sizes.save()

    found.extend(_check_links(articles))
    published, scheduled, drafts = _select(articles, selection)
    content = ContentSet(
        articles=newest_first(published),
        scheduled=newest_first(scheduled),
        drafts=tuple(drafts),
        data=MappingProxyType(files.data),
        data_sources=MappingProxyType(files.data_sources),
        static_files=tuple(files.static),
    )
    return content, found


def _read_files(
    content_dir: Path,
    rels: list[str],
    config: SiteConfig,
    stored: dict[str, Any],
    used: list[str],
    known: KnownFiles,
) -> _Files:
    """Read each file; an article file whose bytes are in `stored` needs no parsing, and
    one whose `stat` is as the last build recorded (`known`) needs no reading either."""
    settings = _settings(config)
    root = str(content_dir)  # plain strings: pathlib costs more than the reading here
    files = _Files()
    for rel in rels:
        source = f"{CONTENT}/{rel}"
        problems: list[Diagnostic] = []
        files.outcomes.append((None, problems))
        if rel.startswith(DATA + "/"):
            if rel.endswith(DATA_SUFFIXES) and rel.count("/") == 1:
                _load_data(content_dir / rel, source, files.data, problems)
                if (stem := Path(rel).stem) in files.data:
                    files.data_sources.setdefault(stem, source)
            continue
        if not rel.endswith(".md"):
            files.static.append(rel)
            continue
        path = f"{root}/{rel}"
        sig = signature(path)  # before reading: a later change shows next time
        key: str | None = known.get(rel, sig)
        if key is None and not stored:  # nothing parsed to be found: read where parsed
            files.missing.append(_Todo(len(files.outcomes) - 1, source, rel, sig))
            continue
        text = None
        if key is None or not _usable(stored.get(key)):
            raw = _read_bytes(path, source, problems)
            text = None if raw is None else _decoded(raw, source, problems)
            if raw is None or text is None:
                continue
            key = digest("article", source, raw, settings)
        used.append(key)
        known.put(rel, sig, key)
        entry = stored.pop(key, None)
        if _usable(entry):
            files.outcomes[-1] = _restored(entry)
        else:
            assert text is not None  # read above: a key the stat vouched for had an entry
            files.missing.append(_Todo(len(files.outcomes) - 1, source, rel, sig, key, text))
    return files


def _usable(entry: Any) -> bool:
    """Whether a value from the cache has the shape of an `Entry` (a foreign cache's
    does not)."""
    return (
        type(entry) is tuple
        and len(entry) == 3
        and (entry[0] is None or type(entry[0]) is Article)
        and type(entry[1]) is tuple
        and type(entry[2]) is int
    )


def _restored(entry: Entry) -> Outcome:
    """A parsed file's article and problems. The body stays in the file (`read_body`
    reads it when a page needs it): a build never holds every story's text at once."""
    article, problems, _start = entry
    return article, list(problems)


def read_body(site_dir: Path, article: Article, config: SiteConfig) -> str:
    """An article's Markdown body, read again from its file if the loader left it there;
    an error if the file changed since it was loaded (its text would not be the one
    this build planned and cached for)."""
    if article.body_start < 0:
        return article.body
    found: list[Diagnostic] = []
    raw = _read_bytes(f"{site_dir}/{article.source}", article.source, found)
    if raw is not None and digest("article", article.source, raw, _settings(config)) == article.key:
        text = _decoded(raw, article.source, found)
        if text is not None:
            return text[article.body_start :]
    raise BuildError(
        found
        or [error(article.source, 0, "", "changed while the site was built", "build it again")]
    )


def _settings(config: SiteConfig) -> str:
    """What parsing an article reads besides its file (part of its key), and what it
    keeps of it ("links": a cache from before `Article.links` has none to give)."""
    return f"{config.timezone}\n{config.default_author}\n{config.build.permalink}\nlinks 1"


def _parse_missing(
    files: _Files,
    content_dir: Path,
    config: SiteConfig,
    cache: BuildCache | None,
    jobs: int,
    used: list[str],
    known: KnownFiles,
) -> None:
    """Parse the files not found in the cache, and store them there."""
    entries = _parse_all(files.missing, content_dir, config, jobs) if files.missing else []
    while files.missing:  # the last first, each text let go once it is parsed
        todo = files.missing.pop()
        key, entry = entries.pop()
        if key is not None:
            if todo.key is None:  # read by the parsing process
                used.append(key)
                known.put(todo.rel, todo.sig, key)
            if cache is not None:
                cache.put_article(key, entry)
        files.outcomes[todo.number] = _restored(entry)


def _parse_all(
    missing: Sequence[_Todo], content_dir: Path, config: SiteConfig, jobs: int
) -> list[tuple[str | None, Entry]]:
    """Each missing file's key (None: unreadable) and entry, in order; many are shared out
    among forked processes, which inherit the texts (or read the files) and send back
    only the articles without their bodies."""
    workers = worker_count(jobs, len(missing), MIN_PARALLEL)
    folder = str(content_dir)

    def parse_part(bounds: tuple[int, int]) -> list[tuple[str | None, Entry]]:
        start, stop = bounds
        return [_parse_todo(todo, folder, config) for todo in missing[start:stop]]

    parts = spans(len(missing), workers * 4)  # a few parts each, so they end together
    return [entry for part in forked_map(parse_part, parts, workers) for entry in part]


def _parse_todo(todo: _Todo, content_dir: str, config: SiteConfig) -> tuple[str | None, Entry]:
    """The file's key and entry, reading it first if it was not read yet."""
    key, text = todo.key, todo.text
    if key is None or text is None:
        problems: list[Diagnostic] = []
        raw = _read_bytes(f"{content_dir}/{todo.rel}", todo.source, problems)
        text = None if raw is None else _decoded(raw, todo.source, problems)
        if raw is None or text is None:
            return None, (None, tuple(problems), 0)
        key = digest("article", todo.source, raw, _settings(config))
    return key, _parse(text, todo.source, key, config)


def _parse(text: str, source: str, key: str, config: SiteConfig) -> Entry:
    """parse_article, with the article's URL and key, and without its body."""
    article, problems = parse_article(text, source, config.tz, config.default_author)
    if article is None:
        return None, tuple(problems), len(text)
    url = article_url(
        config.build.permalink,
        article.slug,
        article.category_slug,
        article.published,
        config.tz,
    )
    start = len(text) - len(article.body)  # the body is the end of the text
    links = story_links(article)  # while the body is at hand: it is not kept
    article = replace(article, url=url, key=key, body="", body_start=start, links=links)
    return replace(article, card=card_key(article)), tuple(problems), start


def _walk(root: Path, site_dir: Path, found: list[Diagnostic]) -> list[str]:
    """Relative paths of the files under root, sorted; hidden files and folders skipped.

    Symbolic links are followed only while they stay inside the site: one pointing outside
    is refused with an error (a checkout must not publish /etc/passwd). File names that are
    not UTF-8 are reported, as are unreadable folders."""
    site = site_dir.resolve()
    results: list[str] = []
    seen: set[Path] = set()

    def refuse(rel: str, message: str) -> None:
        found.append(error(f"{CONTENT}/{rel}", 0, "", message))

    def visit(folder: Path, rel_folder: str) -> None:
        real = folder.resolve()
        if real in seen:  # a link loop
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refuse(rel_folder or ".", f"cannot read the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            name = entry.name
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if _is_scratch(name):
                continue
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                shown = os.fsencode(name).decode("utf-8", "replace")
                refuse(
                    os.fsencode(rel).decode("utf-8", "replace"),
                    f"the name {shown!r} is not valid UTF-8; rename the file",
                )
                continue
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if target != site and site not in target.parents:
                    refuse(rel, f"is a symbolic link to {target}, outside the site; refused")
                    continue
            if entry.is_dir():  # DirEntry: no further system call for most entries
                visit(Path(entry.path), rel)
            elif entry.is_file():
                results.append(rel)
            elif not os.path.exists(entry.path):  # a dangling link
                refuse(rel, "cannot read the file: No such file or directory")

    visit(root, "")
    return results


EDITOR_SCRATCH = (".swp", ".swo", ".swx", "~")


def _is_scratch(name: str) -> bool:
    """Hidden files and editors' swap, backup and probe files: never content."""
    return (
        name.startswith(".")
        or name.endswith(EDITOR_SCRATCH)
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"  # vim's write probe
    )


def _read_text(path: Path, source: str, found: list[Diagnostic]) -> str | None:
    raw = _read_bytes(path, source, found)
    return None if raw is None else _decoded(raw, source, found)


def _read_bytes(path: str | Path, source: str, found: list[Diagnostic]) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        found.append(error(source, 0, "", f"cannot read the file: {exc.strerror or exc}"))
        return None


def _decoded(raw: bytes, source: str, found: list[Diagnostic]) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        found.append(
            error(
                source,
                line,
                "",
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8",
            )
        )
        return None


def _with_image_size(
    article: Article, content_dir: Path, found: list[Diagnostic], known: KnownFiles
) -> Article:
    image = article.image
    if image is None or image.external:
        return article
    path = content_dir / image.src.lstrip("/")
    line = article.line_of("image")
    if not path.is_file():
        found.append(
            error(
                article.source, line, "image", f"src {image.src!r} is not a file under {CONTENT}/"
            )
        )
        return article
    sig = signature(str(path))
    size = known.get(image.src, sig)
    if size is None:
        try:
            with PILImage.open(path) as picture:
                size = picture.size
        except (OSError, UnidentifiedImageError):
            found.append(
                error(article.source, line, "image", f"{image.src!r} is not a readable image")
            )
            return article
    known.put(image.src, sig, size)
    width, height = size
    return replace(article, image=replace(image, width=width, height=height))


def _check_links(articles: list[Article]) -> list[Diagnostic]:
    """One article per URL; pinned related slugs exist; aliases collide with nothing."""
    found: list[Diagnostic] = []
    by_url: dict[str, Article] = {}
    others: dict[str, list[Article]] = defaultdict(list)  #: a URL's later articles
    for article in articles:
        if by_url.setdefault(article.url, article) is not article:
            others[article.url].append(article)
    slugs = {article.slug for article in articles}
    for url in by_url if others else ():  # in the order the URLs were first seen
        for other in others.get(url, ()):
            found.append(
                error(
                    other.source,
                    other.line_of("slug"),
                    "slug",
                    f"{url} is also the URL of {by_url[url].source}",
                    "give one of them another slug",
                )
            )
    aliases: dict[str, Article] = {}
    for article in articles:
        for i, slug in enumerate(article.related):
            if slug not in slugs:
                found.append(
                    error(
                        article.source,
                        article.line_of("related", i),
                        "related",
                        f"no article has the slug {slug!r}",
                    )
                )
            elif slug == article.slug:
                found.append(
                    error(
                        article.source,
                        article.line_of("related", i),
                        "related",
                        "an article cannot be related to itself",
                    )
                )
        for i, alias in enumerate(article.aliases):
            line = article.line_of("aliases", i)
            if alias in by_url:
                found.append(
                    error(
                        article.source,
                        line,
                        "aliases",
                        f"{alias} is the URL of {by_url[alias].source}",
                    )
                )
            elif alias in aliases and aliases[alias] is not article:
                found.append(
                    error(
                        article.source,
                        line,
                        "aliases",
                        f"{alias} is also an alias of {aliases[alias].source}",
                    )
                )
            aliases[alias] = article
    return found


def _select(
    articles: list[Article], selection: Selection
) -> tuple[list[Article], list[Article], list[Article]]:
    published, scheduled, drafts = [], [], []
    for article in articles:
        if article.draft and not selection.drafts:
            drafts.append(article)
        elif article.published > selection.now and not selection.future:
            scheduled.append(article)
        else:
            published.append(article)
    return published, scheduled, drafts


def _load_data(path: Path, source: str, data: dict[str, Any], found: list[Diagnostic]) -> None:
    text = _read_text(path, source, found)
    if text is None:
        return
    stem = path.stem
    if stem in data:
        found.append(error(source, 0, "", f"another data file is also named {stem!r}"))
        return
    try:
        if path.suffix == ".toml":
            data[stem] = tomllib.loads(text)
        elif path.suffix == ".json":
            data[stem] = json.loads(text)
        else:
            data[stem] = parse_yaml_data(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(exc)
        found.append(error(source, line, "", f"invalid TOML: {message}"))
    except json.JSONDecodeError as exc:
        found.append(error(source, exc.lineno, "", f"invalid JSON: {exc.msg}"))
    except Problem as exc:
        found.append(error(source, exc.line or 0, "", str(exc), exc.hint))
