"""The breaking-news banner from content/_data/breaking.toml, in each include mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SITE_TOML, article, build, make_site, run

STORIES = {
    "content/world/election.md": article("Polls open", "2026-11-26T10:00:00Z", "World"),
    "content/world/older.md": article("An older story", "2026-11-20T10:00:00Z", "World"),
}
BANNER = 'text = "Polls close in the national election"\nurl = "/world/election/"\n'
DIRECTIVES = {
    "ssi": '<!--#include virtual="/_includes/breaking.html" -->',
    "esi": '<esi:include src="/_includes/breaking.html"/>',
}


def _site(tmp_path: Path, mode: str, banner: str | None = BANNER) -> Path:
    files = dict(STORIES)
    if banner is not None:
        files["content/_data/breaking.toml"] = banner
    return make_site(tmp_path, files, SITE_TOML + f'\n[tickers]\ninclude = "{mode}"\n')


def _fragment(site: Path) -> str:
    return (site / "public/_includes/breaking.html").read_text()


@pytest.mark.parametrize("mode", ["inline", "ssi", "esi"])
def test_the_banner_is_published_as_a_fragment_and_carried_by_pages(
    tmp_path: Path, mode: str
) -> None:
    site = _site(tmp_path, mode)
    result = build(site)
    assert result.exit_code == 0, result.output
    fragment = _fragment(site)
    assert '<section class="breaking" aria-label="Breaking news"' in fragment
    assert (
        '<a class="breaking__link" href="/world/election/">Polls close in the national election</a>'
        in fragment
    )
    assert "aria-live" not in fragment and 'role="alert"' not in fragment
    for page in ("index.html", "world/older/index.html", "world/index.html"):
        html = (site / "public" / page).read_text()
        if mode == "inline":
            assert fragment.strip() in html
        else:
            assert DIRECTIVES[mode] in html
            assert "Polls close" not in html


@pytest.mark.parametrize("mode", ["inline", "ssi", "esi"])
def test_without_a_banner_the_fragment_is_empty(tmp_path: Path, mode: str) -> None:
    site = _site(tmp_path, mode, banner=None)
    assert build(site).exit_code == 0
    assert _fragment(site) == ""
    html = (site / "public/index.html").read_text()
    assert 'class="breaking"' not in html
    if mode != "inline":  # pages point at it anyway: raising a banner rewrites it alone
        assert DIRECTIVES[mode] in html


@pytest.mark.parametrize("mode", ["inline", "ssi", "esi"])
def test_the_banner_is_gone_from_its_until_on(tmp_path: Path, mode: str) -> None:
    site = _site(tmp_path, mode, BANNER + "until = 2026-11-27T12:30:00Z\n")
    result = build(site)
    assert result.exit_code == 0  # conftest's now: 12:00
    assert "Polls close" in _fragment(site)
    assert "; content/_data/breaking.toml ends at 27 Nov 2026, 12:30:00" in result.output
    assert run("build", "--site", str(site), "--now", "2026-11-27T12:30:00Z").exit_code == 0
    assert _fragment(site) == ""
    assert "Polls close" not in (site / "public/world/older/index.html").read_text()


@pytest.mark.parametrize("mode", ["ssi", "esi"])
def test_raising_and_clearing_the_banner_rewrites_the_fragment_alone(
    tmp_path: Path, mode: str
) -> None:
    site = _site(tmp_path, mode, banner=None)
    assert build(site).exit_code == 0
    pages = sorted((site / "public").rglob("*.html"))
    pages = [p for p in pages if "_includes" not in p.parts]
    assert len(pages) > 5

    def identities() -> dict[Path, tuple[int, int]]:
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in pages}

    before = identities()
    (site / "content/_data").mkdir(exist_ok=True)
    (site / "content/_data/breaking.toml").write_text(BANNER)
    assert build(site).exit_code == 0
    assert "Polls close" in _fragment(site)
    assert identities() == before
    (site / "content/_data/breaking.toml").write_text("")  # an empty file: no banner
    assert build(site).exit_code == 0
    assert _fragment(site) == ""
    assert identities() == before


def test_a_banner_without_a_link_is_plain_text(tmp_path: Path) -> None:
    site = _site(tmp_path, "inline", 'text = "Storm warning for the north <coast>"\n')
    assert build(site).exit_code == 0
    fragment = _fragment(site)
    assert "Storm warning for the north &lt;coast&gt;</p>" in fragment
    assert "breaking__link" not in fragment


def test_the_banner_link_carries_the_base_path(tmp_path: Path) -> None:
    files = {**STORIES, "content/_data/breaking.toml": BANNER}
    toml = SITE_TOML.replace("https://news.example.org", "https://news.example.org/news")
    site = make_site(tmp_path, files, toml)
    assert build(site).exit_code == 0
    assert 'href="/news/world/election/"' in _fragment(site)


def test_a_new_banner_gets_a_new_id_so_a_dismissal_does_not_hide_it(tmp_path: Path) -> None:
    site = _site(tmp_path, "inline")
    assert build(site).exit_code == 0
    first = _fragment(site)
    (site / "content/_data/breaking.toml").write_text('text = "Results are in"\n')
    assert build(site).exit_code == 0
    second = _fragment(site)

    def banner_id(fragment: str) -> str:
        return fragment.split('data-breaking="')[1].split('"')[0]

    assert len(banner_id(first)) == 12 and banner_id(first) != banner_id(second)


def test_mistakes_in_the_banner_file_are_reported_by_key(tmp_path: Path) -> None:
    bad = 'text = 4\nurl = "ftp://example.org/x"\nuntil = "later"\ncolour = "red"\n'
    site = _site(tmp_path, "inline", bad)
    result = build(site)
    assert result.exit_code == 1
    for line in (
        "content/_data/breaking.toml:1: text: expected text, got 4",
        "content/_data/breaking.toml:2: url: 'ftp://example.org/x' is not an http(s) URL "
        "or a site path",
        "content/_data/breaking.toml:3: until: 'later' is not a timestamp",
        "content/_data/breaking.toml:4: warning: colour: unknown key",
    ):
        assert line in result.stderr


def test_a_banner_linking_to_no_page_fails_the_build_with_a_suggestion(tmp_path: Path) -> None:
    banner = '# live coverage\ntext = "Polls close"\nurl = "/world/electon/"\n'
    site = _site(tmp_path, "ssi", banner)
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/_data/breaking.toml:3: url: /world/electon/ is not a page of this site "
        "(did you mean /world/election/?)"
    ) in result.stderr


def test_a_banner_may_link_to_a_part_of_a_page_or_off_the_site(tmp_path: Path) -> None:
    for url in ("/world/election/#results", "/world/?page=1", "https://example.org/vote"):
        site = _site(tmp_path / url.replace("/", "_"), "inline", f'text = "T"\nurl = "{url}"\n')
        result = build(site)
        assert result.exit_code == 0, result.stderr


def test_a_banner_linking_to_a_scheduled_story_waits_for_it(tmp_path: Path) -> None:
    files = {
        **STORIES,
        "content/world/results.md": article("Results", "2026-11-28T10:00:00Z", "World"),
        "content/_data/breaking.toml": 'text = "Results soon"\nurl = "/world/results/"\n',
    }
    site = make_site(tmp_path, files)
    result = build(site)
    assert result.exit_code == 0, result.stderr
    assert (
        "content/_data/breaking.toml:2: warning: url: /world/results/ is scheduled for "
        "2026-11-28T10:00:00+00:00 (content/world/results.md); the banner waits for it"
    ) in result.stderr
    assert _fragment(site) == ""
    later = run("build", "--site", str(site), "--now", "2026-11-28T10:00:00Z")
    assert later.exit_code == 0, later.stderr
    assert "Results soon" in _fragment(site)


def test_a_lapsed_banner_is_not_checked(tmp_path: Path) -> None:
    banner = 'text = "Old"\nurl = "/gone/"\nuntil = 2026-11-27T11:00:00Z\n'
    site = _site(tmp_path, "inline", banner)
    assert build(site).exit_code == 0


def test_a_banner_linking_to_a_file_of_a_scheduled_story_waits_for_it(tmp_path: Path) -> None:
    files = {
        **STORIES,
        "content/world/results.md": article(
            "Results", "2026-11-28T10:00:00Z", "World", body="[The full table](/docs/table.pdf)"
        ),
        "content/docs/table.pdf": "%PDF-1.4 results\n",
        "content/_data/breaking.toml": 'text = "Results: the table"\nurl = "/docs/table.pdf"\n',
    }
    site = make_site(tmp_path, files)
    result = build(site)
    assert result.exit_code == 0, result.stderr
    assert (
        "content/_data/breaking.toml:2: warning: url: /docs/table.pdf is held back with the "
        "unpublished stories that use it; the banner waits"
    ) in result.stderr
    assert _fragment(site) == ""
    assert not (site / "public/docs/table.pdf").exists()
    later = run("build", "--site", str(site), "--now", "2026-11-28T10:00:00Z")
    assert later.exit_code == 0, later.stderr
    assert "Results: the table" in _fragment(site)
    assert (site / "public/docs/table.pdf").exists()
