"""`atlasgen new`: start an article with valid front matter in the right folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..config import SiteConfig
from ..core.errors import error, fail
from ..core.slugs import is_slug, slugify, url_slug
from ..core.times import iso
from .editorial import declared_spelling

MAX_SLUG_WORDS = 10


def new_article_text(
    config: SiteConfig,
    headline: str,
    category: str,
    now: datetime,
    lang: str = "",
    translation_key: str = "",
) -> str:
    """The new story's file: its front matter (a draft) and a line to write over. `lang`
    and `translation_key` are written when given (a story of another edition)."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    author = config.default_author
    lines = [
        "---",
        f"title: {quoted(headline)}",
        'dek: ""',
        f"category: {quoted(category)}",
        "tags: []",
        f"authors: [{quoted(author)}]" if author else "authors: []",
        f"published: {iso(now, config.tz)}",
        *([f"lang: {lang}"] if lang else []),
        *([f"translation_key: {quoted(translation_key)}"] if translation_key else []),
        "draft: true",
        "---",
        "",
        "Write the story here.",
        "",
    ]
    return "\n".join(lines)


def default_slug(headline: str) -> str:
    return "-".join(slugify(headline).split("-")[:MAX_SLUG_WORDS])


def write_new_article(
    site_dir: Path,
    config: SiteConfig,
    headline: str,
    category: str,
    slug: str | None = None,
    now: datetime | None = None,
    lang: str | None = None,
    translation_key: str = "",
) -> Path:
    """Create content/<category>/<slug>.md (content/<lang>/<category>/<slug>.md for a
    story in another language than the site's first); refuse to overwrite a file."""
    edition = _edition(config, lang)
    if slug is None and headline.strip() and not url_slug(headline):
        fail(
            error(
                "content",
                0,
                "slug",
                f"the headline {headline!r} has no Latin letters or digits to make a URL from",
                "give one in Latin letters, e.g. --slug oil-prices-fall",
            )
        )
    slug = slug or default_slug(headline)
    category = declared_spelling(site_dir, category)
    if not is_slug(slug):
        fail(
            error(
                "content",
                0,
                "slug",
                f"{slug!r} is not a valid slug",
                "lowercase letters, digits and single hyphens",
            )
        )
    folder = slugify(category)
    if not headline.strip() or not folder:
        fail(error("content", 0, "", "the headline and category must have letters or digits"))
    path = site_dir / "content" / edition / folder / f"{slug}.md"
    if path.exists():
        fail(error(str(path.relative_to(site_dir)), 0, "", "already exists; not overwritten"))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = new_article_text(
        config, headline, category, now or datetime.now(UTC), lang or "", translation_key
    )
    path.write_text(text, encoding="utf-8")
    return path.relative_to(site_dir)


def _edition(config: SiteConfig, lang: str | None) -> str:
    """The folder under content/ of a story in `lang`: "" for the site's first language
    (or none given), else the language's code. A language the site does not publish in
    is an error naming those it does."""
    if lang is None:
        return ""
    published = config.editions
    if lang not in published:
        fail(
            error(
                "site.toml",
                0,
                "languages",
                f"--lang: {lang!r} is not a language of this site ({', '.join(published)})",
                "or add it to languages in site.toml",
            )
        )
    return "" if lang == published[0] else lang
