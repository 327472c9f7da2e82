"""Groupings (site/groupings.py): a section is one desk with one spelling; a tag's slug is found
however a story spells it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from atlasgen.content.model import Article
from atlasgen.site.groupings import check_sections, sections, taxonomy


def story(source: str, category: str, hours: int = 0) -> Article:
    published = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(hours=hours)
    return Article(source, source, source, published, category, "", url=f"/{source}/")


def test_two_spellings_of_one_section_are_an_error_at_each_later_file() -> None:
    articles = [
        story("content/c.md", "World Politics"),
        story("content/a.md", "World & Politics", 1),
        story("content/d.md", "Sports", 2),
        story("content/b.md", "World & Politics", 3),
    ]
    found = check_sections(articles)
    assert [(d.path, d.message) for d in found] == [
        (
            "content/c.md",
            "'World Politics' and 'World & Politics' (content/a.md) share the URL /world-politics/",
        )
    ]


def test_one_spelling_per_section_is_no_error() -> None:
    articles = [story(f"content/{n}.md", ("World", "Sports")[n % 2], n) for n in range(6)]
    assert check_sections(articles) == []


def test_sections_group_spellings_by_slug_in_order() -> None:
    articles = [
        story("content/a.md", "Tech"),
        story("content/b.md", "World"),
        story("content/c.md", "Tech", 1),
    ]
    assert [(g.name, g.slug, [a.source for a in g.articles]) for g in sections(articles)] == [
        ("Tech", "tech", ["content/a.md", "content/c.md"]),
        ("World", "world", ["content/b.md"]),
    ]


def test_a_tag_has_one_slug_however_it_is_spelled() -> None:
    articles = [story("content/a.md", "World"), story("content/b.md", "World", 1)]
    articles[0] = replace(articles[0], tags=("Climate Talks",))
    articles[1] = replace(articles[1], tags=("climate talks", "C++"))
    tags, problems = taxonomy(articles, lambda a: a.tags, "tags")
    assert problems == []
    assert [tags.slug(n) for n in ("Climate Talks", "climate talks", "CLIMATE TALKS")] == [
        "climate-talks"
    ] * 3
    assert tags.slug("C++") == "c-plus-plus"
    assert tags.slug("Never Used") == "never-used"


def test_the_topics_index_sorts_accented_names_among_their_letters() -> None:
    names = ("United States", "Élections", "economy", "Zürich", "Ökonomie", "apple", "Éclair")
    articles = [
        replace(story(f"content/{n}.md", "World", n), tags=(name,)) for n, name in enumerate(names)
    ]
    tags, _ = taxonomy(articles, lambda a: a.tags, "tags")
    assert [g.name for g in tags.groups] == [
        "apple",
        "Éclair",
        "economy",
        "Élections",
        "Ökonomie",
        "United States",
        "Zürich",
    ]
    assert [g.name for g in sections([story("a", "Zebra"), story("b", "Économie", 1)])] == [
        "Économie",
        "Zebra",
    ]


def test_names_differing_only_by_accent_or_case_still_sort_the_same_everywhere() -> None:
    from atlasgen.core.collation import collation_key

    names = ["resume", "Résumé", "résumé", "Resume"]
    assert sorted(names, key=collation_key) == sorted(reversed(names), key=collation_key)
