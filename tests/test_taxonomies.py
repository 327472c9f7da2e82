"""Tag, author and archive pages, their indexes, pagination edges, section neighbours."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SITE_TOML, article, build, make_site

PAGED = SITE_TOML + "\n[build]\npage_size = 2\n"


def _stories(count: int, **keys: str) -> dict[str, str]:
    return {
        f"content/s{i}.md": article(f"Story {i}", f"2026-11-{10 + i:02d}T10:00:00Z", **keys)
        for i in range(count)
    }


def test_tag_and_author_pages_list_their_stories_newest_first(tmp_path: Path) -> None:
    site = make_site(tmp_path, _stories(3, tags="[Climate, Oil]", authors="[Priya Raman]"))
    assert build(site).exit_code == 0
    tag_page = (site / "public/tags/climate/index.html").read_text()
    assert tag_page.index("Story 2") < tag_page.index("Story 1") < tag_page.index("Story 0")
    assert "Story 0" in (site / "public/authors/priya-raman/index.html").read_text()
    tags_index = (site / "public/tags/index.html").read_text()
    assert 'href="/tags/climate/">Climate</a>' in tags_index and "3 stories" in tags_index
    assert 'href="/authors/priya-raman/"' in (site / "public/authors/index.html").read_text()


def test_exactly_page_size_stories_make_one_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, _stories(2, tags="[Climate]"), PAGED)
    assert build(site).exit_code == 0
    assert (site / "public/tags/climate/index.html").is_file()
    assert not (site / "public/tags/climate/page/2").exists()


def test_one_more_than_page_size_makes_a_second_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, _stories(3, tags="[Climate]"), PAGED)
    assert build(site).exit_code == 0
    second = (site / "public/tags/climate/page/2/index.html").read_text()
    listed = second.split('<main id="main"')[1]  # the header's tickers list every story
    assert "Story 0" in listed and "Story 2" not in listed
    assert 'rel="prev" href="/tags/climate/"' in second
    first = (site / "public/tags/climate/index.html").read_text()
    assert 'rel="next" href="/tags/climate/page/2/"' in first


def test_a_site_with_no_stories_still_builds_its_pages(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/images/logo.txt": "x"})
    result = build(site)
    assert result.exit_code == 0, result.output
    assert "No stories yet" in (site / "public/index.html").read_text()
    assert "Nothing here yet" in (site / "public/tags/index.html").read_text()


def test_author_pages_show_the_bio_and_photo_from_data(tmp_path: Path) -> None:
    files = _stories(1, authors="[Priya Raman]")
    files["content/_data/authors.toml"] = (
        '[[author]]\nname = "Priya Raman"\nbio = "Covers chips."\nphoto = "/people/priya.jpg"\n'
    )
    files["content/people/priya.jpg"] = b"\xff\xd8\xff"
    site = make_site(tmp_path, files)
    assert build(site).exit_code == 0
    page = (site / "public/authors/priya-raman/index.html").read_text()
    assert "Covers chips." in page and 'src="/people/priya.jpg"' in page
    assert "Covers chips." in (site / "public/authors/index.html").read_text()


def test_a_bad_authors_file_names_the_file_and_entry(tmp_path: Path) -> None:
    files = _stories(1)
    files["content/_data/authors.toml"] = '[[author]]\nname = "Priya Raman"\nphoto = 3\n'
    site = make_site(tmp_path, files)
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/_data/authors.toml: author 1 (Priya Raman): photo: expected text, got 3"
        in result.stderr
    )


def test_archive_pages_list_each_month_and_sections_link_to_them(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": article("November story", "2026-11-03T10:00:00Z"),
            "content/b.md": article(
                "Halloween story", "2026-10-31T23:30:00-01:00"
            ),  # 00:30 in London
        },
    )
    assert build(site).exit_code == 0
    november = (site / "public/archive/2026/11/index.html").read_text()
    assert "November story" in november and "Halloween story" in november
    assert not (site / "public/archive/2026/10").exists()
    section = (site / "public/world/index.html").read_text()
    assert 'href="/archive/2026/11/">November 2026</a>' in section
    assert 'href="/archive/2026/11/"' in (site / "public/archive/index.html").read_text()


def test_tags_whose_slugs_collide_get_separate_pages_and_a_warning(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": article("Deal one", tags="[M&A]"),
            "content/b.md": article("Deal two", "2026-11-21T10:00:00Z", tags="[M-A]"),
        },
    )
    result = build(site)
    assert result.exit_code == 0
    assert (
        "content/b.md:5: warning: tags: 'M-A' and 'M&A' share the URL slug 'm-a'; "
        "'M-A' is published at 'm-a-2' (use one spelling if they are the same)" in result.stderr
    )
    assert "Deal one" in (site / "public/tags/m-a/index.html").read_text()
    assert "Deal two" in (site / "public/tags/m-a-2/index.html").read_text()
    assert 'href="/tags/m-a-2/">M-A</a>' in (site / "public/world/b/index.html").read_text()
    assert build(site, "--strict").exit_code == 1


def test_tags_differing_only_in_case_are_one_tag(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": article("One", tags="[climate]"),
            "content/b.md": article("Two", "2026-11-21T10:00:00Z", tags="[Climate]"),
        },
    )
    result = build(site)
    assert result.exit_code == 0 and "warning" not in result.stderr
    page = (site / "public/tags/climate/index.html").read_text()
    assert "One" in page and "Two" in page


def test_article_pages_link_the_next_and_previous_story_in_their_section(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            **_stories(3),
            "content/other.md": article("Elsewhere", "2026-11-11T12:00:00Z", category="Sports"),
        },
    )
    assert build(site).exit_code == 0
    middle = (site / "public/world/s1/index.html").read_text()
    assert 'href="/world/s0/" rel="prev"' in middle
    assert 'href="/world/s2/" rel="next"' in middle
    assert "Elsewhere" not in middle.split('class="neighbours"')[1].split("</nav>")[0]


def _pager(page: Path) -> list[str]:
    """The pagination's items: page numbers, "[n]" for the current one, "…" for a gap."""
    nav = page.read_text().split('<nav class="pagination"')[1].split("</nav>")[0]
    items = re.findall(r'<span aria-current="page">(\d+)</span>|>(\d+)</a>|(…)</span>', nav)
    return [f"[{current}]" if current else number or gap for current, number, gap in items]


def test_a_long_list_links_its_ends_and_the_pages_near_this_one(tmp_path: Path) -> None:
    """Linking all 450 pages of a big tag from each of them would make a list's pages
    grow with the square of its length; short lists link every page."""
    one_each = SITE_TOML + "\n[build]\npage_size = 1\n"
    site = make_site(tmp_path, _stories(15, tags="[Climate, Oil]"), one_each)
    (site / "content/s0.md").write_text(article("Story 0", "2026-11-10T10:00:00Z", tags="[Oil]"))
    for i in range(6, 15):  # Climate: 6 stories, Oil: 15
        (site / f"content/s{i}.md").write_text(
            article(f"Story {i}", f"2026-11-{10 + i:02d}T10:00:00Z", tags="[Oil]")
        )
    assert build(site).exit_code == 0
    oil = site / "public/tags/oil"
    assert _pager(oil / "index.html") == ["[1]", "2", "3", "…", "15"]
    assert _pager(oil / "page/4/index.html") == ["1", "2", "3", "[4]", "5", "6", "…", "15"]
    assert _pager(oil / "page/8/index.html") == ["1", "…", "6", "7", "[8]", "9", "10", "…", "15"]
    assert _pager(oil / "page/15/index.html") == ["1", "…", "13", "14", "[15]"]
    climate = site / "public/tags/climate/page/3/index.html"
    assert _pager(climate) == ["1", "2", "[3]", "4", "5"]
