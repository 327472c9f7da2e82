"""Header tickers: clocks, markets, latest news, and how pages carry them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, build, make_site

from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.config import parse_config
from atlasgen.content.frontmatter import parse_article
from atlasgen.site.tickers import clocks, format_change, format_price, latest, markets
from atlasgen.theme.templates import ATLAS

CLOCKS_TOML = (
    SITE_TOML
    + """
[tickers]
clocks = [ { label = "NY", timezone = "America/New_York" },
           { label = "LDN", timezone = "Europe/London" },
           { label = "HKG", timezone = "Asia/Hong_Kong" },
           { label = "TYO", timezone = "Asia/Tokyo" } ]
"""
)


def test_clocks_name_their_cities_and_zones_and_carry_no_time() -> None:
    found = clocks(parse_config(CLOCKS_TOML))
    assert [(c.label, c.timezone) for c in found] == [
        ("NY", "America/New_York"),
        ("LDN", "Europe/London"),
        ("HKG", "Asia/Hong_Kong"),
        ("TYO", "Asia/Tokyo"),
    ]


def test_the_clocks_fragment_holds_no_build_time(tmp_path: Path) -> None:
    """The browser fills the clocks in (test_browser_tickers.py): a time written at build
    would change every page every minute."""
    site = make_site(tmp_path, {"content/a.md": article()}, CLOCKS_TOML)
    assert build(site).exit_code == 0
    fragment = (site / "public/_includes/clocks.html").read_text()
    assert '<span class="clock__label">HKG</span>' in fragment
    assert '<span class="clock__time" data-clock-tz="Asia/Hong_Kong"></span>' in fragment
    assert not any(ch.isdigit() for ch in fragment.replace("clock__", ""))


@pytest.mark.parametrize(
    ("price", "shown"),
    [
        (77527.41, "77,527"),
        (4535.2, "4,535"),
        (1234567.0, "1,234,567"),
        (452.3, "452.30"),
        (61.84, "61.84"),
        (1.0842, "1.0842"),
        (0.5, "0.5000"),
        (0.00001234, "0.00001234"),
        (0, "0"),
        (-12.5, "−12.50"),
    ],
)
def test_prices_get_separators_and_decimals_that_suit_their_size(price: float, shown: str) -> None:
    assert format_price(price) == shown


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (1.07, "+1.07%"),
        (-0.12, "−0.12%"),
        (0, "0.00%"),
        (0.001, "0.00%"),
        (-3, "−3.00%"),
    ],
)
def test_changes_are_signed_percentages(change: float, shown: str) -> None:
    assert format_change(change) == shown


def _quotes(document: object) -> tuple[list[str], list[str]]:
    quotes, problems = markets(
        {"markets": document}, {"markets": "content/_data/markets.toml"}, "markets"
    )
    return (
        [f"{q.name} {q.price} {q.change} {q.direction}" for q in quotes],
        [p.format() for p in problems],
    )


def test_market_quotes_are_formatted_with_a_direction() -> None:
    shown, problems = _quotes(
        {
            "quote": [
                {"name": "Gold", "price": 4535.2, "change": 1.07, "currency": "USD"},
                {"name": "EUR/USD", "price": 1.0842, "change": -0.12},
                {"name": "S&P 500", "price": 7128, "change": 0},
            ]
        }
    )
    assert problems == []
    assert shown == [
        "Gold 4,535 +1.07% up",
        "EUR/USD 1.0842 −0.12% down",
        "S&P 500 7,128 0.00% flat",
    ]


def test_no_markets_data_file_means_no_markets_strip() -> None:
    assert markets({}, {}, "markets") == ((), [])


def test_a_markets_file_of_comments_alone_means_no_markets_strip() -> None:
    """As `atlasgen init` writes it: examples commented out, to be filled in."""
    assert markets({"markets": {}}, {"markets": "content/_data/markets.toml"}, "markets") == (
        (),
        [],
    )


def test_a_malformed_quote_is_an_error_naming_the_file_and_entry() -> None:
    shown, problems = _quotes(
        {
            "quote": [
                {"name": "Gold", "price": 4535.2, "change": 1.07},
                {"name": "Bitcoin", "price": "lots", "change": 0.87},
                {"price": 1.0, "change": 0.1, "colour": "red"},
            ]
        }
    )
    assert shown == ["Gold 4,535 +1.07% up"]
    assert problems == [
        "content/_data/markets.toml: quote 2 (Bitcoin): price: expected a number, got 'lots'",
        "content/_data/markets.toml: quote 3: colour: unknown key",
        "content/_data/markets.toml: quote 3: name: is required text",
    ]


def test_a_markets_file_without_quote_entries_is_an_error() -> None:
    _, problems = _quotes({"gold": 1})
    assert problems == [
        "content/_data/markets.toml: quote: expected a list of quote entries"
        ' (e.g. [[quote]] name = "Gold" price = 4535.2 change = 1.07)'
    ]


def _article(name: str, published: str, **keys: str) -> object:
    config = parse_config(SITE_TOML)
    found, problems = parse_article(
        article(name, published, **keys), f"content/{name}.md", config.tz
    )
    assert found is not None, problems
    return found


def test_latest_takes_the_newest_public_articles_up_to_the_limit() -> None:
    config = parse_config(SITE_TOML + "\n[tickers]\nlatest = 2\n")
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    articles = tuple(
        _article(n, p, **k)
        for n, p, k in [  # newest first, as ContentSet has them
            ("future", "2026-12-01T00:00:00Z", {}),
            ("draft", "2026-11-27T11:00:00Z", {"draft": "true"}),
            ("newest", "2026-11-27T10:00:00Z", {}),
            ("middle", "2026-11-26T10:00:00Z", {}),
            ("oldest", "2026-11-25T10:00:00Z", {}),
        ]
    )
    items = latest(articles, config, now)  # type: ignore[arg-type]
    assert [i.title for i in items] == ["newest", "middle"]
    assert items[0].iso == "2026-11-27T10:00:00+00:00"
    assert items[0].text == "27 Nov, 10:00"


SECTIONED = {
    "content/world/old-story.md": article("Old story", "2026-11-20T10:00:00Z", "World"),
    "content/sports/match.md": article("Match report", "2026-11-21T10:00:00Z", "Sports"),
    "content/_data/markets.toml": '[[quote]]\nname = "Gold"\nprice = 4535.2\nchange = 1.07\n',
}


def _site_with_mode(tmp_path: Path, mode: str, base_url: str = "https://n.example.org") -> Path:
    toml = SITE_TOML.replace("https://news.example.org", base_url)
    return make_site(tmp_path, SECTIONED, toml + f'\n[tickers]\ninclude = "{mode}"\n')


def test_inline_mode_pastes_each_fragment_into_pages(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "inline")
    assert build(site).exit_code == 0
    page = (site / "public/world/old-story/index.html").read_text()
    latest_fragment = (site / "public/_includes/latest.html").read_text()
    assert latest_fragment.strip() in page
    assert "Match report" in latest_fragment
    assert '<span class="quote__name">Gold</span>' in page
    assert "#include" not in page and "esi:include" not in page


def test_ssi_mode_writes_include_directives_with_the_base_path(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "ssi", "https://n.example.org/news")
    assert build(site).exit_code == 0
    page = (site / "public/world/old-story/index.html").read_text()
    for name in ("clocks", "markets", "latest"):
        assert f'<!--#include virtual="/news/_includes/{name}.html" -->' in page
        assert (site / f"public/_includes/{name}.html").is_file()
    assert "Match report" not in page.split("</header>")[0]


def test_esi_mode_writes_esi_includes(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "esi")
    assert build(site).exit_code == 0
    page = (site / "public/index.html").read_text()
    assert '<esi:include src="/_includes/latest.html"/>' in page
    assert '<esi:include src="/_includes/clocks.html"/>' in page


def test_latest_json_lists_title_url_and_published(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "inline")
    assert build(site).exit_code == 0
    data = json.loads((site / "public/_includes/latest.json").read_text())
    assert data["items"] == [
        {
            "title": "Match report",
            "url": "https://n.example.org/sports/match/",
            "published": "2026-11-21T10:00:00+00:00",
        },
        {
            "title": "Old story",
            "url": "https://n.example.org/world/old-story/",
            "published": "2026-11-20T10:00:00+00:00",
        },
    ]


def test_without_a_markets_file_pages_have_no_markets_strip(tmp_path: Path) -> None:
    files = {k: v for k, v in SECTIONED.items() if "markets" not in k}
    site = make_site(tmp_path, files)
    assert build(site).exit_code == 0
    assert 'class="markets"' not in (site / "public/index.html").read_text()
    assert not (site / "public/_includes/markets.html").exists()


def test_in_ssi_mode_publishing_a_story_leaves_older_pages_untouched(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "ssi")
    for day in range(10, 18):  # stories the new one is not related to
        (site / f"content/world/w{day}.md").write_text(
            article(f"World {day}", f"2026-11-{day}T10:00:00Z", "World", tags=f"[Tag{day}]")
        )
    assert build(site).exit_code == 0
    old_page = site / "public/world/old-story/index.html"
    before = old_page.read_bytes()
    (site / "content/sports/new-match.md").write_text(
        article("Late winner settles derby", "2026-11-27T09:00:00Z", "Sports")
    )
    result = build_site(site, BuildOptions(now=NOW, jobs=1))
    assert old_page.read_bytes() == before
    assert "Late winner settles derby" in (site / "public/_includes/latest.html").read_text()
    # Only the pages that list the new story are rendered again: the others paste the
    # latest headlines' include, so the new headline is no part of what they show.
    assert result.rendered < result.pages // 2


def test_a_theme_that_reads_the_ticker_data_renders_every_page_with_it(tmp_path: Path) -> None:
    site = _site_with_mode(tmp_path, "ssi")
    (site / "templates").mkdir()
    base = (ATLAS / "templates/base.html").read_text(encoding="utf-8")
    footer = '{{ partial("partials/footer.html"'
    loop = "{% for item in tickers.data.latest %}<i>{{ item.title }}</i>{% endfor %}"
    assert footer in base
    (site / "templates/base.html").write_text(base.replace(footer, loop + footer), "utf-8")
    assert build(site).exit_code == 0
    (site / "content/sports/new-match.md").write_text(
        article("Late winner settles derby", "2026-11-27T09:00:00Z", "Sports")
    )
    assert build(site).exit_code == 0
    old_page = (site / "public/world/old-story/index.html").read_text(encoding="utf-8")
    assert "<i>Late winner settles derby</i>" in old_page


def test_a_bad_markets_file_fails_the_build_with_its_name(tmp_path: Path) -> None:
    files = dict(SECTIONED)
    files["content/_data/markets.toml"] = '[[quote]]\nname = "Gold"\nprice = "high"\nchange = 1\n'
    site = make_site(tmp_path, files)
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/_data/markets.toml: quote 1 (Gold): price: expected a number, got 'high'"
        in result.stderr
    )
