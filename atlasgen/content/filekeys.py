"""Which article files need parsing. A file's parsed entry is kept in the build cache
under a key made of its bytes (and the parse settings); a file whose `stat` is as the last
build recorded (`KnownFiles`) has its key without being read, and one whose key has an
entry is not parsed again. The rest are left to the parse pool, in walk order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic
from ..core.filestat import KnownFiles, Signature, signature
from .datafiles import load_data
from .layout import CONTENT, DATA, DATA_SUFFIXES, is_article_file
from .model import Article
from .reading import read_article

Entry = tuple[Article | None, tuple[Diagnostic, ...], int]
"""A parsed article file as the build cache keeps it: the article without its body (the
body is cut from the file's text again, so it is not held twice), the file's problems,
and where in the text the body starts."""

Outcome = tuple[Article | None, list[Diagnostic]]


@dataclass
class Todo:
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
class FoundFiles:
    """What the walk over content/ found. `outcomes` has one item per file, in walk order;
    `missing` the article files still to parse."""

    outcomes: list[Outcome] = field(default_factory=list)
    missing: list[Todo] = field(default_factory=list)
    static: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    data_sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    """Where an article file's entry is looked for, and what the lookup records: the cache
    keys this build used (`used`) and each file's key by its `stat` (`known`)."""

    root: str  #: the content folder, a plain string: pathlib costs more than the reading
    settings: str
    stored: dict[str, Any]  #: the cache's entries by key; each found one is taken out
    used: list[str]
    known: KnownFiles
    #: The files' signatures taken before the walk, by path under the root; None: take them.
    stats: Mapping[str, Signature] | None = None


def read_files(content_dir: Path, rels: list[str], lookup: Lookup) -> FoundFiles:
    """Sort the walk's files into data, static and article files; an article file whose
    bytes have a stored entry needs no parsing, and one whose `stat` is as the last build
    recorded needs no reading either."""
    files = FoundFiles()
    for rel in rels:
        source = f"{CONTENT}/{rel}"
        problems: list[Diagnostic] = []
        files.outcomes.append((None, problems))
        if rel.startswith(DATA + "/"):
            if rel.endswith(DATA_SUFFIXES) and rel.count("/") == 1:
                load_data(content_dir / rel, source, files.data, problems)
                if (stem := Path(rel).stem) in files.data:
                    files.data_sources.setdefault(stem, source)
        elif not is_article_file(rel):
            files.static.append(rel)
        else:
            _find_entry(files, rel, source, problems, lookup)
    return files


def _find_entry(
    files: FoundFiles, rel: str, source: str, problems: list[Diagnostic], lookup: Lookup
) -> None:
    """The last outcome from the article file's stored entry, or the file left to parse."""
    stats = lookup.stats  # taken before reading: a later change shows next time
    sig = stats.get(rel) if stats is not None else signature(f"{lookup.root}/{rel}")
    key: str | None = lookup.known.get(rel, sig)
    number = len(files.outcomes) - 1
    if key is None and not lookup.stored:  # nothing parsed to be found: read where parsed
        files.missing.append(Todo(number, source, rel, sig))
        return
    text = None
    if key is None or not usable(lookup.stored.get(key)):
        read = read_article(f"{lookup.root}/{rel}", source, lookup.settings, problems)
        if read is None:
            return
        key, text = read
    lookup.used.append(key)
    lookup.known.put(rel, sig, key)
    entry = lookup.stored.pop(key, None)
    if usable(entry):
        files.outcomes[number] = restored(entry)
    else:
        assert text is not None  # read above: a key the stat vouched for had an entry
        files.missing.append(Todo(number, source, rel, sig, key, text))


def usable(entry: Any) -> bool:
    """Whether a value from the cache has the shape of an `Entry` (a foreign cache's
    does not)."""
    return (
        type(entry) is tuple
        and len(entry) == 3
        and (entry[0] is None or type(entry[0]) is Article)
        and type(entry[1]) is tuple
        and type(entry[2]) is int
    )


def restored(entry: Entry) -> Outcome:
    """A parsed file's article and problems. The body stays in the file (`read_body`
    reads it when a page needs it): a build never holds every story's text at once."""
    article, problems, _start = entry
    return article, list(problems)
