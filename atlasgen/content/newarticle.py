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


def new_article_text(config: SiteConfig, headline: str, category: str, now: datetime) -> str:
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
) -> Path:
    """Create content/<category>/<slug>.md; refuse to overwrite an existing file."""
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
    path = site_dir / "content" / folder / f"{slug}.md"
    if path.exists():
        fail(error(str(path.relative_to(site_dir)), 0, "", "already exists; not overwritten"))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = new_article_text(config, headline, category, now or datetime.now(UTC))
    path.write_text(text, encoding="utf-8")
    return path.relative_to(site_dir)
