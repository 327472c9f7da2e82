"""The error contract, through the real CLI on tiny real sites.

Each bad input must give one compiler-style line naming the file and line, every
problem of the run at once, exit code 1, no Python traceback (unless --debug), and an
output folder left exactly as the last good build wrote it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import NOW, SITE_TOML, article, build, make_site, run, tree

from atlasgen.core.errors import BuildError

FAILED = "Build failed: {}; the output folder was left as it was."


def failed(site: Path, *args: str, summary: str = "1 error(s)") -> list[str]:
    """The diagnostics of a build that must fail cleanly, one string per line."""
    result = build(site, *args)
    return failure_lines(result, summary)


def failure_lines(result: Result, summary: str = "1 error(s)", failed: str = FAILED) -> list[str]:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == failed.format(summary)
    return lines[:-1]


def succeeded(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built ")
    return result


# -- unreadable files -------------------------------------------------------------------


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    path = site / "content/world/a.md"
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a chmod 000 file (root)")
        assert failed(site) == ["content/world/a.md: cannot read the file: Permission denied"]
    finally:
        path.chmod(0o644)


def test_a_read_refused_by_the_system_is_an_error_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(), "content/world/b.md": article()})
    real_open = open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("/a.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    assert failed(site) == ["content/world/a.md: cannot read the file: Permission denied"]


def test_a_dangling_symlink_is_an_unreadable_file(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    (site / "content/world/b.md").symlink_to(tmp_path / "gone.md")
    assert failed(site) == ["content/world/b.md: cannot read the file: No such file or directory"]


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    text = article(body="First paragraph.\n\nCaf\xe9 society.").encode("latin-1")
    site = make_site(tmp_path, {"content/world/a.md": text})
    assert failed(site) == [
        "content/world/a.md:8: is not UTF-8 text (byte 0xe9 cannot be decoded) "
        "(save the file as UTF-8)"
    ]


def test_a_non_utf8_title_names_its_line(tmp_path: Path) -> None:
    text = article(title="Caf\xe9 culture").encode("cp1252")
    site = make_site(tmp_path, {"content/world/a.md": text})
    assert failed(site) == [
        "content/world/a.md:2: is not UTF-8 text (byte 0xe9 cannot be decoded) "
        "(save the file as UTF-8)"
    ]


# -- front matter -------------------------------------------------------------------------


def test_malformed_yaml_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(dek="Meta: the model")})
    assert failed(site) == [
        "content/world/a.md:5: invalid YAML: mapping values are not allowed in this context "
        "(a value with ': ' in it needs quotes)"
    ]


def test_a_missing_required_key_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": "---\ntitle: T\ncategory: World\n---\nBody\n",
        },
    )
    assert failed(site) == ["content/world/a.md:1: published: is required"]


def test_a_value_of_the_wrong_type_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(tags="{Meta: 1}")})
    assert failed(site) == [
        "content/world/a.md:5: tags: expected a list of names, got a mapping (e.g. [Meta, AI])"
    ]


def test_a_timestamp_that_is_not_one_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(published="April 9th")})
    assert failed(site) == [
        "content/world/a.md:3: published: 'April 9th' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)"
    ]


def test_an_impossible_date_is_an_error_not_an_internal_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(published="2026-02-30")})
    assert failed(site) == [
        "content/world/a.md:3: published: '2026-02-30' is not a valid timestamp: "
        "day is out of range for month"
    ]


def test_a_bad_slug_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(slug="Muse_Spark")})
    assert failed(site) == [
        "content/world/a.md:5: slug: 'Muse_Spark' is not a valid slug "
        "(lowercase letters, digits and single hyphens, e.g. 'muse-spark')"
    ]


def test_a_file_name_that_is_not_a_slug_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/My Story.md": article()})
    assert failed(site) == [
        "content/world/My Story.md:1: slug: the file name 'My Story' is not a valid slug "
        "(rename the file or add 'slug: my-story')"
    ]


def test_updated_before_published_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(updated="2026-11-20T09:00:00+00:00"),
        },
    )
    assert failed(site) == [
        "content/world/a.md:5: updated: 2026-11-20T09:00:00+00:00 is before published "
        "(2026-11-20T10:00:00+00:00)"
    ]


# -- cross-references -------------------------------------------------------------------


def test_two_articles_on_one_url_name_both_files(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article("One", slug="same-story"),
            "content/archive/b.md": article("Two", slug="same-story"),
        },
    )
    assert failed(site) == [
        "content/world/a.md:5: slug: /world/same-story/ is also the URL of "
        "content/archive/b.md (give one of them another slug)"
    ]


def test_an_unknown_slug_in_related_is_an_error_at_its_item(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(related="\n  - b\n  - no-such-story"),
            "content/world/b.md": article("B"),
        },
    )
    assert failed(site) == [
        "content/world/a.md:7: related: no article has the slug 'no-such-story'"
    ]


def test_an_article_related_to_itself_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(related="[a]")})
    assert failed(site) == ["content/world/a.md:5: related: an article cannot be related to itself"]


def test_an_alias_on_an_article_page_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(aliases="\n  - /old/a/\n  - /world/b/"),
            "content/world/b.md": article("B"),
        },
    )
    assert failed(site) == [
        "content/world/a.md:7: aliases: /world/b/ is the URL of content/world/b.md"
    ]


def test_an_alias_on_a_section_page_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(aliases="[/world/]")})
    assert failed(site) == [
        "content/world/a.md:5: /world/ is wanted by both an alias in content/world/a.md"
        " and the section 'World'"
    ]


def test_a_content_file_where_a_page_goes_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article(), "content/feed.xml": "<rss/>"},
    )
    assert failed(site) == [
        "content/feed.xml: /feed.xml is wanted by both content/feed.xml"
        " and the generated file /feed.xml"
    ]


def test_two_articles_with_one_alias_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(aliases="[/old/]"),
            "content/world/b.md": article("B", aliases="[/old/]"),
        },
    )
    assert failed(site) == [
        "content/world/b.md:5: aliases: /old/ is also an alias of content/world/a.md"
    ]


# -- templates and themes -------------------------------------------------------------


def test_an_undefined_field_in_a_template_names_the_template_and_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "templates/article.html": "<main>\n<h1>{{ article.title }}</h1>\n"
            "<p>{{ article.nope }}</p>\n</main>\n",
        },
    )
    assert failed(site) == [
        "templates/article.html:3: template error: 'atlasgen.site.views.ArticleCard object' "
        "has no attribute 'nope'"
    ]


def test_a_template_syntax_error_names_the_template_and_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "templates/article.html": "<main>\n\n{% if %}yes{% endif %}\n</main>\n",
        },
    )
    assert failed(site) == [
        "templates/article.html:3: template syntax error: "
        "Expected an expression, got 'end of statement block'"
    ]


def test_a_missing_include_names_the_including_template_and_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "templates/article.html": "<main>\n{% include 'partials/nope.html' %}\n</main>\n",
        },
    )
    assert failed(site) == [
        "templates/article.html:2: template 'partials/nope.html' not found in "
        "templates, atlasgen/themes/atlas/templates"
    ]


def test_an_exception_raised_in_a_template_names_the_template_and_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "templates/article.html": "<main>\n<p>{{ 1 / 0 }}</p>\n</main>\n",
        },
    )
    assert failed(site) == ["templates/article.html:2: ZeroDivisionError: division by zero"]


def test_a_missing_theme_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + 'theme = "nope"\n')
    assert failed(site) == [
        "site.toml: theme: no theme 'nope' (looked in themes/nope/ and the built-in themes: atlas)"
    ]


def test_a_missing_theme_is_reported_with_the_contents_errors(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article(published="soon")}, SITE_TOML + 'theme = "nope"\n'
    )
    assert failed(site, summary="2 error(s)") == [
        "content/world/a.md:3: published: 'soon' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)",
        "site.toml: theme: no theme 'nope' (looked in themes/nope/ and the built-in themes: atlas)",
    ]


# -- site.toml --------------------------------------------------------------------------------


def test_an_unknown_config_key_suggests_the_likely_one(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + 'timezon = "UTC"\n')
    assert failed(site) == ["site.toml:4: timezon: unknown key (did you mean 'timezone'?)"]


def test_an_unknown_key_in_a_config_table_is_named_dotted(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article()}, SITE_TOML + "[build]\npage_sise = 10\n"
    )
    assert failed(site) == ["site.toml:5: build.page_sise: unknown key (did you mean 'page_size'?)"]


def test_a_config_value_of_the_wrong_type_names_the_dotted_key(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article()}, SITE_TOML + '[build]\npage_size = "ten"\n'
    )
    assert failed(site) == ["site.toml:5: build.page_size: expected an integer, got str 'ten'"]


def test_a_bad_timezone_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article()},
        SITE_TOML.replace("Europe/London", "Mars/Olympus"),
    )
    assert failed(site) == [
        "site.toml:3: timezone: 'Mars/Olympus' is not an IANA time zone (e.g. \"Europe/London\")"
    ]


def test_a_base_url_that_is_not_absolute_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article()},
        SITE_TOML.replace("https://news.example.org", "news.example.org"),
    )
    assert failed(site) == [
        "site.toml:2: base_url: 'news.example.org' is not an absolute http(s) URL "
        '(e.g. "https://atlas.example.com")'
    ]


def test_every_config_problem_is_reported_at_once(tmp_path: Path) -> None:
    toml = SITE_TOML.replace("Europe/London", "Mars/Olympus").replace(
        "https://news.example.org", "ftp://news.example.org"
    )
    site = make_site(tmp_path, {"content/world/a.md": article()}, toml)
    assert failed(site, summary="2 error(s)") == [
        "site.toml:2: base_url: 'ftp://news.example.org' is not an absolute http(s) URL "
        '(e.g. "https://atlas.example.com")',
        "site.toml:3: timezone: 'Mars/Olympus' is not an IANA time zone (e.g. \"Europe/London\")",
    ]


def test_invalid_toml_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()}, SITE_TOML + "tagline = \n")
    assert failed(site) == ["site.toml:4: invalid TOML: Invalid value"]


# -- the whole run ----------------------------------------------------------------------------


def test_every_error_of_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(published="April 9th"),
            "content/world/b.md": article(slug="Bad Slug", dek="x: y"),
            "content/world/c.md": b"---\ntitle: \xff\n---\n",
            "content/world/d.md": article(tags="[ok]", updated="2026-01-01", draft='"no"'),
            "content/world/good.md": article("Fine"),
        },
    )
    assert failed(site, summary="5 error(s)") == [
        "content/world/a.md:3: published: 'April 9th' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)",
        "content/world/b.md:6: invalid YAML: mapping values are not allowed in this context "
        "(a value with ': ' in it needs quotes)",
        "content/world/c.md:2: is not UTF-8 text (byte 0xff cannot be decoded) "
        "(save the file as UTF-8)",
        "content/world/d.md:6: updated: 2026-01-01T00:00:00+00:00 is before published "
        "(2026-11-20T10:00:00+00:00)",
        "content/world/d.md:7: draft: expected true or false, got 'no'",
    ]


def test_debug_lets_the_exception_through(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(published="April 9th")})
    with pytest.raises(BuildError) as raised:
        build(site, "--debug")
    assert [d.format() for d in raised.value.diagnostics] == [
        "content/world/a.md:3: published: 'April 9th' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)"
    ]


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article("First"),
            "content/world/b.md": article("Second"),
        },
    )
    succeeded(build(site))
    before = tree(site / "public")
    assert "world/a/index.html" in before
    siblings = sorted(p.name for p in site.iterdir())

    (site / "content/world/a.md").write_text(article("First", published="April 9th"))
    (site / "content/world/c.md").write_text(article("Third"))
    assert failed(site) == [
        "content/world/a.md:3: published: 'April 9th' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)"
    ]
    assert tree(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == siblings  # no staging folder left


def test_a_template_error_leaves_the_previous_output_exactly_as_it_was(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    succeeded(build(site))
    before = tree(site / "public")
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text("{{ article.nope }}\n")
    assert failed(site) == [
        "templates/article.html:1: template error: 'atlasgen.site.views.ArticleCard object' "
        "has no attribute 'nope'"
    ]
    assert tree(site / "public") == before


def test_an_unknown_key_is_a_warning_and_the_build_succeeds(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(publihsed="2026-11-20")})
    result = succeeded(build(site))
    assert result.stderr.splitlines() == [
        "content/world/a.md:5: warning: publihsed: unknown key (did you mean 'published'?)"
    ]
    assert (site / "public/world/a/index.html").is_file()


def test_strict_turns_a_warning_into_a_failed_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(publihsed="2026-11-20")})
    assert failed(site, "--strict", summary="0 error(s), 1 warning(s) (--strict)") == [
        "content/world/a.md:5: warning: publihsed: unknown key (did you mean 'published'?)"
    ]
    assert not (site / "public").exists()


# -- atlasgen check ---------------------------------------------------------------------------


def test_check_reports_errors_and_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(slug="Bad Slug")})
    before = tree(site)
    result = run("check", "--site", str(site), "--now", NOW)
    assert failure_lines(result, failed="Check failed: {}; nothing was written.") == [
        "content/world/a.md:5: slug: 'Bad Slug' is not a valid slug "
        "(lowercase letters, digits and single hyphens, e.g. 'bad-slug')"
    ]
    assert tree(site) == before


def test_check_passes_a_good_site_and_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    before = tree(site)
    result = run("check", "--site", str(site), "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("No errors: ")
    assert result.stderr == ""
    assert tree(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["content", "site.toml"]
