"""Related-article scoring on hand-made sets where the right answer is obvious."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SITE_TOML, article, build, make_site

from atlasgen.config import RelatedSettings
from atlasgen.model import Article, newest_first
from atlasgen.related import related_articles

START = datetime(2026, 11, 1, 12, tzinfo=UTC)


def story(
    slug: str,
    days: float = 0,
    tags: tuple[str, ...] = (),
    section: str = "World",
    authors: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> Article:
    return Article(
        source=f"content/{slug}.md",
        slug=slug,
        title=slug,
        published=START + timedelta(days=days),
        category=section,
        body="",
        tags=tags,
        authors=authors,
        related=related,
        url=f"/{slug}/",
    )


DEFAULTS = RelatedSettings()


def related_slugs(
    articles: list[Article], settings: RelatedSettings = DEFAULTS, of: str = "a"
) -> list[str]:
    found = related_articles(newest_first(articles), settings)
    return [r.slug for r in found[f"content/{of}.md"]]


def filler(count: int, tag: str) -> list[Article]:
    """Articles that make `tag` common."""
    return [story(f"common-{i}", days=-30 - i, tags=(tag,), section="Sports") for i in range(count)]


def test_a_shared_rare_tag_beats_a_shared_common_tag() -> None:
    articles = [
        story("a", tags=("Rare", "Common")),
        story("rare-match", days=-2, tags=("Rare",), section="Sports"),
        story("common-match", days=-1, tags=("Common",), section="Sports"),
        *filler(20, "Common"),
    ]
    found = related_slugs(articles, RelatedSettings(threshold=0))
    assert found.index("rare-match") < found.index("common-match")


def test_pinned_articles_come_first_in_their_given_order() -> None:
    articles = [
        story("a", tags=("Chips",), related=("pin-two", "pin-one")),
        story("pin-one", days=-40, section="Sports"),
        story("pin-two", days=-50, section="Sports"),
        story("strong", days=-1, tags=("Chips",)),
    ]
    assert related_slugs(articles) == ["pin-two", "pin-one", "strong"]


def test_the_threshold_hides_weak_matches() -> None:
    articles = [
        story("a", tags=("Common",)),
        story("weak", days=-300, tags=("Common",), section="Sports"),
        *filler(40, "Common"),
    ]
    assert "weak" not in related_slugs(articles)
    assert "weak" in related_slugs(articles, RelatedSettings(threshold=0, count=50))


def test_section_and_time_alone_never_make_a_match() -> None:
    articles = [story("a", tags=("Chips",)), story("same-section-same-day", days=0.1)]
    assert related_slugs(articles, RelatedSettings(threshold=0)) == []


def test_an_article_is_never_related_to_itself_and_count_is_respected() -> None:
    articles = [story("a", tags=("Chips",))] + [
        story(f"s{i}", days=-i, tags=("Chips",)) for i in range(1, 10)
    ]
    found = related_slugs(articles, RelatedSettings(count=3, threshold=0))
    assert found == ["s1", "s2", "s3"]


def test_newer_articles_can_be_excluded() -> None:
    articles = [
        story("a", tags=("Chips",)),
        story("follow-up", days=1, tags=("Chips",)),
        story("background", days=-1, tags=("Chips",)),
    ]
    assert related_slugs(articles)[0] == "follow-up"
    assert related_slugs(articles, RelatedSettings(include_newer=False)) == ["background"]


def test_ties_are_broken_by_date_then_url() -> None:
    articles = [
        story("a", tags=("Chips",)),
        story("b-twin", days=-1, tags=("Chips",)),
        story("a-twin", days=-1, tags=("Chips",)),
        story("newer", days=1, tags=("Chips",)),
    ]
    settings = RelatedSettings(recency=0, threshold=0)
    assert related_slugs(articles, settings) == ["newer", "a-twin", "b-twin"]


def test_shared_authors_count_too() -> None:
    articles = [
        story("a", authors=("Priya Raman",)),
        story("same-author", days=-1, authors=("Priya Raman",)),
    ]
    assert related_slugs(articles, RelatedSettings(threshold=0)) == ["same-author"]


def test_drafts_and_scheduled_stories_are_never_related(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": article("Chip story", "2026-11-20T10:00:00Z", tags="[Chips]"),
            "content/b.md": article(
                "Chip draft", "2026-11-21T10:00:00Z", tags="[Chips]", draft="true"
            ),
            "content/c.md": article("Chip future", "2026-12-21T10:00:00Z", tags="[Chips]"),
            "content/d.md": article("Chip older", "2026-11-19T10:00:00Z", tags="[Chips]"),
        },
    )
    assert build(site).exit_code == 0
    page = (site / "public/world/a/index.html").read_text()
    related = page.split('id="related-title"')[1]
    assert "Chip older" in related
    assert "Chip draft" not in page and "Chip future" not in page


def test_related_lists_are_identical_across_builds() -> None:
    articles = [
        story(
            f"s{i}",
            days=-(i % 7),
            tags=(f"t{i % 5}", f"t{i % 3}"),
            section=("World", "Sports")[i % 2],
        )
        for i in range(60)
    ]
    first = related_articles(newest_first(articles), RelatedSettings(threshold=0))
    shuffled = list(reversed(articles))
    second = related_articles(newest_first(shuffled), RelatedSettings(threshold=0))
    assert {k: [a.slug for a in v] for k, v in first.items()} == {
        k: [a.slug for a in v] for k, v in second.items()
    }


def test_pinning_an_unknown_slug_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": "---\ntitle: A\npublished: 2026-11-20\ncategory: World\n"
            "related:\n  - b\n  - nope\n---\nBody\n",
            "content/b.md": article("B"),
        },
        SITE_TOML,
    )
    result = build(site)
    assert result.exit_code == 1
    assert "content/a.md:7: related: no article has the slug 'nope'" in result.stderr


def test_article_replace_keeps_scoring_inputs() -> None:
    # The model is frozen: scoring works on any Article value, including copies.
    a = story("a", tags=("Chips",))
    assert related_slugs([replace(a), story("b", days=-1, tags=("Chips",))]) == ["b"]


def test_a_story_beyond_a_common_tags_window_is_still_found_through_a_rarer_tag() -> None:
    articles = [
        story("a", tags=("Common", "Rare")),
        *[story(f"c{i}", days=-i * 0.01, tags=("Common",)) for i in range(1, 400)],
        story("old-but-relevant", days=-60, tags=("Common", "Rare")),
    ]
    assert related_slugs(articles)[0] == "old-but-relevant"


def test_lists_shared_out_among_processes_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import atlasgen.related as related

    articles = newest_first(
        [
            story(
                f"s{i}",
                days=-i / 3,
                tags=(f"T{i % 7}", f"T{i % 11}", "Everywhere"),
                section=("World", "Sports")[i % 2],
                authors=(f"A{i % 5}",),
                related=(f"s{i + 40}",) if i % 9 == 0 else (),
            )
            for i in range(300)
        ]
    )
    alone = related_articles(articles, DEFAULTS, jobs=1)
    monkeypatch.setattr(related, "MIN_PARALLEL", 10)
    shared = related_articles(articles, DEFAULTS, jobs=3)
    assert shared == alone
    assert sum(len(found) for found in alone.values()) > 1000  # real lists, not empty ones
