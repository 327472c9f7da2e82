"""Pure groupings of published articles: sections, tags, authors, archives, list pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Generic, TypeVar

from ..content.model import Article
from ..core.collation import collation_key
from ..core.errors import Diagnostic, error, warning
from ..core.slugs import slugify
from .front import FrontOrder

T = TypeVar("T")


@dataclass(frozen=True)
class Group:
    """Articles sharing a section, tag, author or month; `articles` newest first."""

    name: str
    slug: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Taxonomy:
    """The groups of one kind (tags, authors) and the URL slug of each name."""

    groups: tuple[Group, ...]
    slugs: Mapping[str, str]  #: casefolded name -> slug
    #: name as the stories spell it -> slug: a build asks for each story's tags' slugs
    spelled: Mapping[str, str] = field(default_factory=dict)

    def slug(self, name: str) -> str:
        return self.spelled.get(name) or self.slugs.get(name.casefold()) or slugify(name)


def taxonomy(
    articles: Sequence[Article], names: Callable[[Article], Iterable[str]], kind: str
) -> tuple[Taxonomy, list[Diagnostic]]:
    """Group newest-first articles by name, case-insensitively, one URL slug per name.

    Two different names whose slugs coincide ("M&A" and "M-A") are kept apart: in name
    order, the first keeps the slug, the next gets "-2" and so on, and a warning says so.
    A group is shown under the spelling of its newest article.
    """
    members: dict[str, list[Article]] = {}
    spelling: dict[str, str] = {}
    written: dict[str, list[Article]] = {}  # a name as written -> its group's members
    for article in articles:
        for name in names(article):
            group = written.get(name)
            if group is None:  # casefolded once per spelling, not once per article
                key = name.casefold()
                spelling.setdefault(key, name)
                group = written[name] = members.setdefault(key, [])
            group.append(article)
    slugs: dict[str, str] = {}
    taken: dict[str, str] = {}
    found: list[Diagnostic] = []
    for key in sorted(members, key=lambda k: (slugify(spelling[k]), k)):
        base = slugify(spelling[key])
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            first = members[key][-1]
            found.append(
                warning(
                    first.source,
                    first.line_of(kind),
                    kind,
                    f"{spelling[key]!r} and {spelling[taken[base]]!r} share the URL slug "
                    f"{base!r}; {spelling[key]!r} is published at {slug!r}",
                    "use one spelling if they are the same",
                )
            )
        taken[slug] = key
        slugs[key] = slug
    groups = sorted(
        (Group(spelling[k], slugs[k], tuple(v)) for k, v in members.items()),
        key=lambda g: (collation_key(g.name), g.slug),
    )
    spelled = {name: slugs[name.casefold()] for name in written}
    return Taxonomy(tuple(groups), slugs, spelled), found


def sections(articles: Sequence[Article]) -> tuple[Group, ...]:
    """Sections by slug, sorted by name (check_sections reports clashing spellings)."""
    first: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    written: dict[str, list[Article]] = {}  # a category as written -> its section's members
    for article in articles:
        found = written.get(article.category)
        if found is None:  # slugified once per spelling, not once per article
            slug = article.category_slug
            first.setdefault(slug, article.category)
            found = written[article.category] = members.setdefault(slug, [])
        found.append(article)
    groups = [Group(first[slug], slug, tuple(found)) for slug, found in members.items()]
    return tuple(sorted(groups, key=lambda g: (collation_key(g.name), g.slug)))


def check_sections(articles: Sequence[Article]) -> list[Diagnostic]:
    """Two spellings of one section ("World & Politics", "World Politics") are an error:
    a section is a newsroom desk, and a typo there should not silently merge or split it."""
    spellings = {a.category: a for a in articles}  # one article per spelling
    if len({a.category_slug for a in spellings.values()}) == len(spellings):
        return []  # no two spellings share a slug (nearly always): no need to sort
    seen: dict[str, Article] = {}
    found = []
    for article in sorted(articles, key=lambda a: a.source):
        first = seen.setdefault(article.category_slug, article)
        if first.category != article.category:
            found.append(
                error(
                    article.source,
                    article.line_of("category"),
                    "category",
                    f"{article.category!r} and {first.category!r} ({first.source}) share the "
                    f"URL /{article.category_slug}/",
                    "spell the section the same way in both",
                )
            )
    return found


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    articles: tuple[Article, ...]  #: newest first

    @property
    def url(self) -> str:
        return f"/archive/{self.year:04d}/{self.month:02d}/"


def archives(articles: Sequence[Article], zone: tzinfo) -> tuple[Month, ...]:
    """Months with publications, newest first; months are those of the site's zone."""
    members: dict[tuple[int, int], list[Article]] = {}
    for article in articles:
        local = article.published.astimezone(zone)
        members.setdefault((local.year, local.month), []).append(article)
    return tuple(
        Month(y, m, tuple(found)) for (y, m), found in sorted(members.items(), reverse=True)
    )


def neighbours(section: Group) -> dict[str, tuple[Article | None, Article | None]]:
    """For each article of a section (by source): the (newer, older) one beside it."""
    items = section.articles
    return {
        a.source: (items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None)
        for i, a in enumerate(items)
    }


@dataclass(frozen=True)
class Indexes:
    """Every grouping a build needs, computed once."""

    sections: tuple[Group, ...]
    tags: Taxonomy
    authors: Taxonomy
    archives: tuple[Month, ...]
    related: Mapping[str, tuple[Article, ...]]  #: by article source
    front: FrontOrder | None = None  #: the front page's order (front.py); None: newest first
    descriptions: Mapping[str, str] = field(default_factory=dict)  #: section slug -> Markdown


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a paginated list; `number` counts from 1."""

    number: int
    total: int
    items: tuple[T, ...]


def paginate(items: Sequence[T], size: int) -> tuple[Page[T], ...]:
    """Split items into pages of `size`; an empty list still has one (empty) page."""
    chunks = [tuple(items[i : i + size]) for i in range(0, len(items), size)] or [()]
    return tuple(Page(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1))


def build_indexes(
    articles: Sequence[Article], zone: tzinfo, related: Mapping[str, tuple[Article, ...]]
) -> tuple[Indexes, list[Diagnostic]]:
    tags, tag_problems = taxonomy(articles, lambda a: a.tags, "tags")
    authors, author_problems = taxonomy(articles, lambda a: a.authors, "authors")
    return (
        Indexes(sections(articles), tags, authors, archives(articles, zone), related),
        tag_problems + author_problems,
    )
