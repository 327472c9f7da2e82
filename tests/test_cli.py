"""The command line: exit codes, messages, `new`, `check`, --quiet/--verbose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NOW, article, build, make_site, run, tree

from atlasgen import __version__
from atlasgen.build.timings import timing_chart


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(
        tmp_path / "site",
        {
            "content/world/first.md": article("First story", "2026-11-20T10:00:00+00:00"),
        },
    )


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# -- exit codes ---------------------------------------------------------------------------------


def test_a_good_build_exits_0_with_a_one_line_summary(site: Path) -> None:
    result = build(site)
    assert result.exit_code == 0
    assert re.fullmatch(
        r"Built \d+ pages \(\d+ files\) in \d+\.\d\d s into public/\n", result.stdout
    ), result.stdout
    assert result.stderr == ""


def test_content_errors_exit_1_with_every_error_and_no_traceback(site: Path) -> None:
    (site / "content/world/bad-date.md").write_text(
        article(published="'April 9th'"), encoding="utf-8"
    )
    (site / "content/world/no-title.md").write_text(
        "---\npublished: 2026-11-20T10:00:00+00:00\ncategory: World\n---\nBody\n", encoding="utf-8"
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/world/bad-date.md:3: published: 'April 9th' is not a ")
    assert lines[1].startswith("content/world/no-title.md:")
    assert "title" in lines[1]
    assert lines[-1] == "Build failed: 2 error(s); the output folder was left as it was."
    assert "Traceback" not in result.output
    assert not (site / "public").exists()


def test_a_warning_under_strict_exits_1(site: Path) -> None:
    (site / "content/world/typo.md").write_text(
        article("Typo", publihsed="2026-11-20T10:00:00+00:00"), encoding="utf-8"
    )
    assert build(site).exit_code == 0
    result = build(site, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/world/typo.md:5: warning: publihsed: unknown key (did you mean 'published'?)\n"
        "Build failed: 0 error(s), 1 warning(s) (--strict); the output folder was left as "
        "it was.\n"
    )


def test_warnings_beside_errors_are_counted_without_strict_named(site: Path) -> None:
    (site / "content/world/typo.md").write_text(article("Typo", catgory="World"), encoding="utf-8")
    (site / "content/world/bad.md").write_text(article(published="'April 9th'"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Build failed: 1 error(s), 1 warning(s); the output folder was left as it was."
    )
    strict = build(site, "--strict").stderr.splitlines()[-1]
    assert strict == (
        "Build failed: 1 error(s), 1 warning(s) (--strict); the output folder was left as it was."
    )


def test_an_unknown_flag_is_a_usage_error(site: Path) -> None:
    result = build(site, "--bogus")
    assert result.exit_code == 2
    assert "No such option '--bogus'" in result.stderr
    assert not (site / "public").exists()


def test_an_unknown_command_is_a_usage_error() -> None:
    result = run("publish")
    assert result.exit_code == 2
    assert "No such command 'publish'" in result.stderr


def test_quiet_with_verbose_is_a_usage_error(site: Path) -> None:
    result = build(site, "--quiet", "--verbose")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --quiet and --verbose cannot be used together"
    )
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "Error: --now 'yesterday': not a time ('yesterday' is not a timestamp)"),
        (
            "@soon",
            "Error: --now '@soon': not a time (invalid literal for int() with base 10: 'soon')",
        ),
        (
            "2026-03-29T01:30:00",
            "Error: --now '2026-03-29T01:30:00': not a time (2026-03-29 "
            "01:30:00 does not exist in Europe/London (the clocks go forward "
            "then))",
        ),
    ],
)
def test_a_bad_now_is_a_usage_error(site: Path, value: str, message: str) -> None:
    result = run("build", "--site", str(site), "--now", value)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not (site / "public").exists()


def test_now_takes_an_epoch_or_a_naive_site_time(site: Path) -> None:
    (site / "content/world/noon.md").write_text(
        article("Noon", "2026-11-27T12:00:00+00:00"), encoding="utf-8"
    )
    assert run("build", "--site", str(site), "--now", "@1795780799").exit_code == 0
    assert not (site / "public/world/noon").exists()
    assert run("build", "--site", str(site), "--now", "2026-11-27T12:00:00").exit_code == 0
    assert (site / "public/world/noon/index.html").is_file()


def test_jobs_must_be_positive(site: Path) -> None:
    result = build(site, "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs'" in result.stderr


def test_a_missing_theme_exits_1(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article()},
        site_toml='title = "T"\nbase_url = "https://x.org"\ntheme = "nope"\n',
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "site.toml: theme: no theme 'nope' (looked in themes/nope/ and the built-in themes: atlas"
    )


def test_a_template_error_exits_1_naming_the_template(site: Path) -> None:
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("line one\n{{ page.no_such_field }}\n")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/404.html:2: ")
    assert "Traceback" not in result.output


def test_an_internal_error_is_one_line_without_debug_and_a_traceback_with_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atlasgen.build import loading as build_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(build_module, "load_content", broken)
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr == (
        "Internal error: RuntimeError: boom (run with --debug for a "
        "traceback and please report it)\n"
    )
    with pytest.raises(RuntimeError, match="boom"):
        build(site, "--debug")


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"atlasgen, version {__version__}\n"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "new"):
        assert re.search(rf"^  {command}\b", result.stdout, re.MULTILINE)


# -- --quiet and --verbose ------------------------------------------------------------------------


def test_quiet_prints_nothing_on_success(site: Path) -> None:
    result = build(site, "--quiet")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")
    assert (site / "public/index.html").is_file()


def test_quiet_still_prints_errors(site: Path) -> None:
    (site / "content/world/bad.md").write_text(article(published="soon"), encoding="utf-8")
    result = build(site, "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("content/world/bad.md:3: published: ")


def test_quiet_hides_warnings(site: Path) -> None:
    (site / "content/world/typo.md").write_text(article("Typo", catgory="World"), encoding="utf-8")
    assert "did you mean" in build(site).stderr
    result = build(site, "--quiet")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")


def test_verbose_prints_each_stage_with_its_time(site: Path) -> None:
    result = build(site, "--verbose")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Built ")
    stages = [
        re.fullmatch(r"  (\w+) +\d+\.\d{3} s( +\d+% ?[█▏▎▍▌▋▊▉]*| \(not counted\))", line)
        for line in lines[1:]
    ]
    assert all(stages), lines
    names = [m.group(1) for m in stages if m]
    core = [name for name in names if name in ("config", "load", "render", "write")]
    assert core == ["config", "load", "render", "write"], names
    assert "█" * 30 in result.stdout  # the slowest stage's bar is the chart's full width


def test_the_timing_chart_scales_bars_to_the_slowest_stage() -> None:
    chart = timing_chart({"config": 0.5, "wait": 3.0, "load": 1.0, "render": 2.0})
    assert chart == [
        "  config   0.500 s  14% ███████▌",
        "  wait     3.000 s (not counted)",
        "  load     1.000 s  29% ███████████████",
        "  render   2.000 s  57% ██████████████████████████████",
    ]
    assert timing_chart({"load": 1.0, "render": 2.0}, "ascii")[0].endswith(" 33% " + "#" * 15)


# -- new ------------------------------------------------------------------------------------------


def test_new_writes_a_draft_in_the_category_folder(site: Path) -> None:
    result = run("new", "Headline Here", "--category", "Technology", "--site", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Created content/technology/headline-here.md (draft: true; remove that line to publish)\n"
    )
    text = (site / "content/technology/headline-here.md").read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    assert front.splitlines()[:5] == [
        "---",
        'title: "Headline Here"',
        'dek: ""',
        'category: "Technology"',
        "tags: []",
    ]
    assert re.search(r"^published: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", front, re.M)
    assert "draft: true" in front.splitlines()
    assert body.strip() == "Write the story here."


def test_a_new_article_builds_and_appears_only_with_drafts(site: Path) -> None:
    assert (
        run("new", "Headline Here", "--category", "Technology", "--site", str(site)).exit_code == 0
    )
    result = run("build", "--site", str(site))
    assert result.exit_code == 0, result.output
    assert not (site / "public/technology/headline-here").exists()
    result = run("build", "--site", str(site), "--drafts")
    assert result.exit_code == 0, result.output
    page = (site / "public/technology/headline-here/index.html").read_text(encoding="utf-8")
    assert "Headline Here" in page


def test_new_uses_the_default_author_and_escapes_quotes(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/.keep": ""},
        site_toml='title = "T"\nbase_url = "https://x.org"\ndefault_author = "Atlas Staff"\n',
    )
    result = run(
        "new", 'Minister says "no comment"', "--category", "World & Politics", "--site", str(site)
    )
    assert result.exit_code == 0, result.output
    path = site / "content/world-politics/minister-says-no-comment.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Minister says \\"no comment\\""' in text
    assert 'authors: ["Atlas Staff"]' in text
    built = run("build", "--site", str(site), "--drafts")
    assert built.exit_code == 0, built.output
    page = (site / "public/world-politics/minister-says-no-comment/index.html").read_text()
    assert (
        "Minister says &#34;no comment&#34;" in page
        or "Minister says &quot;no comment&quot;" in page
    )


def test_new_takes_a_slug(site: Path) -> None:
    result = run(
        "new", "Headline Here", "--category", "Technology", "--slug", "short", "--site", str(site)
    )
    assert result.exit_code == 0, result.output
    assert (site / "content/technology/short.md").is_file()


def test_new_refuses_to_overwrite(site: Path) -> None:
    assert (
        run("new", "Headline Here", "--category", "Technology", "--site", str(site)).exit_code == 0
    )
    path = site / "content/technology/headline-here.md"
    path.write_text("my edits", encoding="utf-8")
    result = run("new", "Headline Here", "--category", "Technology", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/technology/headline-here.md: already exists; not overwritten",
        "Failed: 1 error(s); no file was written.",
    ]
    assert path.read_text(encoding="utf-8") == "my edits"


def test_new_rejects_a_bad_slug(site: Path) -> None:
    result = run(
        "new", "Headline", "--category", "World", "--slug", "Bad Slug", "--site", str(site)
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content: slug: 'Bad Slug' is not a valid slug (lowercase letters, digits and "
        "single hyphens)"
    )
    assert not (site / "content/world/Bad Slug.md").exists()


def test_new_without_category_is_a_usage_error(site: Path) -> None:
    result = run("new", "Headline", "--site", str(site))
    assert result.exit_code == 2
    assert "Missing option '--category'" in result.stderr


def test_new_outside_a_site_exits_1(tmp_path: Path) -> None:
    result = run("new", "Headline", "--category", "World", "--site", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"site.toml: no site.toml in {tmp_path}"
    assert list(tmp_path.iterdir()) == []


# -- check ----------------------------------------------------------------------------------------


def pages_built(summary: str) -> int:
    found = re.match(r"(?:Built|No errors:) (\d+) pages", summary)
    assert found, summary
    return int(found.group(1))


def test_check_on_a_good_site_exits_0_and_writes_nothing(site: Path) -> None:
    before = tree(site)
    result = run("check", "--site", str(site), "--now", NOW)
    assert result.exit_code == 0
    assert re.fullmatch(r"No errors: \d+ pages would be built\.\n", result.stdout)
    assert result.stderr == ""
    assert tree(site) == before
    assert not (site / "public").exists()
    assert pages_built(result.stdout) == pages_built(build(site).stdout)


def test_check_reports_errors_with_exit_1_and_writes_nothing(site: Path) -> None:
    (site / "content/world/bad.md").write_text(article(published="'April 9th'"), encoding="utf-8")
    result = run("check", "--site", str(site), "--now", NOW)
    assert result.exit_code == 1
    assert result.stderr.startswith("content/world/bad.md:3: published: 'April 9th' is not a ")
    assert result.stderr.splitlines()[-1] == "Check failed: 1 error(s); nothing was written."
    assert not (site / "public").exists()


def test_check_does_not_touch_an_existing_output(site: Path) -> None:
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/second.md").write_text(article("Second"), encoding="utf-8")
    assert run("check", "--site", str(site), "--now", NOW).exit_code == 0
    assert tree(site / "public") == before


def test_check_counts_warnings(site: Path) -> None:
    (site / "content/world/typo.md").write_text(article("Typo", catgory="World"), encoding="utf-8")
    result = run("check", "--site", str(site), "--now", NOW)
    assert result.exit_code == 0
    assert re.fullmatch(r"No errors: \d+ pages would be built, 1 warning\(s\)\.\n", result.stdout)
    assert result.stderr == (
        "content/world/typo.md:5: warning: catgory: unknown key (did you mean 'category'?)\n"
    )


def test_check_with_a_bad_now_is_a_usage_error(site: Path) -> None:
    result = run("check", "--site", str(site), "--now", "yesterday")
    assert result.exit_code == 2
