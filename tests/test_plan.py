"""The plan's shortcuts: a stamp or fingerprint changes exactly when what it covers does."""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, make_site, tree

from atlasgen.build.pipeline import BuildOptions, BuildResult, build_site
from atlasgen.build.publish import sitemap_names
from atlasgen.build.stamps import Stamps
from atlasgen.config import parse_config
from atlasgen.content.model import Article, Correction, Image
from atlasgen.core.cache import BuildCache
from atlasgen.core.errors import BuildError
from atlasgen.site.groupings import build_indexes
from atlasgen.site.seo import SitemapEntry, sitemaps

WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _story(**changes: object) -> Article:
    story = Article(
        source="content/a.md",
        slug="a",
        title="A headline",
        published=WHEN,
        category="World",
        body="Some body.",
        url="/world/a/",
        key="k" * 40,
    )
    return replace(story, **changes)


def _stamps(*articles: Article, now: str = NOW) -> Stamps:
    config = parse_config(SITE_TOML)
    indexes, _ = build_indexes(articles, UTC, {})
    return Stamps(config, datetime.fromisoformat(now), indexes, {}, {})


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Another headline"},
        {"dek": "A dek"},
        {"category": "Sports"},
        {"url": "/world/b/"},
        {"source": "content/b.md"},
        {"published": WHEN + timedelta(microseconds=1)},
        {"updated": WHEN + timedelta(hours=1)},
        {"tags": ("Budget",)},
        {"authors": ("Ann Lee",)},
        {"draft": True},
        {"image": Image("https://images.example.org/a.jpg", "Alt")},
    ],
)
def test_a_card_stamp_changes_with_everything_a_card_shows(changes: dict[str, object]) -> None:
    story, changed = _story(), _story(**changes)
    assert _stamps(story).card(story) != _stamps(changed).card(changed)


def test_a_card_stamp_changes_when_its_story_stops_being_scheduled() -> None:
    story = _story()
    assert _stamps(story).card(story) != _stamps(story, now="2026-11-01T00:00:00+00:00").card(story)


def test_a_card_stamp_changes_with_each_field_of_the_picture() -> None:
    image = Image("https://images.example.org/a.jpg", "Alt")
    stamps = {
        _stamps(s).card(s)
        for s in (
            _story(image=image),
            _story(image=replace(image, alt="Other")),
            _story(image=replace(image, credit="Agency")),
            _story(image=replace(image, caption="A caption")),
            _story(image=replace(image, width=640)),
        )
    }
    assert len(stamps) == 5


def test_a_card_stamp_ignores_the_body_and_an_article_stamp_does_not() -> None:
    story, edited = _story(), _story(body="A new body.", key="e" * 40)
    assert _stamps(story).card(story) == _stamps(edited).card(edited)
    assert _stamps(story).article(story) != _stamps(edited).article(edited)


def test_a_correction_dates_a_story_and_changes_no_card() -> None:
    story = _story()
    corrected = _story(corrections=(Correction(WHEN + timedelta(days=1), "A figure."),))
    assert _stamps(story).card(story) == _stamps(corrected).card(corrected)
    assert _stamps(story).dated(story) != _stamps(corrected).dated(corrected)


def test_a_tag_whose_slug_changes_changes_the_card() -> None:
    """The card links to the tag's page: a name that now collides takes another slug."""
    story = _story(tags=("M-A",))
    alone = _stamps(story).card(story)
    rival = _story(source="content/b.md", url="/world/b/", tags=("M&A",))
    assert _stamps(story, rival).card(story) != alone


@pytest.mark.parametrize("count", range(8))
def test_the_sitemap_names_are_the_files_the_sitemaps_are_written_to(count: int) -> None:
    entries = [SitemapEntry(f"https://x.org/{n}/", None) for n in range(count)]
    made = sitemaps(entries, "https://x.org/sitemap.xml", limit=3)
    assert sitemap_names(count, limit=3) == list(made)


def _build(site: Path) -> BuildResult:
    return build_site(site, BuildOptions(now=NOW))


def _lastmods(site: Path) -> dict[str, str]:
    text = (site / "public/sitemap.xml").read_text()
    return dict(re.findall(r"<loc>([^<]*)</loc><lastmod>([^<]*)</lastmod>", text))


def test_a_correction_dates_the_lists_in_the_sitemap_without_rendering_them(tmp_path: Path) -> None:
    """No card shows a correction, so only the story's page is rendered again; the
    sitemap, which dates every page by the newest change among its stories, all the same."""
    files = {
        f"content/s{i}.md": article(f"Story {i}", f"2026-11-{10 + i}T10:00:00Z", tags="[Shared]")
        for i in range(3)
    }
    site = make_site(tmp_path / "site", files)
    _build(site)
    before = _lastmods(site)
    story = site / "content/s1.md"
    correction = "corrections: [{date: 2026-11-25T09:00:00Z, text: A figure was wrong.}]\n---"
    story.write_text(story.read_text().replace("\n---\n", f"\n{correction}\n", 1))
    assert _build(site).rendered == 1
    after = _lastmods(site)
    origin = "https://news.example.org"
    assert after[f"{origin}/world/s1/"] == "2026-11-25T09:00:00+00:00"
    assert after[f"{origin}/tags/shared/"] == "2026-11-25T09:00:00+00:00"
    assert after[f"{origin}/world/s0/"] == before[f"{origin}/world/s0/"]
    newest = site / "content/s2.md"  # the front page's newest story
    newest.write_text(newest.read_text().replace("\n---\n", f"\n{correction}\n", 1))
    _build(site)
    assert _lastmods(site)[f"{origin}/"] == "2026-11-25T09:00:00+00:00"
    clean = tmp_path / "clean"
    make_site(clean, {f"content/{p.name}": p.read_text() for p in site.glob("content/*.md")})
    _build(clean)
    assert tree(clean / "public") == tree(site / "public")


def test_planning_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": article()})
    _build(site)
    assert gc.isenabled()
    gc.disable()
    try:
        _build(site)
        assert not gc.isenabled()
    finally:
        gc.enable()
    (site / "templates/tickers").mkdir(parents=True)
    (site / "templates/tickers/clocks.html").write_text("{{ no_such_thing.at_all }}")
    with pytest.raises(BuildError):
        _build(site)
    assert gc.isenabled()


def test_a_body_edit_leaves_the_sitemap_as_it_was(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": article(), "content/b.md": article("Other")})

    def sitemap_fingerprint() -> str | None:
        return BuildCache(site / ".atlasgen/cache/cache.sqlite").pages.rows.get("sitemap.xml")

    _build(site)
    first = sitemap_fingerprint()
    story = site / "content/a.md"
    story.write_text(story.read_text().replace("Some *body* text.", "A new body."))
    assert _build(site).rendered == 1
    assert first is not None
    assert sitemap_fingerprint() == first
    dated = "updated: 2026-11-21T10:00:00Z\n---\nA new"
    story.write_text(story.read_text().replace("---\nA new", dated))
    _build(site)
    assert sitemap_fingerprint() != first
