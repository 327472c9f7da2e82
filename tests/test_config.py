"""site.toml: defaults for every key, and every mistake reported at once,
each as `site.toml:<line>: <dotted key>: <message>`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import article, build, make_site

from atlasgen.config import Clock, SiteConfig, parse_config
from atlasgen.core.errors import BuildError

MINIMAL = 'title = "Atlas"\nbase_url = "https://atlas.example.com"\n'

FULL_EXAMPLE = """\
title = "Atlas"
tagline = "The daily global news briefing you can trust."
base_url = "https://atlas.example.com"    # absolute; feeds, canonical URLs, sitemaps
language = "en"
timezone = "Europe/London"                 # IANA name
theme = "atlas"
default_author = "Atlas Staff"
takeaways_attribution = "Atlas AI"
date_format = "%-d %b %Y, %H:%M:%S"

[build]
output = "public"
permalink = "/{category}/{slug}/"
page_size = 20

[tickers]
clocks = [ { label = "NY",  timezone = "America/New_York" },
           { label = "LDN", timezone = "Europe/London" },
           { label = "HKG", timezone = "Asia/Hong_Kong" },
           { label = "TYO", timezone = "Asia/Tokyo" } ]
markets = "markets"                        # content/_data/markets.toml
latest = 8                                 # headlines in the latest-news ticker
include = "inline"                         # inline | ssi | esi

[related]
count = 5

[feeds]
items = 50
full_content = true

[newsletter]
name = "Atlas Daily"
action = "https://example.com/subscribe"   # form target; the site itself stays static
"""


def problems(text: str) -> list[str]:
    """The formatted diagnostics of a bad site.toml, in file order."""
    with pytest.raises(BuildError) as caught:
        parse_config(text)
    return sorted(
        (d.format() for d in caught.value.diagnostics),
        key=lambda t: int(t.split(":")[1]) if t.split(":")[1].isdigit() else 0,
    )


# -- defaults ---------------------------------------------------------------------------


def test_only_title_and_base_url_are_needed_and_every_other_key_has_a_default() -> None:
    config = parse_config(MINIMAL)
    assert (config.title, config.base_url) == ("Atlas", "https://atlas.example.com")
    assert config.tagline == ""
    assert config.language == "en"
    assert config.timezone == "UTC"
    assert config.theme == "atlas"
    assert config.default_author == ""
    assert config.takeaways_attribution == ""
    assert config.date_format == ""
    assert config.build.output == "public"
    assert config.build.permalink == "/{category}/{slug}/"
    assert config.build.page_size == 20
    assert config.tickers.clocks == (
        Clock("NY", "America/New_York"),
        Clock("LDN", "Europe/London"),
        Clock("HKG", "Asia/Hong_Kong"),
        Clock("TYO", "Asia/Tokyo"),
    )
    assert config.tickers.markets == "markets"
    assert config.tickers.latest == 8
    assert config.tickers.include == "inline"
    assert config.related.count == 5
    assert config.feeds.items == 50
    assert config.feeds.full_content is True
    assert (config.newsletter.name, config.newsletter.action) == ("", "")
    assert config.newsletter.enabled is False
    assert config.markdown.html is False


def test_a_full_example_reads_back_value_for_value() -> None:
    config = parse_config(FULL_EXAMPLE)
    assert config.tagline == "The daily global news briefing you can trust."
    assert config.timezone == "Europe/London"
    assert config.default_author == "Atlas Staff"
    assert config.takeaways_attribution == "Atlas AI"
    assert [c.label for c in config.tickers.clocks] == ["NY", "LDN", "HKG", "TYO"]
    assert config.newsletter.enabled is True
    assert str(config.tz) == "Europe/London"


def test_the_sample_publications_own_site_toml_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    config = parse_config((root / "site.toml").read_text(encoding="utf-8"))
    assert config.title == "Atlas"


def test_the_config_is_frozen() -> None:
    config = parse_config(MINIMAL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.title = "Other"
    assert isinstance(config, SiteConfig)


def test_a_table_may_set_only_some_of_its_keys() -> None:
    config = parse_config(MINIMAL + '[build]\npage_size = 10\n[tickers]\ninclude = "ssi"\n')
    assert config.build.page_size == 10
    assert config.build.output == "public"
    assert config.tickers.include == "ssi"
    assert config.tickers.latest == 8


@pytest.mark.parametrize(
    ("base_url", "path", "origin"),
    [
        ("https://x.org", "", "https://x.org"),
        ("https://x.org/", "", "https://x.org"),
        ("https://x.org/news", "/news", "https://x.org"),
        ("https://x.org/news/", "/news", "https://x.org"),
        ("http://localhost:8000/a/b/", "/a/b", "http://localhost:8000"),
    ],
)
def test_base_url_splits_into_origin_and_base_path(base_url: str, path: str, origin: str) -> None:
    config = parse_config(f'title = "T"\nbase_url = "{base_url}"\n')
    assert (config.base_path, config.origin) == (path, origin)


def test_the_base_url_option_overrides_the_file() -> None:
    config = parse_config(MINIMAL, base_url="https://preview.example.net/pr-7/")
    assert config.base_url == "https://preview.example.net/pr-7/"
    assert config.base_path == "/pr-7"


def test_the_base_url_option_is_checked_like_the_file() -> None:
    with pytest.raises(BuildError) as caught:
        parse_config(MINIMAL, base_url="preview")
    assert [d.format() for d in caught.value.diagnostics] == [
        "site.toml:2: base_url: 'preview' is not an absolute http(s) URL "
        '(e.g. "https://atlas.example.com")'
    ]


# -- required keys and types ------------------------------------------------------------


def test_title_and_base_url_are_required() -> None:
    assert problems('language = "en"\n') == [
        "site.toml: title: is required",
        "site.toml: base_url: is required",
    ]


def test_a_wrong_type_names_the_dotted_key_its_line_and_the_value() -> None:
    text = MINIMAL + '\n\n[build]\noutput = "public"\npage_size = "ten"\n'
    assert problems(text) == ["site.toml:7: build.page_size: expected an integer, got str 'ten'"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('timezone = ["UTC"]', "site.toml:3: timezone: expected a string, got list ['UTC']"),
        (
            '[feeds]\nfull_content = "yes"',
            "site.toml:4: feeds.full_content: expected true or false, got str 'yes'",
        ),
        (
            "[related]\ncount = true",
            "site.toml:4: related.count: expected an integer, got bool True",
        ),
        (
            "[tickers]\nlatest = 2.5",
            "site.toml:4: tickers.latest: expected an integer, got float 2.5",
        ),
        ("build = 3", "site.toml:3: build: expected a table"),
        ('[tickers]\nclocks = "NY"', "site.toml:4: tickers.clocks: expected a list"),
        ('[tickers]\nclocks = ["NY"]', "site.toml:4: tickers.clocks[0]: expected a table"),
        (
            '[tickers]\nclocks = [{ label = "NY" }]',
            "site.toml:4: tickers.clocks[0].timezone: is required",
        ),
        (
            '[tickers]\nclocks = [{ label = 1, timezone = "UTC" }]',
            "site.toml:4: tickers.clocks[0].label: expected a string, got int 1",
        ),
    ],
)
def test_each_wrong_type_is_reported_with_its_key(line: str, message: str) -> None:
    assert problems(MINIMAL + line + "\n") == [message]


def test_a_required_key_of_the_wrong_type_is_reported() -> None:
    assert problems('base_url = "https://x.org"\ntitle = 7\n') == [
        "site.toml:2: title: expected a string, got int 7"
    ]


# -- unknown keys -----------------------------------------------------------------------


def test_an_unknown_top_level_key_suggests_the_likely_one() -> None:
    assert problems(MINIMAL + 'timezome = "Europe/London"\n') == [
        "site.toml:3: timezome: unknown key (did you mean 'timezone'?)"
    ]


def test_an_unknown_key_in_a_table_is_named_with_its_table() -> None:
    assert problems(MINIMAL + '[build]\npermalnk = "/{slug}/"\n') == [
        "site.toml:4: build.permalnk: unknown key (did you mean 'permalink'?)"
    ]


def test_an_unknown_table_suggests_the_likely_one() -> None:
    assert problems(MINIMAL + "[feed]\nitems = 10\n") == [
        "site.toml:3: feed: unknown key (did you mean 'feeds'?)"
    ]


def test_an_unknown_key_with_nothing_close_has_no_hint() -> None:
    assert problems(
        MINIMAL + '[tickers]\nclocks = [{ label = "NY", timezone = "UTC", colour = "red" }]\n'
    ) == ["site.toml:4: tickers.clocks[0].colour: unknown key"]


# -- bad values -------------------------------------------------------------------------


def test_a_bad_site_timezone_is_an_error() -> None:
    assert problems(MINIMAL + 'timezone = "Europe/Londn"\n') == [
        "site.toml:3: timezone: 'Europe/Londn' is not an IANA time zone (e.g. \"Europe/London\")"
    ]


def test_a_bad_clock_timezone_names_the_clock() -> None:
    text = (
        MINIMAL
        + """[tickers]
clocks = [ { label = "NY", timezone = "America/New_York" },
           { label = "MRS", timezone = "Mars/Olympus_Mons" } ]
"""
    )
    assert problems(text) == [
        "site.toml:4: tickers.clocks[1].timezone: 'Mars/Olympus_Mons' is not an IANA "
        'time zone (e.g. "Europe/London")'
    ]


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        (
            "atlas.example.com",
            "'atlas.example.com' is not an absolute http(s) URL "
            '(e.g. "https://atlas.example.com")',
        ),
        ("/news", "'/news' is not an absolute http(s) URL (e.g. \"https://atlas.example.com\")"),
        (
            "ftp://atlas.example.com",
            "'ftp://atlas.example.com' is not an absolute http(s) URL "
            '(e.g. "https://atlas.example.com")',
        ),
        ("https://x.org/?a=1", "'https://x.org/?a=1' must not have a query or fragment"),
        ("https://x.org/#top", "'https://x.org/#top' must not have a query or fragment"),
    ],
)
def test_a_base_url_must_be_absolute_http(base_url: str, message: str) -> None:
    assert problems(f'title = "T"\nbase_url = "{base_url}"\n') == [
        f"site.toml:2: base_url: {message}"
    ]


def test_an_unknown_permalink_token_lists_the_tokens() -> None:
    assert problems(MINIMAL + '[build]\npermalink = "/{section}/{slug}/"\n') == [
        "site.toml:4: build.permalink: unknown token {section} "
        "(tokens: {category}, {slug}, {year}, {month}, {day})"
    ]


def test_a_mistyped_permalink_token_suggests_the_right_one() -> None:
    assert problems(MINIMAL + '[build]\npermalink = "/{yaer}/{slug}/"\n') == [
        "site.toml:4: build.permalink: unknown token {yaer} (did you mean 'year'?)"
    ]


def test_a_permalink_without_slug_is_an_error() -> None:
    assert problems(MINIMAL + '[build]\npermalink = "/{category}/{year}/"\n') == [
        "site.toml:4: build.permalink: must contain {slug}"
    ]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{category}/{slug}/", "must start with '/'"),
        ("/{category}/{slug}", "must end with '/' or '.html'"),
    ],
)
def test_a_permalink_must_be_a_folder_or_html_path(pattern: str, message: str) -> None:
    assert problems(MINIMAL + f'[build]\npermalink = "{pattern}"\n') == [
        f"site.toml:4: build.permalink: {message}"
    ]


def test_tickers_include_must_be_inline_ssi_or_esi() -> None:
    assert problems(MINIMAL + '[tickers]\ninclude = "php"\n') == [
        "site.toml:4: tickers.include: 'php' is not one of inline, ssi, esi"
    ]


@pytest.mark.parametrize(
    ("table", "key", "value", "message"),
    [
        ("build", "page_size", "0", "must be at least 1"),
        ("build", "output", '" "', "must not be empty"),
        ("tickers", "latest", "-1", "must not be negative"),
        ("related", "count", "-2", "must not be negative"),
        ("feeds", "items", "0", "must be at least 1"),
    ],
)
def test_numbers_and_names_out_of_range(table: str, key: str, value: str, message: str) -> None:
    assert problems(MINIMAL + f"[{table}]\n{key} = {value}\n") == [
        f"site.toml:4: {table}.{key}: {message}"
    ]


def test_an_empty_title_is_an_error() -> None:
    assert problems('title = "  "\nbase_url = "https://x.org"\n') == [
        "site.toml:1: title: must not be empty"
    ]


def test_invalid_toml_points_at_its_line() -> None:
    assert problems(MINIMAL + "[build\npage_size = 3\n") == [
        "site.toml:3: invalid TOML: Expected ']' at the end of a table declaration"
    ]


def test_invalid_toml_value_points_at_its_line() -> None:
    assert problems(MINIMAL + "\nlanguage = en\n") == ["site.toml:4: invalid TOML: Invalid value"]


# -- all at once --------------------------------------------------------------------------


def test_every_problem_is_reported_in_one_run() -> None:
    text = """\
title = "Atlas"
base_url = "atlas.example.com"
timezone = "Europe/Londn"
tagline = 3

[build]
page_size = "ten"
permalink = "/{category}/"

[tickers]
include = "php"
clocks = [ { label = "X", timezone = "Nowhere/City" } ]

[feeds]
itmes = 10
"""
    assert problems(text) == [
        "site.toml:2: base_url: 'atlas.example.com' is not an absolute http(s) URL "
        '(e.g. "https://atlas.example.com")',
        "site.toml:3: timezone: 'Europe/Londn' is not an IANA time zone (e.g. \"Europe/London\")",
        "site.toml:4: tagline: expected a string, got int 3",
        "site.toml:7: build.page_size: expected an integer, got str 'ten'",
        "site.toml:8: build.permalink: must contain {slug}",
        "site.toml:11: tickers.include: 'php' is not one of inline, ssi, esi",
        "site.toml:12: tickers.clocks[0].timezone: 'Nowhere/City' is not an IANA time zone "
        '(e.g. "Europe/London")',
        "site.toml:15: feeds.itmes: unknown key (did you mean 'items'?)",
    ]


def test_a_missing_base_url_is_reported_with_the_other_type_errors() -> None:
    assert problems('title = "T"\nlangauge = "en"\n') == [
        "site.toml: base_url: is required",
        "site.toml:2: langauge: unknown key (did you mean 'language'?)",
    ]


# -- through the CLI ----------------------------------------------------------------------


def test_a_broken_site_toml_fails_the_build_with_exit_1_and_no_traceback(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article()},
        site_toml=MINIMAL + '[tickers]\nclocks = [{ label = "NY" }]\ninclude = "php"\n',
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "site.toml:4: tickers.clocks[0].timezone: is required\n"
        "site.toml:5: tickers.include: 'php' is not one of inline, ssi, esi\n"
        "Build failed: 2 error(s); the output folder was left as it was.\n"
    )
    assert not (site / "public").exists()


def test_a_missing_site_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = build(tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"site.toml: no site.toml in {tmp_path}"
