"""Editions: a site published in several languages is one edition per language, each
with its own stories, front page, lists, tickers and feeds, under its URL prefix ("" for
the default language, "/fr" for French...). Translations of a story (the stories that
share a `translation_key`) link each other: `<link rel="alternate" hreflang>` and the
page's language switcher.

Everything here is pure: editions are split from the published stories, and the
alternates of a page are hrefs and absolute URLs made by the caller's `Links`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from babel import Locale

from ..content.model import Article
from ..core.urls import edition_prefix
from .views import AlternateView

X_DEFAULT = "x-default"  #: hreflang of the version for readers of no listed language


@dataclass(frozen=True)
class Edition:
    """One language of the site and the stories published in it (newest first)."""

    language: str
    prefix: str  #: "" for the default language, "/fr" for French, prepended to its URLs
    articles: tuple[Article, ...] = field(repr=False)

    @property
    def default(self) -> bool:
        return not self.prefix

    @property
    def key(self) -> str:
        """How planned pages name their edition: "" for the default, else the language."""
        return "" if self.default else self.language

    def url(self, path: str) -> str:
        """A site URL of this edition: its prefix, then `path` ("/tags/" -> "/fr/tags/")."""
        return self.prefix + path


def split_editions(languages: tuple[str, ...], articles: Sequence[Article]) -> tuple[Edition, ...]:
    """One edition per language, in the site's order, each with its stories in the order
    given; a story without a language (hand-made) belongs to the default edition."""
    members: dict[str, list[Article]] = {code: [] for code in languages}
    default = languages[0]
    for article in articles:
        members.get(article.lang or default, members[default]).append(article)
    return tuple(
        Edition(code, edition_prefix(code, languages), tuple(found))
        for code, found in members.items()
    )


def language_name(code: str) -> str:
    """A language's name in that language, as a switcher shows it: "Français", "العربية"."""
    name = Locale.parse(code.replace("-", "_")).get_display_name() or code
    return name[:1].upper() + name[1:]


Link = Callable[[str], str]  #: a site URL -> its href (or absolute URL)


@dataclass(frozen=True)
class Alternates:
    """The versions of each page in the site's languages."""

    editions: tuple[Edition, ...]
    #: translation_key -> the stories sharing it, by language in the site's order
    versions: dict[str, dict[str, Article]]

    @staticmethod
    def of(editions: tuple[Edition, ...]) -> Alternates:
        versions: dict[str, dict[str, Article]] = {}
        for edition in editions:
            for article in edition.articles:
                if article.translation_key:
                    found = versions.setdefault(article.translation_key, {})
                    found[edition.language] = article
        return Alternates(editions, versions)

    def of_article(self, article: Article) -> dict[str, str]:
        """Language -> site URL of each version of the story, itself included, in the
        site's order; {} when it has no translation published."""
        found = self.versions.get(article.translation_key) if article.translation_key else None
        if not found or len(found) < 2:
            return {}
        return {language: story.url for language, story in found.items()}

    def of_fronts(self) -> dict[str, str]:
        """Language -> site URL of each edition's front page; {} for one language."""
        if len(self.editions) < 2:
            return {}
        return {edition.language: edition.url("/") for edition in self.editions}

    def of_article_key(self, article: Article) -> str:
        """What the alternates of a story's page show, for its page's fingerprint."""
        return repr(sorted(self.of_article(article).items()))


def alternate_views(
    urls: Mapping[str, str], current: str, href: Link, absolute: Link
) -> tuple[tuple[AlternateView, ...], str]:
    """The views of `urls` (language -> site URL) for a page in `current`, and the
    absolute URL of the x-default version (the first: the default language's, or the
    first language that has one)."""
    views = tuple(
        AlternateView(
            language=language,
            name=language_name(language),
            url=href(url),
            absolute=absolute(url),
            current=language == current,
        )
        for language, url in urls.items()
    )
    return views, views[0].absolute if views else ""
