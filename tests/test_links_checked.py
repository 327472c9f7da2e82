"""Internal links and images must lead to a page or file of the build, anchors included."""

from __future__ import annotations

from pathlib import Path

from conftest import SITE_TOML, article, build, jpeg, make_site, run, tree

from atlasgen.site.linkcheck import resolve_link

#: A missing body picture, as the link check says it (or the body's media check, which
#: names it first where it runs: one error either way).
MISSING_IMAGE = (
    "{path}:6: link: /images/x.png is not a file of this site\n"
    "{path}:6: image: '/images/x.png' is not a file under content/"
)


def _missing_image(path: str) -> list[str]:
    return MISSING_IMAGE.format(path=path).splitlines()


def _errors(result_output: str) -> list[str]:
    return [line for line in result_output.splitlines() if ": link: " in line]


def _site(tmp_path: Path, files: dict[str, str | bytes], toml: str = SITE_TOML) -> Path:
    target = {
        "content/world/target.md": article(
            "Target", body="Intro.\n\n## Background\n\nText.[^1]\n\n[^1]: A note.\n"
        ),
        **files,
    }
    return make_site(tmp_path / "site", target, toml)


def test_a_dead_link_is_an_error_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    site = _site(tmp_path, {"content/world/a.md": article("A", body="See [x](/world/targte/).")})
    result = build(site)
    assert result.exit_code == 1
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: /world/targte/ is not a page of this site "
        "(did you mean /world/target/?)"
    ]
    assert "Build failed: 1 error(s)" in result.stderr


def test_links_that_resolve_pass(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "[a](/world/target/) [b](../target/) [c](/world/target/#background)",
            "[d](/world/target/#fn1) [e](/world/) [f](/tags/) [g](/authors/jane-doe/)",
            "[h](/feed.xml) [i](/world/feed.xml) [j](/sitemap.xml) [k](/old/path/)",
            "[m](/robots.txt) [n](/archive/2026/11/) [o](#intro) [v](#top)",
            "[p](/world/target/index.html) [q](/static/atlas.css) [r](/files/report.pdf)",
            "[s](/world/target/?utm=x) [t](https://elsewhere.example/no/) [u](mailto:a@b.c)",
            "![pic](/images/chart.jpg)",
            "",
            "## Intro",
        ]
    )
    site = _site(
        tmp_path,
        {
            "content/world/a.md": article(
                "A", body=body, aliases="[/old/path/]", authors="[Jane Doe]"
            ),
            "content/files/report.pdf": b"%PDF-1.4",
            "content/images/chart.jpg": jpeg(20, 10, "red"),
        },
        SITE_TOML + "[search]\nenabled = false\n",
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    assert _errors(result.stderr) == []


def test_a_dead_anchor_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    body = "[x](/world/target/#backgrond)\n\n[y](#nowhere)\n\n## Somewhere\n"
    site = _site(tmp_path, {"content/world/a.md": article("A", body=body)})
    result = build(site)
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: /world/target/#backgrond is not an anchor on "
        "/world/target/ (did you mean #background?)",
        "content/world/a.md:8: link: #nowhere is not an anchor on this page "
        "(did you mean #somewhere?)",
    ]


def test_a_missing_body_image_is_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path, {"content/world/a.md": article("A", body="![A chart](/images/x.png)")})
    result = build(site)
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert (
        len(lines) == 1 and lines[0] in MISSING_IMAGE.format(path="content/world/a.md").splitlines()
    )


def test_relative_links_resolve_as_a_browser_would(tmp_path: Path) -> None:
    body = "[a](../targte/)\n\n[b](../../../../x/)\n"
    site = _site(tmp_path, {"content/world/a.md": article("A", body=body)})
    result = build(site)
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: ../targte/ (/world/targte/) is not a page of this site "
        "(did you mean /world/target/?)",
        "content/world/a.md:8: link: ../../../../x/ (/x/) is not a page of this site",
    ]


def test_the_base_url_path_is_handled(tmp_path: Path) -> None:
    toml = SITE_TOML.replace("news.example.org", "news.example.org/paper")
    body = "[a](../target/)\n\n[b](../../../x/)\n\n[c](/paper/world/target/)\n"
    site = _site(tmp_path, {"content/world/a.md": article("A", body=body)}, toml)
    result = build(site)
    assert _errors(result.stderr) == [
        "content/world/a.md:8: link: ../../../x/ is not a page of this site",
        "content/world/a.md:10: link: /paper/world/target/ is not a page of this site "
        "(write /world/target/: the base_url's path is added to links)",
    ]


def test_resolve_link_on_a_site_under_a_path() -> None:
    assert resolve_link("../b/#x", "/world/a/", "/paper").url == "/world/b/"
    assert resolve_link("../b/#x", "/world/a/", "/paper").fragment == "x"
    assert resolve_link("../../../b/", "/world/a/", "/paper").url == ""
    assert resolve_link("/a%20b/index.html", "/", "").url == "/a b/"
    assert resolve_link("#top", "/world/a/").url == "/world/a/"
    assert resolve_link("&#106;avascript:alert(1)", "/world/a/").external


def test_a_link_to_a_draft_or_a_scheduled_story_says_so(tmp_path: Path) -> None:
    body = "[a](/world/draft/)\n\n[b](/world/later/)\n"
    site = _site(
        tmp_path,
        {
            "content/world/a.md": article("A", body=body),
            "content/world/draft.md": article("Draft", draft="true"),
            "content/world/later.md": article("Later", published="2027-01-01T00:00:00+00:00"),
        },
    )
    result = build(site)
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: /world/draft/ is not a page of this site "
        "(it is a draft: content/world/draft.md)",
        "content/world/a.md:8: link: /world/later/ is not a page of this site "
        "(it is scheduled for 2027-01-01T00:00:00+00:00: content/world/later.md)",
    ]
    assert build(site, "--drafts", "--future", "--output", str(tmp_path / "p")).exit_code == 0


def test_takeaways_section_descriptions_and_data_files_are_checked(tmp_path: Path) -> None:
    sections = '[[section]]\nname = "World"\ndescription = "See [the desk](/desk/)."\n'
    data = 'title = "Guides"\n\n[[guide]]\nname = "One"\nurl = "/guides/one/"\n'
    site = _site(
        tmp_path,
        {
            "content/world/a.md": article("A", takeaways='\n  - "A [dead](/nope/) link"'),
            "content/_data/sections.toml": sections,
            "content/_data/guides.toml": data,
        },
    )
    result = build(site)
    assert _errors(result.stderr) == [
        "content/_data/guides.toml:5: link: /guides/one/ is not a page of this site",
        "content/_data/sections.toml:3: link: /desk/ is not a page of this site",
        "content/world/a.md:6: link: /nope/ is not a page of this site",
    ]


def test_atlasgen_check_runs_the_link_check(tmp_path: Path) -> None:
    site = _site(tmp_path, {"content/world/a.md": article("A", body="[x](/world/targte/)")})
    result = run("check", "--site", str(site), "--now", "2026-11-27T12:00:00+00:00")
    assert result.exit_code == 1
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: /world/targte/ is not a page of this site "
        "(did you mean /world/target/?)"
    ]


def test_an_incremental_build_catches_a_link_broken_by_deleting_its_target(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path, {"content/world/a.md": article("A", body="[x](/world/target/)")})
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/target.md").unlink()
    result = build(site)
    assert result.exit_code == 1
    assert _errors(result.stderr) == [
        "content/world/a.md:6: link: /world/target/ is not a page of this site"
    ]
    assert tree(site / "public") == before


def test_every_error_comes_in_one_run(tmp_path: Path) -> None:
    """A field error in one file, a dead link, a dead anchor and a missing body image in
    others: all reported at once, exit 1, the previous output intact."""
    site = _site(tmp_path, {"content/world/ok.md": article("Ok")})
    assert build(site).exit_code == 0
    before = tree(site / "public")
    make_site(
        site,
        {
            "content/world/bad.md": article("Bad", published="April 9th"),
            "content/world/links.md": article("Links", body="[x](/world/no-such-story/)"),
            "content/world/anchor.md": article("Anchor", body="[x](/world/target/#nope)"),
            "content/world/image.md": article("Image", body="![A chart](/images/x.png)"),
            "content/world/to-bad.md": article(
                "To bad", body="[x](/world/bad/)", related="[bad, no-such]"
            ),
            "content/_data/front.toml": 'lead = "bad"\ntop = ["no-such"]\n',
        },
    )
    result = build(site)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    image = [line for line in lines if line.startswith("content/world/image.md:")]
    assert (
        len(image) == 1
        and image[0] in MISSING_IMAGE.format(path="content/world/image.md").splitlines()
    )
    assert [line for line in lines if line not in image] == [
        "content/_data/front.toml:2: top: no article has the slug 'no-such'",
        "content/world/anchor.md:6: link: /world/target/#nope is not an anchor on /world/target/",
        "content/world/bad.md:3: published: 'April 9th' is not a timestamp "
        "(e.g. 2026-04-09T11:32:58+01:00)",
        "content/world/links.md:6: link: /world/no-such-story/ is not a page of this site",
        "content/world/to-bad.md:5: related: no article has the slug 'no-such'",
    ]
    assert tree(site / "public") == before


def test_every_file_a_build_writes_is_a_page_or_file_a_link_may_point_at(
    tmp_path: Path,
) -> None:
    """The link check lists the build's URLs before the plan does: the two agree."""
    from samplesite import SAMPLE_NOW, build_sample

    from atlasgen.build.context import BuildContext, BuildOptions, StageTimer
    from atlasgen.build.linking import build_pages
    from atlasgen.build.loading import load_site
    from atlasgen.build.pipeline import resolve_now
    from atlasgen.config import load_config

    out = build_sample(tmp_path)
    site = tmp_path / "site"
    config = load_config(site)
    now = resolve_now(SAMPLE_NOW, config)
    context = BuildContext(site, config, now, BuildOptions(), None, out, False, StageTimer())
    pages = build_pages(context, load_site(context, []))
    written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    urls = ["/" + rel.removesuffix("index.html") for rel in written]
    missing = [url for url in urls if not pages.has(url) and not url.startswith("/.atlasgen")]
    assert missing == []


def test_code_samples_and_raw_html_are_not_checked(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "Write `[x](/no/)` for a link:",  # line 8
            "",
            "```markdown",
            "[y](/nor/) and ![z](/this.png)",
            "```",
            "",
            '<a href="/raw/">raw</a> [dead](/dead/)',  # line 14
        ]
    )
    takeaway = '\n  - "<img src=x onerror=alert(1)>"'
    files = {"content/world/a.md": article("A", body=body, takeaways=takeaway)}
    site = _site(tmp_path, files)
    result = build(site)
    assert _errors(result.stderr) == [
        "content/world/a.md:14: link: /dead/ is not a page of this site"
    ]
    toml = SITE_TOML + "[markdown]\nhtml = true\n"
    site = make_site(tmp_path / "raw", {**files, "content/world/target.md": article("T")}, toml)
    result = build(site)
    assert _errors(result.stderr) == [  # raw HTML's links: the sanitiser decides
        "content/world/a.md:14: link: /dead/ is not a page of this site"
    ]
