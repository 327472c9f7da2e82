"""Pure groupings of published articles: sections, tags, authors, pages of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import Diagnostic, error
from .model import Article
from .slugs import slugify

T = TypeVar("T")


@dataclass(frozen=True)
class Group:
    """Articles sharing a section, tag or author; `articles` newest first."""

    name: str
    slug: str
    articles: tuple[Article, ...]


def group_by(articles: Sequence[Article], names: Callable[[Article], Iterable[str]]
             ) -> tuple[Group, ...]:
    """Group newest-first articles by the names each carries, merged by slug.

    Two names with one slug ("M&A", "M-A") become one group under the name used by the
    newest article, so every URL has exactly one page. Groups are sorted by name.
    """
    first_name: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    for article in articles:
        for name in names(article):
            slug = slugify(name)
            first_name.setdefault(slug, name)
            members.setdefault(slug, []).append(article)
    groups = [Group(first_name[slug], slug, tuple(found)) for slug, found in members.items()]
    return tuple(sorted(groups, key=lambda g: (g.name.casefold(), g.slug)))


def sections(articles: Sequence[Article]) -> tuple[Group, ...]:
    return group_by(articles, lambda a: (a.category,))


def tags(articles: Sequence[Article]) -> tuple[Group, ...]:
    return group_by(articles, lambda a: a.tags)


def authors(articles: Sequence[Article]) -> tuple[Group, ...]:
    return group_by(articles, lambda a: a.authors)


def check_sections(articles: Sequence[Article]) -> list[Diagnostic]:
    """Two spellings of one section ("World & Politics", "World Politics") are an error:
    a section is a newsroom desk, and a typo there should not silently merge or split it."""
    seen: dict[str, Article] = {}
    found = []
    for article in sorted(articles, key=lambda a: a.source):
        first = seen.setdefault(article.category_slug, article)
        if first.category != article.category:
            found.append(error(
                article.source, article.line_of("category"), "category",
                f"{article.category!r} and {first.category!r} ({first.source}) share the "
                f"URL /{article.category_slug}/", "spell the section the same way in both",
            ))
    return found


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
