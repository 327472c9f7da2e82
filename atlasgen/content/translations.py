"""Translations: the stories that share a `translation_key` are one story in the site's
languages. Each language has at most one version of a story."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.errors import Diagnostic, error
from .model import Article


def check_translations(articles: Iterable[Article]) -> list[Diagnostic]:
    """Two stories in one language with one `translation_key` are an error at the key's
    line of the later file (by path), naming the other: a reader switching language
    could land on either."""
    first: dict[tuple[str, str], Article] = {}
    found = []
    for article in sorted(articles, key=lambda a: a.source):
        if not article.translation_key:
            continue
        seen = first.setdefault((article.translation_key, article.lang), article)
        if seen is not article:
            found.append(
                error(
                    article.source,
                    article.line_of("translation_key"),
                    "translation_key",
                    f"{article.translation_key!r} is also the key of {seen.source}, "
                    f"in the same language ({article.lang})",
                    "each language has one version of a story; give its lang or another key",
                )
            )
    return found
