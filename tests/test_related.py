"""Related-article scoring on hand-made sets where the right answer is obvious."""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SITE_TOML, article, build, make_site

from atlasgen.config import RelatedSettings
from atlasgen.content.model import Article, newest_first
from atlasgen.site.related import DAY, WINDOW, related_articles

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


def test_a_broad_tag_alone_makes_no_related_link() -> None:
    """ "News" on 80 of 100 stories: idf ln(1 + 100/80) = 0.81, plus the section and
    recency bonuses it would pass the threshold (1.5) for the story of the day before."""
    articles = [
        story("a", tags=("News",)),
        story("b", days=-1, tags=("News",)),
        story("c", tags=("News", "Rare")),
        story("d", days=-1, tags=("News", "Rare")),
        *[story(f"n{i}", days=-3 - i, tags=("News",), section="Sports") for i in range(76)],
        *[story(f"o{i}", days=-3 - i, tags=(f"Other {i}",), section="Sports") for i in range(20)],
    ]
    assert related_slugs(articles) == []
    assert related_slugs(articles, of="c") == ["d"]  # a narrower tag found it: News adds


def test_on_a_small_site_no_tag_is_too_broad() -> None:
    articles = [story("a", tags=("News",)), story("b", days=-1, tags=("News",))]
    articles += [story(f"n{i}", days=-3 - i, tags=("News",), section="Sports") for i in range(8)]
    assert related_slugs(articles)[0] == "b"


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
    import atlasgen.site.related as related

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


# The scoring as it was before it was made fast, kept slow and plain: the fast one must
# give exactly these lists (same floats, same order) for every input.


def reference_lists(
    articles: tuple[Article, ...], settings: RelatedSettings
) -> dict[str, list[str]]:
    if settings.count == 0:
        return {a.source: [] for a in articles}

    def keys(a: Article) -> list[str]:
        return [f"tag:{t.casefold()}" for t in a.tags] + [
            f"author:{p.casefold()}" for p in a.authors
        ]

    postings: dict[str, list[int]] = {}
    for number, a in enumerate(articles):
        for key in keys(a):
            postings.setdefault(key, []).append(number)

    def two_figures(n: int) -> int:  # rounded down: 10,437 -> 10,000; under 100 exact
        return n if n < 100 else int(str(n)[:2]) * 10 ** (len(str(n)) - 2)

    factor = {"tag": settings.tags, "author": settings.authors}
    weights = {
        key: factor[key.partition(":")[0]]
        * math.log(1 + two_figures(len(articles)) / two_figures(len(found)))
        for key, found in postings.items()
    }
    total = two_figures(len(articles))
    broad = {  # on more than 51 stories and a quarter of them: makes no candidate alone
        key
        for key, found in postings.items()
        if len(found) > 2 * WINDOW + 1
        and math.log(1 + total / two_figures(len(found))) < math.log(5)
    }
    stamps = [a.published.timestamp() for a in articles]
    by_slug: dict[str, int] = {}
    for number, a in enumerate(articles):
        by_slug.setdefault(a.slug, number)
    result = {}
    for number, a in enumerate(articles):
        totals: dict[int, float] = {}
        anchored: set[int] = set()
        for key in keys(a):
            found = postings[key]
            if len(found) > 2 * WINDOW + 1:
                at = bisect.bisect_left(found, number)
                found = found[max(0, at - WINDOW) : at + WINDOW + 1]
            for other in found:
                totals[other] = totals.get(other, 0.0) + weights[key]
            if key not in broad:
                anchored.update(found)
        totals = {other: base for other, base in totals.items() if other in anchored}
        totals.pop(number, None)
        decay = math.log(0.5) / (settings.half_life_days * DAY)
        ranked = []
        for other, base in totals.items():
            if not settings.include_newer and stamps[other] > stamps[number]:
                continue
            score = base + settings.recency * math.exp(decay * abs(stamps[other] - stamps[number]))
            if articles[other].category_slug == a.category_slug:
                score += settings.section
            if score >= settings.threshold:
                ranked.append((-score, -stamps[other], articles[other].url, other))
        pinned = [by_slug[s] for s in a.related if s in by_slug and s != a.slug]
        pinned = list(dict.fromkeys(pinned))[: settings.count]
        best = [other for *_, other in sorted(ranked) if other not in pinned]
        chosen = pinned + best[: settings.count - len(pinned)]
        result[a.source] = [articles[n].source for n in chosen]
    return result


def random_corpus(seed: int) -> tuple[Article, ...]:
    """Articles with clashing dates, case-variant names (one key twice), common and rare
    tags (windows cut), sections, pins to known, unknown, shared and own slugs."""
    rng = random.Random(seed)
    size = rng.choice([1, 5, 40, 120, 400])
    names = [f"T{i}" for i in range(rng.randint(1, 30))]
    common = rng.choice(names)
    slugs = [f"s{rng.randrange(size + 2)}" for _ in range(size)]
    articles = []
    for i in range(size):
        tags = {common} if rng.random() < 0.6 else set()
        tags |= {rng.choice(names[: rng.randint(1, len(names))]) for _ in range(rng.randint(0, 4))}
        if rng.random() < 0.05 and tags:
            tags.add(min(tags).lower())
        pins = tuple(rng.choice([*slugs, "nope"]) for _ in range(rng.choice([0, 0, 0, 1, 3, 8])))
        articles.append(
            replace(
                story(
                    slugs[i],
                    days=rng.choice([rng.randint(-60, 5) / 4, -rng.random() * 400]),
                    tags=tuple(sorted(tags)),
                    section=rng.choice(["World", "Sports", "Tech"]),
                    authors=tuple(
                        sorted({f"A{rng.randrange(6)}" for _ in range(rng.randint(0, 2))})
                    ),
                    related=pins,
                ),
                source=f"content/{i}.md",
                url=f"/{rng.randrange(size * 2)}/{i % 3}/",
            )
        )
    ordered = newest_first(articles)
    return ordered if rng.random() < 0.9 else tuple(rng.sample(ordered, len(ordered)))


def random_settings(seed: int) -> RelatedSettings:
    rng = random.Random(seed)
    return RelatedSettings(
        count=rng.choice([0, 1, 3, 5, 5, 12, 400]),
        tags=rng.choice([1.0, 1.0, 0.0, 2.5]),
        authors=rng.choice([0.5, 0.0, 1.0]),
        section=rng.choice([0.5, 0.0, 3.0]),
        recency=rng.choice([1.0, 0.0, 2.0]),
        half_life_days=rng.choice([14.0, 0.5, 1e6]),
        threshold=rng.choice([1.5, 0.0, 3.0, 6.0]),
        include_newer=rng.random() < 0.7,
    )


@pytest.mark.parametrize("seed", range(200))
def test_lists_are_those_of_the_plain_reference_scoring(seed: int) -> None:
    articles, settings = random_corpus(seed), random_settings(seed)
    found = related_articles(articles, settings)
    assert {k: [a.source for a in v] for k, v in found.items()} == reference_lists(
        articles, settings
    )


def test_weak_candidates_are_not_scored_once_the_list_is_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 60 stories of six share a rare tag; all 360 share a common one. Stories sharing only
    # the common tag can score at most its weight + the full recency and section bonuses,
    # less than the five that also share the rare tag: they need no recency worked out.
    articles = newest_first(
        [
            story(f"s{i}", days=-i / 10, tags=(f"Rare{i % 60}", "Common"), section="World")
            for i in range(360)
        ]
    )
    calls = []
    real = math.exp
    monkeypatch.setattr(math, "exp", lambda x: calls.append(x) or real(x))
    found = related_articles(articles, DEFAULTS)["content/s0.md"]
    assert [a.slug for a in found] == ["s60", "s120", "s180", "s240", "s300"]
    assert len(calls) == 360 * 5  # scoring every candidate: 19,150
