"""Output depends on "now" only through what is published: two builds a minute apart give
the same bytes, and a rebuild then keeps every page; a moment that changes the output (a
story leaving the news sitemap's window, an `until` lapsing) changes what it must."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SITE_TOML, article, make_site, run, tree
from samplesite import ROOT


def _sample(tmp_path: Path, include: str) -> Path:
    site = tmp_path / "site"
    site.mkdir(parents=True)
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(toml.replace('include = "inline"', f'include = "{include}"'))
    shutil.copytree(ROOT / "content", site / "content")
    return site


def _build(site: Path, out: Path, now: str) -> str:
    result = run("build", "--site", str(site), "--output", str(out), "--now", now)
    assert result.exit_code == 0, result.output
    return result.output


def test_two_builds_a_minute_apart_give_the_same_bytes(tmp_path: Path) -> None:
    for include in ("inline", "ssi"):
        site = _sample(tmp_path / include, include)
        _build(site, tmp_path / include / "a", "2026-12-06T05:00:00Z")
        _build(site, tmp_path / include / "b", "2026-12-06T05:01:00Z")
        first, second = tree(tmp_path / include / "a"), tree(tmp_path / include / "b")
        assert first.keys() == second.keys()
        assert [path for path in first if first[path] != second[path]] == [], include


def test_a_rebuild_a_minute_later_keeps_every_page(tmp_path: Path) -> None:
    site = _sample(tmp_path, "inline")
    out = tmp_path / "public"
    _build(site, out, "2026-12-06T05:00:00Z")
    before = tree(out)
    summary = _build(site, out, "2026-12-06T05:01:00Z")
    assert "(0 rendered" in summary or " unchanged)" in summary, summary
    assert tree(out) == before


def test_the_footer_year_is_the_newest_storys_not_the_builds(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": article(published="2025-12-31T10:00:00Z")})
    result = run("build", "--site", str(site), "--now", "2027-01-02T00:00:00Z")
    assert result.exit_code == 0, result.output
    page = (site / "public/index.html").read_text()
    assert "© 2025 Test Times." in page


def test_latest_json_is_dated_by_its_newest_headline(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": article(published="2026-11-20T10:00:00Z")})
    assert run("build", "--site", str(site), "--now", "2026-12-06T05:00:00Z").exit_code == 0
    latest = (site / "public/_includes/latest.json").read_text()
    assert '"updated": "2026-11-20T10:00:00+00:00"' in latest


def test_a_story_leaves_the_news_sitemap_when_its_window_closes(tmp_path: Path) -> None:
    """48 hours after it was published: a moment of its own, which the rebuild notices
    though no file changed."""
    site = make_site(tmp_path, {"content/a.md": article(published="2026-11-20T10:00:00Z")})
    news = site / "public/news-sitemap.xml"
    assert run("build", "--site", str(site), "--now", "2026-11-22T09:59:59Z").exit_code == 0
    assert "<news:title>A headline</news:title>" in news.read_text()
    assert run("build", "--site", str(site), "--now", "2026-11-22T10:00:01Z").exit_code == 0
    assert "<loc>" not in news.read_text()


def test_an_empty_feed_is_dated_the_same_whenever_it_is_built(tmp_path: Path) -> None:
    """A site whose only story is still scheduled: nothing is published yet."""
    later = article(published="2027-06-01T00:00:00Z")
    site = make_site(tmp_path, {"content/a.md": later}, SITE_TOML)
    for now in ("2026-12-06T05:00:00Z", "2027-03-01T00:00:00Z"):
        assert run("build", "--site", str(site), "--now", now).exit_code == 0
        feed = (site / "public/atom.xml").read_text()
        assert "<updated>1970-01-01T00:00:00+00:00</updated>" in feed
        assert "© Test Times." in (site / "public/index.html").read_text()  # no year yet
