"""Checks across articles: one article per URL, pinned related slugs exist, aliases
collide with nothing. Diagnostics come in a fixed order: URLs first, in the order they
were first seen, then each article's related slugs and aliases."""

from __future__ import annotations

from collections import defaultdict

from ..core.errors import Diagnostic, error
from .model import Article


def check_links(articles: list[Article], pending: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """`pending`: slugs of story files that failed to load this run; a pin to one of
    them is not reported (the file's own errors are)."""
    by_url: dict[str, Article] = {}
    others: dict[str, list[Article]] = defaultdict(list)  #: a URL's later articles
    for article in articles:
        if by_url.setdefault(article.url, article) is not article:
            others[article.url].append(article)
    found = _shared_urls(by_url, others) if others else []
    known = {article.slug for article in articles} | pending  # once: not a copy an article
    aliases: dict[str, Article] = {}
    for article in articles:
        found.extend(_related_problems(article, known))
        found.extend(_alias_problems(article, by_url, aliases))
    return found


def _shared_urls(by_url: dict[str, Article], others: dict[str, list[Article]]) -> list[Diagnostic]:
    return [
        error(
            other.source,
            other.line_of("slug"),
            "slug",
            f"{url} is also the URL of {by_url[url].source}",
            "give one of them another slug",
        )
        for url in by_url  # in the order the URLs were first seen
        for other in others.get(url, ())
    ]


def _related_problems(article: Article, slugs: set[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for i, slug in enumerate(article.related):
        if slug not in slugs:
            message = f"no article has the slug {slug!r}"
        elif slug == article.slug:
            message = "an article cannot be related to itself"
        else:
            continue
        found.append(error(article.source, article.line_of("related", i), "related", message))
    return found


def _alias_problems(
    article: Article, by_url: dict[str, Article], aliases: dict[str, Article]
) -> list[Diagnostic]:
    """The article's aliases that are another page's URL or another article's alias;
    each alias is recorded in `aliases`."""
    found: list[Diagnostic] = []
    for i, alias in enumerate(article.aliases):
        if alias in by_url:
            message = f"{alias} is the URL of {by_url[alias].source}"
        elif alias in aliases and aliases[alias] is not article:
            message = f"{alias} is also an alias of {aliases[alias].source}"
        else:
            message = ""
        if message:
            found.append(error(article.source, article.line_of("aliases", i), "aliases", message))
        aliases[alias] = article
    return found
