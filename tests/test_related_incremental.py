"""A rebuild recomputes only the related lists a change can reach, and they are exact."""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, make_site, tree
from test_related import START, random_settings, story

import atlasgen.site.related as related
import atlasgen.site.related_incremental as incremental
from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.config import RelatedSettings
from atlasgen.content.model import Article, newest_first
from atlasgen.core.cache import BuildCache
from atlasgen.core.hashing import digest
from atlasgen.site.related import WINDOW, related_articles, rounded
from atlasgen.site.related_incremental import cached_related_articles

DEFAULTS = RelatedSettings()


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many lists each call of the scoring computed (the rest were kept)."""
    counts: list[int] = []
    real = incremental.computed_lists

    def counting(*args: object) -> related.Lists:
        counts.append(len(args[3]))  # type: ignore[arg-type]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "computed_lists", counting)
    return counts


def sources(found: dict[str, tuple[Article, ...]]) -> dict[str, list[str]]:
    return {k: [a.source for a in v] for k, v in found.items()}


def new_story(rng: random.Random, number: int, slugs: Sequence[str]) -> Article:
    """A story with a big tag (on more than 2 x WINDOW + 1 stories) often, rarer ones,
    authors, a clashing date now and then, and sometimes pins (to shared slugs too)."""
    tags = {"Big"} if rng.random() < 0.7 else set()
    tags |= {f"T{rng.randrange(12)}" for _ in range(rng.randint(0, 3))}
    if rng.random() < 0.2:
        tags.add("Mid")
    if rng.random() < 0.03 and tags:
        tags.add(min(tags).lower())  # one name twice
    pins = tuple(rng.choice([*slugs, "nope"]) for _ in range(rng.choice([0] * 8 + [1, 2])))
    return replace(
        story(
            rng.choice([f"n{number}", *slugs[:3]]),  # some slugs are shared: ambiguous pins
            days=rng.choice([-rng.randrange(400) / 4, -rng.randrange(20)]),
            tags=tuple(sorted(tags)),
            section=rng.choice(["World", "Sports", "Tech"]),
            authors=tuple(sorted({f"A{rng.randrange(5)}" for _ in range(rng.randint(0, 2))})),
            related=pins,
        ),
        source=f"content/{number}.md",
        url=f"/{number % 37}/{number}/",
    )


def keyed(a: Article) -> Article:
    """The article with a parse key, as the loader gives it: the same key, the same values."""
    return replace(a, key=digest("test", repr(replace(a, key=""))))


def changed(rng: random.Random, a: Article, slugs: Sequence[str]) -> Article:
    """The article with one thing that related lists read changed (or only its title)."""
    kind = rng.choice(["tags", "authors", "date", "category", "pins", "slug", "url", "title"])
    if kind == "tags":
        return replace(a, tags=tuple(sorted({rng.choice(["Big", "Mid", "T1", "T2", "t3"])})))
    if kind == "authors":
        return replace(a, authors=(f"A{rng.randrange(7)}",) if rng.random() < 0.8 else ())
    if kind == "date":
        return replace(a, published=START + timedelta(days=-rng.randrange(400) / 4))
    if kind == "category":
        return replace(a, category=rng.choice(["World", "Sports", "Tech", "Science"]))
    if kind == "pins":
        return replace(a, related=tuple(rng.sample(list(slugs), rng.randint(0, 2))))
    if kind == "slug":
        return replace(a, slug=rng.choice(slugs))
    if kind == "url":
        return replace(a, url=f"/moved/{rng.randrange(1000)}/")
    return replace(a, title=a.title + "!")


@pytest.mark.parametrize("seed", range(40))
def test_kept_and_recomputed_lists_equal_lists_from_scratch(
    seed: int, computed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    if seed % 2:  # small windows: many names are cut, and often near their ends
        monkeypatch.setattr(related, "WINDOW", 3)  # the scoring's windows
        monkeypatch.setattr(incremental, "WINDOW", 3)  # and those a change reaches
    rng = random.Random(seed)
    settings = random_settings(seed) if seed % 4 else DEFAULTS
    cache = BuildCache(None)  # kept in memory
    slugs = [f"s{i}" for i in range(8)]
    stories = [new_story(rng, n, slugs) for n in range(rng.choice([60, 140, 230]))]
    added = len(stories)
    partial = 0
    for _ in range(25):
        for _ in range(rng.choice([1, 1, 1, 2, 4])):
            move = rng.random()
            if move < 0.25:
                stories.append(new_story(rng, added, slugs))
                added += 1
            elif move < 0.4 and len(stories) > 1:
                stories.pop(rng.randrange(len(stories)))
            else:
                at = rng.randrange(len(stories))
                stories[at] = changed(rng, stories[at], [*slugs, stories[0].slug])
        # Most articles have a parse key (the loader's), whose inputs the cache knows.
        articles = newest_first([keyed(a) if rng.random() < 0.8 else a for a in stories])
        computed.clear()
        found = cached_related_articles(articles, settings, cache, jobs=1)
        partial += 0 < sum(computed) < len(articles)
        assert sources(found) == sources(related_articles(articles, settings))
    assert partial > 0 or settings.count == 0 or len(stories) < 100


def test_a_new_story_with_a_big_tag_recomputes_only_the_lists_it_can_reach(
    computed: list[int],
) -> None:
    stories = [
        story(f"s{i}", days=-i / 3, tags=("Big", f"T{i % 50}"), authors=(f"A{i % 4}",))
        for i in range(400)
    ]
    stories[7] = replace(stories[7], related=("s300",))
    cache = BuildCache(None)
    cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    assert computed == [400]
    stories.append(story("new", days=-30.1, tags=("Big", "T3"), authors=("A1",)))
    articles = newest_first(stories)
    found = cached_related_articles(articles, DEFAULTS, cache, jobs=1)
    assert sources(found) == sources(related_articles(articles, DEFAULTS))
    # The new story, its window in Big and in A1 (both big) and all 9 stories of T3:
    # about 2 x 2 x WINDOW lists, not 401 (s7 pins a story that did not change).
    assert computed[1] <= 4 * WINDOW + 1 + 9
    assert "content/new.md" in {a.source for v in found.values() for a in v}


def test_a_new_story_is_the_only_article_whose_inputs_are_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stories = [keyed(story(f"s{i}", days=-i, tags=("Big", f"T{i % 9}"))) for i in range(150)]
    cache = BuildCache(None)
    cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    read: list[str] = []
    real = incremental._line

    def reading(a: Article, stamp: float) -> str:
        read.append(a.source)
        return real(a, stamp)

    monkeypatch.setattr(incremental, "_line", reading)
    stories += [keyed(story("new", days=-3.5, tags=("T1",))), story("hand-made", days=-9)]
    articles = newest_first(stories)
    found = cached_related_articles(articles, DEFAULTS, cache, jobs=1)
    assert read == ["content/new.md", "content/hand-made.md"]  # a hand-made one has no key
    assert sources(found) == sources(related_articles(articles, DEFAULTS))


def test_a_new_story_with_a_pinned_slug_is_pinned_in_its_place(computed: list[int]) -> None:
    # An ambiguous slug pins the newest story that has it.
    stories = [story(f"s{i}", days=-i, tags=(f"T{i % 40}",)) for i in range(120)]
    stories[3] = replace(stories[3], related=("s90",))
    stories[4] = replace(stories[4], related=("s91",))
    cache = BuildCache(None)
    cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    stories.append(replace(story("s90", days=-50.5, tags=("Unique",)), source="content/x.md"))
    articles = newest_first(stories)
    found = cached_related_articles(articles, DEFAULTS, cache, jobs=1)
    assert found["content/s3.md"][0] is stories[-1]
    assert computed[1] == 2  # the new story and s3, not s4


def test_a_change_reaches_every_list_of_a_name_whose_windows_are_whole() -> None:
    # 2 x WINDOW + 1 stories: each story's window is all of them, so the oldest one
    # moving into the newest one's section puts it first in that one's list.
    stories = [
        story(f"s{i}", days=-i, tags=("Only",), section="World" if i == 0 else "Sports")
        for i in range(2 * WINDOW + 1)
    ]
    settings = RelatedSettings(section=3.0, threshold=0)
    cache = BuildCache(None)
    cached_related_articles(newest_first(stories), settings, cache, jobs=1)
    stories[-1] = replace(stories[-1], category="World")
    found = cached_related_articles(newest_first(stories), settings, cache, jobs=1)
    assert found["content/s0.md"][0] is stories[-1]


def test_a_change_that_lists_do_not_read_recomputes_none(computed: list[int]) -> None:
    stories = [story(f"s{i}", days=-i, tags=("Big", f"T{i % 9}")) for i in range(150)]
    cache = BuildCache(None)
    first = cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    stories[4] = replace(stories[4], title="A new headline", body="New words.")
    again = cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    assert computed == [150]
    assert sources(again) == sources(first)
    shown = [a for found in again.values() for a in found if a.source == "content/s4.md"]
    assert shown and all(a is stories[4] for a in shown)  # this build's articles


def test_n_crossing_a_rounding_step_recomputes_every_list(computed: list[int]) -> None:
    assert [rounded(n) for n in (7, 99, 100, 199, 200, 1234, 10_437)] == [
        7,
        99,
        100,
        190,
        200,
        1200,
        10_000,
    ]
    stories = [story(f"s{i}", days=-i, tags=("Big", f"T{i % 9}")) for i in range(199)]
    cache = BuildCache(None)
    cached_related_articles(newest_first(stories), DEFAULTS, cache, jobs=1)
    done = []
    for number in (199, 200):  # N 199 -> 200 crosses 190 -> 200; 200 -> 201 does not
        stories.append(story(f"s{number}", days=-number - 0.5, tags=("T1",)))
        articles = newest_first(stories)
        computed.clear()
        found = cached_related_articles(articles, DEFAULTS, cache, jobs=1)
        done += computed
        assert sources(found) == sources(related_articles(articles, DEFAULTS))
    assert done[0] == 200
    assert done[1] < 100


def test_a_new_article_recomputes_few_lists_and_the_output_equals_a_clean_build(
    tmp_path: Path, computed: list[int]
) -> None:
    files = {
        f"content/s{i}.md": article(
            f"Story {i}",
            f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00Z",
            ("World", "Sports")[i % 2],
            tags=f"[Everywhere, Topic {i % 30}]",
        )
        for i in range(110)
    }
    site = make_site(tmp_path / "site", files, SITE_TOML + '\n[tickers]\ninclude = "ssi"\n')
    build_site(site, BuildOptions(now=NOW))
    (site / "content/new.md").write_text(
        article("New story", "2026-02-10T11:00:00Z", "World", tags="[Everywhere, Topic 3]")
    )
    build_site(site, BuildOptions(now=NOW))
    assert computed[0] == 110
    assert computed[1] < 70  # the new story, its window in Everywhere, Topic 3's stories

    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".atlasgen"))
    (clean / "site.toml").write_text((clean / "site.toml").read_text() + '[build]\ncache = ""\n')
    build_site(clean, BuildOptions(now=NOW))
    assert tree(site / "public") == tree(clean / "public")
    assert "New story" in (site / "public/world/s36/index.html").read_text()


def test_a_subset_of_lists_is_the_same_computed_alone_or_shared_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stories = newest_first(
        [story(f"s{i}", days=-i / 3, tags=(f"T{i % 7}", "Big")) for i in range(300)]
    )
    everything = related_articles(stories, DEFAULTS)
    some = range(5, 300, 3)
    alone = related_articles(stories, DEFAULTS, only=some)
    monkeypatch.setattr(related, "MIN_PARALLEL", 10)
    shared = related_articles(stories, DEFAULTS, jobs=2, only=some)
    assert alone == shared == {stories[n].source: everything[stories[n].source] for n in some}
