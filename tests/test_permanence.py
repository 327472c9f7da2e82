"""No published URL is ever lost silently: a slug change, a category change or a deletion
fails the build until the old URL is an alias of the story's new home or is listed in
content/_data/gone.toml; gone URLs answer 410 and show a noindex "removed" page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import serve
from conftest import SITE_TOML, article, build, make_site, run, tree

from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.core.errors import BuildError

STORM = "content/world/storm.md"
GONE_TOML = "content/_data/gone.toml"
HINT = "(or list it in content/_data/gone.toml)"


def _storm(**keys: str) -> str:
    return article("Storm Amy batters the coast", "2026-11-20T10:00:00Z", slug="storm-amy", **keys)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site that has published /world/storm-amy/."""
    files: dict[str, str | bytes] = {
        STORM: _storm(),
        "content/world/calm.md": article("Calm returns", "2026-11-21T10:00:00Z"),
    }
    site = make_site(tmp_path / "site", files)
    assert build(site).exit_code == 0
    return site


def _lost(site: Path, message: str) -> None:
    before = tree(site / "public")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert tree(site / "public") == before


def test_a_slug_change_fails_until_the_old_url_is_an_alias(site: Path) -> None:
    make_site(site, {STORM: _storm().replace("slug: storm-amy", "slug: storm-amy-latest")})
    _lost(
        site,
        "content/world/storm.md: slug changed: /world/storm-amy/ was published and would be"
        f" lost; add aliases: [/world/storm-amy/] {HINT}",
    )
    make_site(
        site,
        {STORM: _storm(aliases="[/world/storm-amy/]").replace("slug: storm-amy", "slug: s-a2")},
    )
    assert build(site).exit_code == 0
    assert (site / "public/_redirects").read_text() == "/world/storm-amy/ /world/s-a2/ 301\n"
    # The alias is published now, so the next build must keep it too.
    make_site(site, {STORM: _storm().replace("slug: storm-amy", "slug: s-a2")})
    _lost(
        site,
        "content/world/storm.md: slug changed: /world/storm-amy/ was published and would be"
        f" lost; add aliases: [/world/storm-amy/] {HINT}",
    )


def test_a_category_change_fails_until_the_old_url_is_an_alias(site: Path) -> None:
    make_site(site, {STORM: _storm().replace("category: World", "category: Europe")})
    _lost(
        site,
        "content/world/storm.md: category changed: /world/storm-amy/ was published and would"
        f" be lost; add aliases: [/world/storm-amy/] {HINT}",
    )
    moved = _storm(aliases="[/world/storm-amy/]").replace("category: World", "category: Europe")
    make_site(site, {STORM: moved})
    assert build(site).exit_code == 0
    assert (site / "public/europe/storm-amy/index.html").is_file()
    assert "/world/storm-amy/ /europe/storm-amy/ 301" in (site / "public/_redirects").read_text()


def test_a_date_change_in_a_dated_permalink_fails_too(tmp_path: Path) -> None:
    toml = SITE_TOML + '[build]\npermalink = "/{year}/{month}/{slug}/"\n'
    site = make_site(tmp_path / "site", {STORM: _storm()}, toml)
    assert build(site).exit_code == 0
    make_site(site, {STORM: _storm().replace("2026-11-20", "2026-10-20")}, toml)
    _lost(
        site,
        "content/world/storm.md: date changed: /2026/11/storm-amy/ was published and would be"
        f" lost; add aliases: [/2026/11/storm-amy/] {HINT}",
    )


def test_a_deletion_fails_until_the_url_is_gone_and_then_answers_410(site: Path) -> None:
    (site / STORM).unlink()
    _lost(
        site,
        "content/world/storm.md: deleted: /world/storm-amy/ was published and would be lost;"
        f" add aliases: [/world/storm-amy/] to the story's new home {HINT}",
    )
    make_site(
        site,
        {GONE_TOML: '[[gone]]\nurl = "/world/storm-amy/"\nreason = "Removed on legal advice."\n'},
    )
    assert build(site).exit_code == 0
    public = site / "public"
    assert (public / "_redirects").read_text() == "/world/storm-amy/ /world/storm-amy/ 410!\n"
    assert (public / "_gone.map").read_text().splitlines()[-1] == '"/world/storm-amy/" 410;'
    page = (public / "world/storm-amy/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    assert "This story has been removed" in page
    assert "Removed on legal advice." in page
    assert "storm-amy" not in (public / "sitemap.xml").read_text()
    # Taking the URL off the gone list loses it again.
    (site / GONE_TOML).write_text("gone = []\n")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "public/.atlasgen-published:4: /world/storm-amy/ was published and would be lost;"
    )


def test_a_story_moved_to_another_file_keeps_its_url_without_an_alias(site: Path) -> None:
    (site / STORM).rename(site / "content/europe-storm.md")
    assert build(site).exit_code == 0
    assert (
        "/world/storm-amy/\tcontent/europe-storm.md"
        in (site / "public/.atlasgen-published").read_text()
    )


def test_a_story_made_a_draft_must_be_listed_as_gone(site: Path) -> None:
    make_site(site, {STORM: _storm(draft="true")})
    _lost(
        site,
        "content/world/storm.md: draft: /world/storm-amy/ was published and would be lost;"
        " publish the story again (or list it in content/_data/gone.toml)",
    )
    make_site(site, {GONE_TOML: '[[gone]]\nurl = "/world/storm-amy/"\n'})
    assert build(site).exit_code == 0


def test_a_story_pulled_back_to_a_later_time_keeps_its_url_with_a_warning(site: Path) -> None:
    make_site(site, {STORM: _storm().replace("2026-11-20T10:00:00Z", "2026-11-28T06:00:00Z")})
    result = build(site)
    assert result.exit_code == 0
    assert result.stderr == (
        "content/world/storm.md: warning: scheduled: /world/storm-amy/ was published and does"
        " not answer until the story's new time\n"
    )
    assert not (site / "public/world/storm-amy").exists()
    assert (
        "/world/storm-amy/\tcontent/world/storm.md\n"
        in (site / "public/.atlasgen-published").read_text()
    )
    assert build(site).exit_code == 0  # still remembered
    later = _storm().replace("2026-11-20T10:00:00Z", "2026-11-28T06:00:00Z")
    make_site(site, {STORM: later.replace("slug: storm-amy", "slug: storm-amy-2")})
    _lost(
        site,
        "content/world/storm.md: slug changed: /world/storm-amy/ was published and would be"
        f" lost; add aliases: [/world/storm-amy/] {HINT}",
    )


def test_preview_builds_do_not_publish_drafts_or_scheduled_stories(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/world/draft.md": article("Draft", draft="true"),
        "content/world/later.md": article("Later", "2026-12-24T10:00:00Z"),
        "content/world/now.md": article("Now"),
    }
    site = make_site(tmp_path / "site", files)
    assert build(site, "--drafts", "--future").exit_code == 0
    register = (site / "public/.atlasgen-published").read_text()
    assert "/world/now/" in register
    assert "/world/draft/" not in register and "/world/later/" not in register
    assert build(site).exit_code == 0  # the draft and the scheduled story may go


# -- a clean checkout: --published ---------------------------------------------------------


@pytest.fixture
def clean(site: Path, tmp_path: Path) -> Path:
    """The site checked out afresh (no output, no cache); its sitemap saved beside it."""
    shutil.copy(site / "public/sitemap.xml", tmp_path / "sitemap.xml")
    shutil.rmtree(site / "public")
    shutil.rmtree(site / ".atlasgen")
    return site


def test_a_published_list_in_a_clean_checkout(clean: Path, tmp_path: Path) -> None:
    listing = tmp_path / "published.txt"
    listing.write_text("# published\nhttps://news.example.org/world/calm/\n/world/storm-amy/\n")
    make_site(clean, {STORM: _storm().replace("slug: storm-amy", "slug: storm-amy-latest")})
    result = build(clean, "--published", str(listing))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{listing}:3: /world/storm-amy/ was published and would be lost; add aliases:"
        f" [/world/storm-amy/] to the story's new home {HINT}"
    )
    assert not (clean / "public").exists()
    make_site(clean, {STORM: _storm(aliases="[/world/storm-amy/]").replace("-amy\n", "-amy-2\n")})
    assert build(clean, "--published", str(listing)).exit_code == 0


def test_a_copy_of_the_register_in_a_clean_checkout_names_the_file(
    site: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "published.txt"
    shutil.copy(site / "public/.atlasgen-published", saved)
    shutil.rmtree(site / "public")
    make_site(site, {STORM: _storm().replace("slug: storm-amy", "slug: storm-amy-latest")})
    result = build(site, "--published", str(saved))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/world/storm.md: slug changed: /world/storm-amy/ was published and would be"
        f" lost; add aliases: [/world/storm-amy/] {HINT}"
    )


def test_a_previous_sitemap_in_a_clean_checkout(clean: Path, tmp_path: Path) -> None:
    make_site(clean, {STORM: _storm().replace("category: World", "category: Europe")})
    message = (
        "content/world/storm.md: category changed: /world/storm-amy/ was published and would"
        f" be lost; add aliases: [/world/storm-amy/] {HINT}"
    )
    sitemap = tmp_path / "sitemap.xml"
    for given in (str(sitemap), sitemap.as_uri()):
        result = build(clean, "--published", given)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == message
    assert build(clean).exit_code == 0  # (nothing to go by without it)
    moved = _storm(aliases="[/world/storm-amy/]").replace("category: World", "category: Europe")
    make_site(clean, {STORM: moved})
    shutil.rmtree(clean / "public")
    assert build(clean, "--published", str(sitemap)).exit_code == 0


def test_a_sitemap_index_is_read_with_its_parts(clean: Path, tmp_path: Path) -> None:
    part = tmp_path / "sitemap.xml"
    part.rename(tmp_path / "sitemap-1.xml")
    index = tmp_path / "sitemap-index.xml"
    index.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://news.example.org/sitemap-1.xml</loc></sitemap></sitemapindex>"
    )
    make_site(clean, {STORM: _storm().replace("category: World", "category: Europe")})
    result = build(clean, "--published", str(index))
    assert result.exit_code == 1
    assert "category changed: /world/storm-amy/" in result.stderr


def test_a_sitemap_is_fetched_from_an_http_url(clean: Path, tmp_path: Path) -> None:
    make_site(clean, {STORM: _storm().replace("category: World", "category: Europe")})
    with serve(tmp_path) as origin:
        result = build(clean, "--published", f"{origin}/sitemap.xml")
        assert result.exit_code == 1
        assert "category changed: /world/storm-amy/" in result.stderr
        missing = build(clean, "--published", f"{origin}/nothing.xml")
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"Error: --published {origin}/nothing.xml: cannot fetch it (HTTP 404)\n"
    )


def test_an_unreadable_published_source_is_a_usage_error(site: Path, tmp_path: Path) -> None:
    result = build(site, "--published", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --published {tmp_path / 'nope.txt'}: cannot read it (No such file or directory)\n"
    )
    (tmp_path / "page.html").write_text("<html><body>not a sitemap</body></html>")
    result = build(site, "--published", str(tmp_path / "page.html"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --published {tmp_path / 'page.html'}: <html> is not a sitemap's root\n"
    )


def test_check_reports_a_lost_url_too(site: Path) -> None:
    make_site(site, {STORM: _storm().replace("slug: storm-amy", "slug: storm-amy-latest")})
    result = run("check", "--site", str(site), "--now", "2026-11-27T12:00:00+00:00")
    assert result.exit_code == 1
    assert result.stderr.startswith("content/world/storm.md: slug changed: /world/storm-amy/")


def test_a_preview_checks_against_the_sites_own_output(site: Path, tmp_path: Path) -> None:
    """`serve` builds into its own folder; what counts as published is public/'s."""
    make_site(site, {STORM: _storm().replace("slug: storm-amy", "slug: storm-amy-latest")})
    preview = BuildOptions(output=tmp_path / "preview", now="2026-11-27T12:00:00Z", preview=True)
    with pytest.raises(BuildError) as failed:
        build_site(site, preview)
    assert "slug changed: /world/storm-amy/" in failed.value.diagnostics[0].format()


# -- gone.toml ------------------------------------------------------------------------------


def test_gone_entries_are_checked(site: Path) -> None:
    make_site(
        site,
        {GONE_TOML: '[[gone]]\nurl = "world/x"\n[[gone]]\nurl = "/a/"\nwhy = "typo"\n'},
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/_data/gone.toml: gone 1: url: 'world/x' is not a site path"
        " (e.g. /world/old-story/)",
        "content/_data/gone.toml: gone 2: why: unknown key (url, reason)",
    ]


def test_a_gone_url_that_a_story_has_is_an_error(site: Path) -> None:
    make_site(site, {GONE_TOML: '[[gone]]\nurl = "/world/calm"\n'})
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/_data/gone.toml: /world/calm/ is wanted by both a gone URL in"
        " content/_data/gone.toml and content/world/calm.md"
    )
