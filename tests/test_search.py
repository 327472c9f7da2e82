"""Site search: what Pagefind indexes, when it runs again, and how it fails.

The index is read back without a browser: Pagefind keeps each page's indexed text,
filters and meta in a gzipped JSON "fragment" under /pagefind/fragment/.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, SITE_TOML, article, build, jpeg, make_site, tree

import atlasgen._compat.pagefind
import atlasgen.build.searching
import atlasgen.search.indexing
from atlasgen.build.pipeline import BuildOptions, build_site

SEARCH = "\n[search]\nenabled = true\n"
SEARCH_TOML = (
    SITE_TOML
    + """\
takeaways_attribution = "Quagga AI"

[newsletter]
name = "Narwhal Daily"
action = "https://example.com/subscribe"
"""
    + SEARCH
)

STORY = article(
    "Zebras cross the river",
    "2026-11-20T10:00:00+00:00",
    "World",
    body="The walrus herd moved north.\n\n## Jackal season\n\nMore about the jackal.",
    dek="Yaks watch from the bank",
    authors="[Quokka Smith, Ibex Jones]",
    tags="[Slothful]",
    takeaways="[The vole population grew]",
    image="{src: /images/river.jpg, alt: A river crossing, caption: Urchins on the shore, "
    "credit: Tapirpress}",
    corrections="[{date: 2026-11-21, text: An earlier version misspelt okapi.}]",
    related="[other-story]",
)
OTHER = article(
    "Other story about zebras",
    "2026-11-19T10:00:00+00:00",
    "Sports",
    body="Mongoose text.",
    slug="other-story",
    tags="[Slothful]",
)


def fragments(public: Path) -> dict[str, dict[str, Any]]:
    """Every indexed page by URL, from every shard (or a bundle of the output folder's):
    its text ("content"), filters, meta and anchors."""
    found = {}
    for path in public.glob("pagefind/**/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        page = json.loads(data)
        found[page["url"]] = page
    return found


def index_words(public: Path) -> bytes:
    """The word index itself, decompressed, to look for a word no fragment shows."""
    return b"".join(gzip.decompress(p.read_bytes()) for p in public.glob("pagefind/*/index/*"))


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(
        tmp_path_factory.mktemp("search"),
        {
            "content/world/story.md": STORY,
            "content/sports/other.md": OTHER,
            "content/images/river.jpg": jpeg(64, 36, "steelblue"),
            "content/world/draft.md": article(
                "Zanzibarish draft", body="Xylophonic secret.", draft="true"
            ),
            "content/world/later.md": article(
                "Quixotic plans", "2026-12-24T10:00:00Z", body="Kumquatlike future."
            ),
        },
        SEARCH_TOML,
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def test_search_is_off_unless_the_site_turns_it_on(site_factory: Any) -> None:
    site = site_factory({"content/world/a.md": article()})
    assert build(site).exit_code == 0
    public = site / "public"
    assert not (public / "pagefind").exists()
    assert not (public / "search").exists()
    assert "search-box" not in (public / "world/a/index.html").read_text()


def test_only_article_pages_are_indexed(searched: Path) -> None:
    assert set(fragments(searched)) == {"/world/story/", "/sports/other-story/"}


def test_headline_dek_byline_takeaways_and_body_are_indexed(searched: Path) -> None:
    text = fragments(searched)["/world/story/"]["content"]
    for word in ("Zebras", "Yaks", "Quokka", "vole", "walrus", "jackal"):
        assert word in text


def test_the_page_around_the_story_is_not_indexed(searched: Path) -> None:
    text = fragments(searched)["/world/story/"]["content"]
    left_out = {
        "caption and credit": ("Urchins", "Tapirpress"),
        "correction": ("okapi",),
        "tags": ("Slothful",),
        "related story": ("Other story",),
        "newsletter": ("Narwhal",),
        "takeaways heading": ("Key Takeaways", "Quagga"),
        "section kicker and dates": ("World", "Published", "Nov 2026"),
        "header and footer": ("Test Times", "Skip to content"),
        "share links": ("Share", "LinkedIn"),
    }
    for part, words in left_out.items():
        for word in words:
            assert word not in text, f"{part}: {word!r} was indexed"


def test_section_and_authors_are_filters(searched: Path) -> None:
    page = fragments(searched)["/world/story/"]
    assert page["filters"] == {"section": ["World"], "author": ["Quokka Smith", "Ibex Jones"]}


def test_results_carry_title_hero_image_and_date(searched: Path) -> None:
    meta = fragments(searched)["/world/story/"]["meta"]
    assert meta["title"] == "Zebras cross the river"
    html = (searched / "world/story/index.html").read_text()
    hero = re.search(r'<figure class="hero"[^>]*>.*?<img src="([^"]+)"', html, re.S)
    assert hero is not None and meta["image"] == hero.group(1)
    assert meta["image_alt"] == "A river crossing"
    assert meta["date"] == "2026-11-20T10:00:00+00:00"
    assert meta["date_text"] == "20 Nov 2026, 10:00:00"
    assert 'data-pagefind-sort="date:1795168800"' in html  # seconds since 1970: exact order


def test_drafts_and_scheduled_articles_are_never_indexed(searched: Path) -> None:
    everything = json.dumps(fragments(searched)) + index_words(searched).decode("latin-1")
    for word in ("Zanzibarish", "Xylophonic", "Quixotic", "Kumquatlike"):
        assert word not in everything
        assert word.lower() not in everything


def test_the_search_page_is_neither_in_the_sitemap_nor_for_crawlers(searched: Path) -> None:
    page = (searched / "search/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    assert 'data-bundle="/pagefind/"' in page
    assert "/search/" not in (searched / "sitemap.xml").read_text()


def test_every_page_has_a_search_box_that_goes_to_the_search_page(searched: Path) -> None:
    for page in ("index.html", "world/story/index.html", "tags/index.html"):
        html = (searched / page).read_text()
        assert '<form class="search-box" role="search" action="/search/" method="get">' in html
        assert '<noscript><a class="search-link" href="/search/">Search</a></noscript>' in html


def test_the_summary_counts_searchable_pages(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + SEARCH)
    result = build(site)
    assert "; 1 searchable" in result.output


def test_a_site_under_a_path_loads_the_index_from_there(tmp_path: Path) -> None:
    toml = SITE_TOML.replace("news.example.org", "news.example.org/news") + SEARCH
    site = make_site(tmp_path, {"content/world/a.md": article()}, toml)
    assert build(site).exit_code == 0
    page = (site / "public/search/index.html").read_text()
    assert 'data-bundle="/news/pagefind/" data-base="/news/"' in page
    assert 'action="/news/search/"' in (site / "public/index.html").read_text()


def test_a_site_without_articles_gets_an_empty_index(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/_data/x.toml": ""}, SITE_TOML + SEARCH)
    result = build(site)
    assert result.exit_code == 0, result.output
    assert json.loads((site / "public/pagefind/shards.json").read_text()) == {"shards": []}
    assert fragments(site / "public") == {}  # not the front page, 404 and search page whole


def test_an_unchanged_site_is_not_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quotes = '[[quote]]\nname = "Gold"\nprice = 4535.2\nchange = 1.07\n'
    files = {"content/world/a.md": article(), "content/_data/markets.toml": quotes}
    site = make_site(tmp_path, files, SITE_TOML + SEARCH)
    assert build_site(site, BuildOptions(now=NOW)).searchable == 1
    before = tree(site / "public/pagefind")

    def refuse(*args: object) -> None:
        raise AssertionError("indexed again")

    monkeypatch.setattr(atlasgen.build.searching, "write_index", refuse)
    again = build_site(site, BuildOptions(now=NOW))
    # New market quotes change every page's header, but no story changed.
    (site / "content/_data/markets.toml").write_text(quotes.replace("4535.2", "4611.8"))
    later = build_site(site, BuildOptions(now=NOW))
    assert again.rendered == 0 and later.rendered == later.pages
    assert again.searchable == later.searchable == 1
    assert tree(site / "public/pagefind") == before


def test_an_edited_story_is_indexed_again_and_unchanged_files_keep_their_mtime(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + SEARCH)
    build_site(site, BuildOptions(now=NOW))
    client = site / "public/pagefind/2026-11/pagefind.js"
    mtime = client.stat().st_mtime_ns
    story = site / "content/world/a.md"
    story.write_text(story.read_text().replace("Some *body* text.", "Fresh aardvark news."))
    build_site(site, BuildOptions(now=NOW))
    assert "aardvark" in fragments(site / "public")["/world/a/"]["content"]
    assert client.stat().st_mtime_ns == mtime


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + SEARCH)
    assert build(site).exit_code == 0
    before = tree(site / "public")
    broken = tmp_path / "pagefind-broken"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    story = site / "content/world/a.md"
    story.write_text(story.read_text().replace("Some *body* text.", "New text."))
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "site.toml: search: Pagefind could not index the site: the Pagefind binary stopped "
        "before it finished (nothing was published; or turn search off: enabled = false "
        "under [search] in site.toml to publish without search)",
        "Build failed: 1 error(s); the output folder was left as it was.",
    ]
    assert tree(site / "public") == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] == []


def test_a_missing_pagefind_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + SEARCH)
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # import fails
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "site.toml: search.enabled: Pagefind is not installed; install it with "
        "pip install 'atlasgen[search]' (or turn search off: enabled = false under [search] "
        "in site.toml)"
    )
    assert not (site / "public").exists()


def test_the_search_index_folder_belongs_to_search(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article(), "content/pagefind/notes.txt": "mine"},
        SITE_TOML + SEARCH,
    )
    result = build(site)
    assert result.exit_code == 1
    assert "/pagefind is wanted by both content/pagefind/notes.txt and the search index" in (
        result.stderr
    )


# -- the same bytes ------------------------------------------------------------------------

BUILD_SCRIPT = """
import sys
from pathlib import Path
from atlasgen.build.pipeline import BuildOptions, build_site
build_site(Path(sys.argv[1]), BuildOptions(now=sys.argv[2], output=Path(sys.argv[3]),
                                           jobs=int(sys.argv[4])))
"""
SECTIONS = ["World", "Sports", "Business", "Science", "Markets"]
AUTHORS = ["Quokka Smith", "Ibex Jones", "Okapi Brown", "Tapir Green", "Zorilla White"]


def _newsroom(root: Path) -> Path:
    """Twelve stories over five sections and five authors: filters with many values."""
    files: dict[str, str | bytes] = {}
    for number in range(12):
        section = SECTIONS[number % 5]
        files[f"content/{section.lower()}/story-{number:02d}.md"] = article(
            f"Story {number} about zebras",
            f"2026-11-{number + 1:02d}T10:00:00+00:00",
            section,
            body=f"Walrus number {number} moved north.",
            authors=f"[{AUTHORS[number % 5]}, {AUTHORS[(number * 3 + 1) % 5]}]",
        )
    return make_site(root, files, SITE_TOML + SEARCH + '\n[build]\ncache = ""\n')


def _meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = atlasgen._compat.pagefind.read(meta_file.read_bytes())
    assert isinstance(meta, list)
    return meta


def test_the_index_is_the_same_bytes_whatever_jobs_hash_seed_or_working_folder(
    tmp_path: Path,
) -> None:
    # Pagefind itself writes each filter's values in an order that changes from run to run
    # and numbers pages in the order the file system lists them.
    site = _newsroom(tmp_path / "site")
    trees = []
    for number, (jobs, seed, cwd) in enumerate(
        [(1, "1", tmp_path), (2, "4242", site), (2, "7", "/")]
    ):
        out = tmp_path / f"out{number}"
        subprocess.run(
            [sys.executable, "-c", BUILD_SCRIPT, str(site), NOW, str(out), str(jobs)],
            check=True,
            cwd=cwd,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trees.append(tree(out))
    assert len(fragments(tmp_path / "out0")) == 12
    assert [p for p in trees[0] if p.startswith("pagefind/2026-11/filter/")]
    assert trees[0] == trees[1] == trees[2]


def test_pages_are_numbered_in_path_order_and_filter_values_sorted(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    assert build(site).exit_code == 0
    bundle = site / "public/pagefind/2026-11"
    hashes = {p.stem: url for url, p in _fragment_files(bundle).items()}
    meta = _meta(bundle)
    urls = [hashes[page[0]] for page in meta[1]]
    assert len(urls) == 12 and urls == sorted(urls)
    names = []
    for name, file in meta[3]:
        data = atlasgen._compat.pagefind.read((bundle / f"filter/{file}.pf_filter").read_bytes())
        assert isinstance(data, list) and data[0] == name
        values = [value for value, pages in data[1]]
        assert values == sorted(values) and len(values) == 5
        names.append(name)
    assert names == ["author", "section"]


def _fragment_files(public_or_bundle: Path) -> dict[str, Path]:
    found = {}
    for path in public_or_bundle.glob("fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        found[json.loads(data)["url"]] = path
    return found


def _html(text: str, marked: bool = False) -> str:
    attribute = " DATA-PAGEFIND-BODY" if marked else ""
    return f'<html lang="en"><body><main{attribute}><p>{text}</p></main><p>Chrome</p></body></html>'


def test_with_a_marked_page_the_others_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {
        "a/index.html": _html("Aardvark", marked=True),
        "b/index.html": _html("Badger writes about data-pagefind-body"),
        "c.html": _html("Cheetah"),
    }
    staged = make_site(tmp_path / "staged", pages)
    atlasgen.search.indexing.write_index(staged, staged / "pagefind")
    assert {url: page["content"] for url, page in fragments(staged).items()} == {"/a/": "Aardvark."}
    # The same bundle as when every page goes to Pagefind, which leaves them out itself.
    every = make_site(tmp_path / "every", pages)
    monkeypatch.setattr(atlasgen.search.indexing, "_MARKER", re.compile(b""))
    atlasgen.search.indexing.write_index(every, every / "pagefind")
    assert tree(every / "pagefind") == tree(staged / "pagefind")


def test_with_no_marked_page_every_page_is_indexed_whole(tmp_path: Path) -> None:
    staged = make_site(
        tmp_path,
        {
            "a/index.html": _html("Aardvark"),
            "b/index.html": _html("Badger writes about data-pagefind-body"),
            "c.html": _html("Cheetah"),
        },
    )
    atlasgen.search.indexing.write_index(staged, staged / "pagefind")
    assert {url: page["content"] for url, page in fragments(staged).items()} == {
        "/a/": "Aardvark. Chrome.",
        "/b/": "Badger writes about data-pagefind-body. Chrome.",
        "/c.html": "Cheetah. Chrome.",
    }
