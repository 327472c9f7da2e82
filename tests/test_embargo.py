"""Nothing under content/ is published before the story that uses it: files travel with
their stories, in clean and cached builds alike; Markdown and scratch files never ship."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import NOW, SITE_TOML, article, build, clean_tree, jpeg, make_site, run, tree
from PIL import Image

from atlasgen.content.model import Link
from atlasgen.content.references import find_links, resolve

BEFORE = NOW  # 2026-11-27: the launch story is scheduled
AFTER = "2026-12-02T12:00:00+00:00"  # it is live
LAUNCH = "2026-12-01T09:00:00+00:00"


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


#: What the scheduled launch story uses: hero, body image, linked PDF, video.
LAUNCH_FILES = (
    "images/secret-launch.jpg",
    "images/launch-chart.png",
    "x/spec-sheet.pdf",
    "media/launch.mp4",
)
CHART = _png(640, 400)  #: a body picture: resized like a hero

LAUNCH_BODY = """\
The product ships in June.

![Sales by quarter](/images/launch-chart.png "Sales")

Read [the spec sheet](/x/spec-sheet.pdf) before the briefing.

[Launch video](/media/launch.mp4)
"""


def _newsroom(root: Path) -> Path:
    return make_site(
        root,
        {
            "content/world/launch.md": article(
                "Launch",
                LAUNCH,
                body=LAUNCH_BODY,
                image="{src: /images/secret-launch.jpg, alt: The device}",
            ),
            "content/world/today.md": article(
                "Today", image="{src: /images/shared.jpg, alt: A shared photo}"
            ),
            "content/world/tomorrow.md": article(
                "Tomorrow", LAUNCH, body="Again: ![The same photo](/images/shared.jpg)"
            ),
            "content/world/unfinished.md": article(
                "Unfinished",
                draft="true",
                image="{src: /images/draft-only.jpg, alt: Not yet}",
            ),
            "content/images/secret-launch.jpg": jpeg(1200, 800, "navy"),
            "content/images/launch-chart.png": CHART,
            "content/images/shared.jpg": jpeg(640, 480, "olive"),
            "content/images/draft-only.jpg": jpeg(640, 480, "maroon"),
            "content/x/spec-sheet.pdf": b"%PDF-1.4 the spec",
            "content/media/launch.mp4": b"a video",
        },
    )


def _variants(files: dict[str, bytes], stem: str) -> list[str]:
    return [path for path in files if path.startswith(f"static/img/{stem}-")]


def test_a_scheduled_storys_files_are_published_with_it_in_a_clean_build(
    tmp_path: Path,
) -> None:
    site = _newsroom(tmp_path / "site")
    before = clean_tree(site, tmp_path / "clean", "--now", BEFORE)
    assert "world/launch/index.html" not in before
    assert [f for f in LAUNCH_FILES if f in before] == []
    assert _variants(before, "secret-launch") == _variants(before, "launch-chart") == []
    after = clean_tree(site, tmp_path / "clean", "--now", AFTER)
    assert "world/launch/index.html" in after
    assert [f for f in LAUNCH_FILES if f in after] == list(LAUNCH_FILES)
    assert _variants(after, "secret-launch") != []
    assert _variants(after, "launch-chart") != []


def test_a_cached_rebuild_publishes_the_files_when_the_story_goes_live(tmp_path: Path) -> None:
    site = _newsroom(tmp_path / "site")
    assert build(site, "--now", BEFORE).exit_code == 0
    assert [f for f in LAUNCH_FILES if (site / "public" / f).exists()] == []
    assert build(site, "--now", AFTER).exit_code == 0
    published = tree(site / "public")
    assert [f for f in LAUNCH_FILES if f in published] == list(LAUNCH_FILES)
    assert published == clean_tree(site, tmp_path / "clean", "--now", AFTER)


def test_back_to_draft_removes_the_files_only_that_story_used(tmp_path: Path) -> None:
    site = _newsroom(tmp_path / "site")
    story = site / "content/world/tomorrow.md"
    story.write_text(story.read_text().replace(LAUNCH, "2026-11-01T09:00:00+00:00"))
    today = site / "content/world/today.md"
    today.write_text(article("Today"))
    assert build(site, "--now", AFTER).exit_code == 0
    assert (site / "public/images/shared.jpg").exists()  # tomorrow's body uses it
    launch = site / "content/world/launch.md"
    launch.write_text(
        launch.read_text().replace("---\nThe product", "draft: true\n---\nThe product")
    )
    story.write_text(story.read_text().replace("---\nAgain", "draft: true\n---\nAgain"))
    (site / "content/_data").mkdir(exist_ok=True)  # published URLs are withdrawn on purpose
    (site / "content/_data/gone.toml").write_text(
        '[[gone]]\nurl = "/world/launch/"\n[[gone]]\nurl = "/world/tomorrow/"\n'
    )
    assert build(site, "--now", AFTER).exit_code == 0
    published = tree(site / "public")
    assert [f for f in LAUNCH_FILES if f in published] == []
    assert _variants(published, "secret-launch") == []
    assert "images/shared.jpg" not in published  # its only user is a draft again
    assert published == clean_tree(site, tmp_path / "clean", "--now", AFTER)


def test_a_file_shared_by_a_published_and_a_held_back_story_is_published(
    tmp_path: Path,
) -> None:
    site = _newsroom(tmp_path / "site")
    assert build(site, "--now", BEFORE).exit_code == 0
    assert (site / "public/images/shared.jpg").exists()
    assert _variants(tree(site / "public"), "shared")


def test_a_drafts_image_stays_out_until_a_drafts_preview(tmp_path: Path) -> None:
    site = _newsroom(tmp_path / "site")
    assert build(site, "--now", AFTER).exit_code == 0
    assert not (site / "public/images/draft-only.jpg").exists()
    assert _variants(tree(site / "public"), "draft-only") == []
    preview = tmp_path / "preview"
    assert build(site, "--drafts", "--future", "--output", str(preview)).exit_code == 0
    shown = tree(preview)
    assert "images/draft-only.jpg" in shown
    assert [f for f in LAUNCH_FILES if f in shown] == list(LAUNCH_FILES)


def test_a_relative_link_is_the_file_beside_the_storys_url(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/plan.md": article("Plan", LAUNCH, body="[Plan](../files/plan%20v2.pdf)"),
            "content/world/files/plan v2.pdf": b"%PDF",
        },
    )
    assert build(site).exit_code == 0
    assert not (site / "public/world/files/plan v2.pdf").exists()
    assert build(site, "--now", AFTER).exit_code == 0
    assert (site / "public/world/files/plan v2.pdf").exists()


def test_files_no_story_uses_are_published_with_a_count_and_check_names_them(
    tmp_path: Path,
) -> None:
    toml = SITE_TOML + 'logo = "/images/logo.png"\n'
    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("A", body="Story."),
            "content/stray.pdf": b"%PDF",
            "content/old/notes.txt": "notes",
            "content/images/logo.png": b"the site's own",
        },
        toml,
    )
    result = build(site)
    assert result.exit_code == 0
    assert (site / "public/stray.pdf").exists()
    assert (site / "public/old/notes.txt").exists()
    assert (
        "content/: warning: 2 files that no story uses are published anyway "
        "(atlasgen check names them)"
    ) in result.output
    checked = run("check", "--site", str(site), "--now", NOW)
    assert checked.exit_code == 0
    lines = [line for line in checked.output.splitlines() if "no story uses" in line]
    assert lines == [
        "content/old/notes.txt: warning: no story uses this file; it is published anyway",
        "content/stray.pdf: warning: no story uses this file; it is published anyway",
    ]


def test_the_sites_own_files_are_used_and_extra_paths_travel_with_their_story(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("A", authors="[Ann Lee]"),
            "content/world/b.md": article("B", LAUNCH, extra="{sheet: /docs/embargoed.pdf}"),
            "content/_data/authors.toml": """\
                [[author]]
                name = "Ann Lee"
                photo = "/images/people/ann.jpg"
                """,
            "content/images/logo.png": b"logo",
            "content/images/people/ann.jpg": jpeg(64, 64, "gray"),
            "content/docs/embargoed.pdf": b"%PDF",
        },
        SITE_TOML + 'logo = "/images/logo.png"\n',
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    published = tree(site / "public")
    assert {"images/logo.png", "images/people/ann.jpg"} <= set(published)
    assert "docs/embargoed.pdf" not in published
    assert "no story uses" not in result.output
    assert build(site, "--now", AFTER).exit_code == 0
    assert (site / "public/docs/embargoed.pdf").exists()


def test_markdown_in_any_spelling_is_read_as_an_article(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/Upper.MD": article("Upper", slug="upper"),
            "content/world/notes.markdown": article("Notes"),
            "content/world/x.mdown": article("Ex"),
            "content/world/old.mkd": article("Old"),
        },
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    published = tree(site / "public")
    for page in ("upper", "notes", "x", "old"):
        assert f"world/{page}/index.html" in published
    assert not [p for p in published if p.lower().endswith((".md", ".markdown", ".mdown", ".mkd"))]


def test_a_markdown_file_whose_name_is_no_slug_is_a_named_error(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"content/world/Upper.MD": article("Upper")})
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/world/Upper.MD:1: slug: the file name 'Upper' is not a valid slug "
        "(rename the file or add 'slug: upper')"
    ) in result.output


def test_editor_backups_os_files_and_version_control_are_never_copied(tmp_path: Path) -> None:
    scratch = [
        ".DS_Store",
        "images/.DS_Store",
        "Thumbs.db",
        "images/desktop.ini",
        "world/a.md~",
        "world/.#a.md",
        "world/#a.md#",
        "world/.a.md.swp",
        "images/photo.jpg.bak",
        "world/a.md.orig",
        ".git/config",
        "CVS/Entries",
        ".svn/entries",
    ]
    files: dict[str, str | bytes] = {"content/world/a.md": article("A")}
    files.update({f"content/{rel}": "---\ntitle: secret\n---\nunfinished" for rel in scratch})
    site = make_site(tmp_path / "site", files)
    result = build(site)
    assert result.exit_code == 0, result.output
    published = tree(site / "public")
    assert [rel for rel in scratch if rel in published] == []
    assert "world/a/index.html" in published
    assert "no story uses" not in result.output  # not even counted


def test_links_are_found_with_their_lines_without_a_markdown_parse() -> None:
    text = (
        'Intro [spec](/x/spec.pdf "Spec") and ![chart](chart.png).\n'
        "See <https://example.org>, [ext](https://a.b/c), [m](mailto:a@b), [t](#top).\n"
        "\n"
        "[ref]: ../files/report%20final.pdf\n"
        '<img src="/images/raw.png"> [p](<my file.pdf>) [q](/y/z.pdf?x=1#p)\n'
        "[paren](/a/b_(c).pdf)\n"
        "[^1]: A footnote, not a link.\n"
    )
    assert find_links(text, 10) == (
        Link("/x/spec.pdf", 10),
        Link("chart.png", 10),
        Link("#top", 11),  # an anchor of the page itself: for the link check
        Link("../files/report%20final.pdf", 13),
        Link("/images/raw.png", 14, "html"),
        Link("my file.pdf", 14),
        Link("/y/z.pdf?x=1#p", 14),
        Link("/a/b_(c).pdf", 15),
    )
    assert find_links("No links here, only words.") == ()


def test_a_link_resolves_as_a_browser_would() -> None:
    page = "/world/story/"
    assert resolve("/x/spec.pdf", page) == "x/spec.pdf"
    assert resolve("chart.png", page) == "world/story/chart.png"
    assert resolve("../files/report%20final.pdf", page) == "world/files/report final.pdf"
    assert resolve("../../../../escape.pdf", page) == "escape.pdf"
    assert resolve("/y/z.pdf?x=1#p", page) == "y/z.pdf"
    assert resolve(r"/a/b\_c.pdf", page) == "a/b_c.pdf"
    assert resolve("/a&amp;b.pdf", page) == "a&b.pdf"
    assert resolve("../", page) is None
    assert resolve("/x/", page) is None
    assert resolve("/a/./b.pdf", page) == "a/b.pdf"
    assert resolve("/a/../b.pdf", page) == "b.pdf"
    assert resolve("?page=2", page) is None
    assert resolve("chart.png", "/world/story.html") == "world/chart.png"
