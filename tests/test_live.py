"""Live blogs: a story with `live: true` whose updates are the files of its folder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import NOW, SITE_TOML, article, build, clean_tree, jpeg, make_site, tree

from atlasgen.build.pipeline import BuildOptions, build_site

BLOG = "content/world/election-live.md"
PAGE = "world/election-live/index.html"
FEED = "world/election-live/live.json"
SSI = SITE_TOML + '\n[tickers]\ninclude = "ssi"\n'


def update(published: str, body: str = "Counting goes on.", **keys: str) -> str:
    lines = ["---", f"published: {published}", *(f"{k}: {v}" for k, v in keys.items())]
    return "\n".join([*lines, "---", body, ""])


def blog(**keys: str) -> str:
    return article(
        "Election night live",
        "2026-11-26T18:00:00Z",
        body="Follow the count as it happens.",
        live="true",
        authors="[Ann Writer]",
        tags="[Election]",
        **keys,
    )


def newsroom(root: Path, toml: str = SITE_TOML, **blog_keys: str) -> Path:
    """A live blog with four updates (one pinned), and two stories beside it."""
    files: dict[str, str | bytes] = {
        BLOG: blog(**blog_keys),
        "content/world/election-live/key-facts.md": update(
            "2026-11-26T18:05:00Z", "What you need to know.", title="Key facts", pinned="true"
        ),
        "content/world/election-live/polls-close.md": update(
            "2026-11-26T21:00:00Z",
            "Polls have **closed**.",
            title="Polls close",
            authors="[Bob Reporter]",
        ),
        "content/world/election-live/first-result.md": update("2026-11-26T22:00:00Z"),
        "content/world/election-live/turnout.md": update(
            "2026-11-26T21:30:00Z", "Turnout is high.", authors="[Newcomer Name]"
        ),
        "content/world/other.md": article("Other story", "2026-11-25T10:00:00Z", tags="[Election]"),
        "content/sport/final.md": article(
            "Final", "2026-11-24T10:00:00Z", "Sport", authors="[Bob Reporter]"
        ),
    }
    return make_site(root, files, toml)


def page_ids(html: str) -> list[str]:
    return re.findall(r'<article class="update[^"]*" id="([^"]+)"', html)


def json_ld(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def built(site: Path, *args: str) -> dict[str, str]:
    result = build(site, *args)
    assert result.exit_code == 0, result.output
    text = (".html", ".xml", ".json", ".txt", "-output")
    return {k: v.decode() for k, v in tree(site / "public").items() if k.endswith(text)}


def test_updates_are_listed_pinned_first_then_newest_first(tmp_path: Path) -> None:
    html = built(newsroom(tmp_path))[PAGE]
    assert page_ids(html) == [
        "update-key-facts",
        "update-first-result",
        "update-turnout",
        "update-polls-close",
    ]


def test_each_update_has_its_time_a_link_to_itself_and_its_writer(tmp_path: Path) -> None:
    html = built(newsroom(tmp_path))[PAGE]
    start = html.index('id="update-polls-close"')
    part = html[start : html.index("</article>", start)]
    assert '<a class="update__link" href="#update-polls-close"' in part
    assert '<time datetime="2026-11-26T21:00:00+00:00">26 Nov 2026, 21:00:00</time>' in part
    assert '<h3 class="update__title">Polls close</h3>' in part
    assert 'By <a href="/authors/bob-reporter/">Bob Reporter</a>' in part
    assert "<p>Polls have <strong>closed</strong>.</p>" in part  # the articles' Markdown
    first = html[html.index('id="update-first-result"') :]
    assert 'By <a href="/authors/ann-writer/">Ann Writer</a>' in first  # the blog's writers
    turnout = html[html.index('id="update-turnout"') :]
    assert "By Newcomer Name</p>" in turnout  # no stories of their own: no author page


def test_draft_and_scheduled_updates_are_held_back(tmp_path: Path) -> None:
    site = newsroom(tmp_path)
    folder = site / "content/world/election-live"
    (folder / "scheduled.md").write_text(update("2026-11-28T08:00:00Z", "Not yet."))
    (folder / "unfinished.md").write_text(update("2026-11-26T23:00:00Z", "Draft.", draft="true"))
    result = build(site)
    files = built(site)
    assert "update-scheduled" not in files[PAGE] and "update-unfinished" not in files[PAGE]
    assert "Not yet." not in files[FEED] and "Draft." not in files[FEED]
    assert "Not yet." not in files["feed.xml"]
    assert (
        "next scheduled: content/world/election-live/scheduled.md at 28 Nov 2026, 08:00:00"
        in result.output
    )
    assert "update-unfinished" in built(site, "--drafts")[PAGE]
    assert "update-scheduled" in built(site, "--future")[PAGE]


def test_a_scheduled_update_appears_once_its_time_has_come(tmp_path: Path) -> None:
    site = newsroom(tmp_path)
    (site / "content/world/election-live/later.md").write_text(update("2026-11-27T12:30:00Z"))
    built(site)
    result = build_site(site, BuildOptions(now="2026-11-27T12:31:00Z"))
    assert result.rendered >= 1
    html = (site / "public" / PAGE).read_text()
    assert page_ids(html)[1] == "update-later"


def test_a_running_blog_carries_the_badge_and_the_script(tmp_path: Path) -> None:
    files = built(newsroom(tmp_path))
    html = files[PAGE]
    assert '<span class="badge badge--live">Live</span>' in html
    assert re.search(r'<script src="/static/live\.[0-9a-f]+\.js" defer></script>', html)
    assert 'data-live-feed="/world/election-live/live.json" data-live-poll="60"' in html
    for listing in (
        "index.html",
        "world/index.html",
        "authors/ann-writer/index.html",
        "tags/election/index.html",
        "world/other/index.html",  # in its related stories
    ):
        assert "badge--live" in files[listing], listing
    assert "badge--live" not in files["sport/index.html"]


def test_ended_coverage_has_no_badge_no_script_and_an_end_time(tmp_path: Path) -> None:
    site = newsroom(tmp_path, live_ended="2026-11-27T06:00:00Z")
    files = built(site)
    html = files[PAGE]
    assert "badge--live" not in html and "live.js" not in html and "data-live-feed" not in html
    assert "Live coverage ended" in html and "2026-11-27T06:00:00+00:00" in html
    assert not any("badge--live" in text for path, text in files.items() if path.endswith("html"))
    data = json_ld(html)
    assert data["coverageEndTime"] == "2026-11-27T06:00:00+00:00"
    assert json.loads(files[FEED])["ended"] is True
    assert page_ids(html)[0] == "update-key-facts"  # the updates stay


def test_an_end_in_the_future_is_a_boundary_like_a_schedule(tmp_path: Path) -> None:
    site = newsroom(tmp_path, live_ended="2026-11-27T18:00:00Z")
    assert "badge--live" in built(site)[PAGE]  # NOW is 12:00: still live
    planned = json_ld((site / "public" / PAGE).read_text())  # a planned end is stated
    assert planned["coverageEndTime"] == "2026-11-27T18:00:00+00:00"
    assert build(site, "--now", "2026-11-27T18:00:00Z").exit_code == 0
    assert "badge--live" not in (site / "public" / PAGE).read_text()


def test_the_json_ld_is_a_live_blog_posting_with_an_update_each(tmp_path: Path) -> None:
    data = json_ld(built(newsroom(tmp_path))[PAGE])
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == "2026-11-26T18:00:00+00:00"
    assert data["datePublished"] == "2026-11-26T18:00:00+00:00"
    assert data["dateModified"] == "2026-11-26T22:00:00+00:00"  # the newest update
    assert "coverageEndTime" not in data
    for key in ("headline", "author", "publisher", "mainEntityOfPage", "url"):
        assert data[key], key
    updates = data["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [
        "update-key-facts",
        "update-first-result",
        "update-turnout",
        "update-polls-close",
    ]
    polls = updates[3]
    assert polls == {
        "@type": "BlogPosting",
        "headline": "Polls close",
        "datePublished": "2026-11-26T21:00:00+00:00",
        "url": "https://news.example.org/world/election-live/#update-polls-close",
        "author": [
            {
                "@type": "Person",
                "name": "Bob Reporter",
                "url": "https://news.example.org/authors/bob-reporter/",
            }
        ],
        "articleBody": "Polls have closed.",
        "publisher": data["publisher"],
    }
    assert updates[1]["headline"] == "Counting goes on."  # no title: its first words
    assert updates[2]["author"] == [{"@type": "Person", "name": "Newcomer Name"}]


def test_live_json_lists_the_updates_newest_first(tmp_path: Path) -> None:
    files = built(newsroom(tmp_path))
    data = json.loads(files[FEED])
    assert data["url"] == "https://news.example.org/world/election-live/"
    assert data["ended"] is False
    assert [u["id"] for u in data["updates"]] == [
        "update-first-result",
        "update-turnout",
        "update-polls-close",
        "update-key-facts",
    ]
    polls = data["updates"][2]
    assert polls["published"] == "2026-11-26T21:00:00+00:00"
    assert polls["title"] == "Polls close"
    start = files[PAGE].index('<article class="update" id="update-polls-close"')
    on_page = files[PAGE][start : files[PAGE].index("</article>", start) + len("</article>")]
    assert polls["html"] == on_page  # the page's own element, for the script to insert


def test_an_update_is_no_article(tmp_path: Path) -> None:
    files = built(newsroom(tmp_path))
    assert not any("key-facts" in path or "polls-close" in path for path in files)
    assert "Polls close" not in files["world/index.html"]
    assert "Polls close" not in files["authors/bob-reporter/index.html"]
    assert "polls-close" not in files["sitemap.xml"] and "update-" not in files["sitemap.xml"]
    assert files["feed.xml"].count("<guid") == 3  # the blog once, and the two stories
    assert files["feed.xml"].count("election-live/</guid>") == 1
    assert "authors/newcomer-name" not in " ".join(files)


def test_feeds_and_sitemap_date_the_blog_by_its_newest_update(tmp_path: Path) -> None:
    files = built(newsroom(tmp_path))
    feed = files["feed.xml"]
    assert "<lastBuildDate>Thu, 26 Nov 2026 22:00:00 +0000</lastBuildDate>" in feed
    assert "Polls have <strong>closed</strong>" in feed.replace("&lt;", "<").replace("&gt;", ">")
    assert "<updated>2026-11-26T22:00:00+00:00</updated>" in files["atom.xml"]
    loc = "<loc>https://news.example.org/world/election-live/</loc>"
    assert f"{loc}<lastmod>2026-11-26T22:00:00+00:00</lastmod>" in files["sitemap.xml"]


def test_a_new_update_rerenders_the_blog_and_what_dates_it_only(tmp_path: Path) -> None:
    site = newsroom(tmp_path, SSI)
    built(site)
    before = tree(site / "public")
    (site / "content/world/election-live/second-result.md").write_text(
        update("2026-11-27T09:00:00Z", "A second result.", title="Second result")
    )
    result = build_site(site, BuildOptions(now=NOW))
    after = tree(site / "public")
    changed = {path for path in after if before.get(path) != after[path]}
    assert result.rendered == 1
    assert changed == {
        ".atlasgen-output",
        PAGE,
        FEED,
        "feed.xml",
        "atom.xml",
        "world/feed.xml",
        "tags/election/feed.xml",
        "sitemap.xml",
    }
    assert page_ids(after[PAGE].decode())[1] == "update-second-result"
    assert clean_tree(site, tmp_path / "clean") == after  # as a build from scratch


def test_an_edited_update_changes_the_page_and_live_json(tmp_path: Path) -> None:
    site = newsroom(tmp_path, SSI)
    built(site)
    path = site / "content/world/election-live/turnout.md"
    path.write_text(path.read_text().replace("Turnout is high.", "Turnout is a record."))
    assert build_site(site, BuildOptions(now=NOW)).rendered == 1
    assert "Turnout is a record." in (site / "public" / FEED).read_text()


def test_an_updates_picture_travels_with_it(tmp_path: Path) -> None:
    site = newsroom(tmp_path)
    folder = site / "content/world/election-live"
    (folder / "count.jpg").write_bytes(jpeg(640, 360, "navy"))
    (folder / "later.jpg").write_bytes(jpeg(640, 360, "red"))
    image = "\n  src: /world/election-live/{}.jpg\n  alt: Counting"
    (folder / "count.md").write_text(update("2026-11-26T23:00:00Z", image=image.format("count")))
    (folder / "later.md").write_text(update("2026-11-28T23:00:00Z", image=image.format("later")))
    result = build(site)
    assert result.exit_code == 0, result.output
    output = tree(site / "public")
    assert "world/election-live/count.jpg" in output
    assert "world/election-live/later.jpg" not in output  # held back with its update
    html = output[PAGE].decode()
    assert 'alt="Counting" width="640" height="360"' in html


def test_bad_updates_are_reported_at_their_lines_all_in_one_run(tmp_path: Path) -> None:
    site = newsroom(tmp_path)
    folder = site / "content/world/election-live"
    (folder / "bad.md").write_text(
        "---\ntitle: Bad\npublished: yesterday\npinned: maybe\npined: true\n---\nText\n"
    )
    (folder / "no-time.md").write_text("---\ntitle: When?\n---\nText\n")
    (folder / "Bad Name.md").write_text(update("2026-11-26T21:00:00Z"))
    (folder / "empty.md").write_text(update("2026-11-26T21:00:00Z", body=""))
    (folder / "plain.md").write_text("Just text\n")
    (site / "content/world/other").mkdir()
    (site / "content/world/other/u.md").write_text(update("2026-11-26T21:00:00Z"))
    before = tree(site / "public") if (site / "public").exists() else {}
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:8] == [
        "content/world/election-live/Bad Name.md:1: the file name 'Bad Name' is not a valid"
        " update id (lowercase letters, digits and single hyphens, e.g. 'bad-name.md')",
        "content/world/election-live/bad.md:3: published: 'yesterday' is not a timestamp"
        " (e.g. 2026-04-09T11:32:58+01:00)",
        "content/world/election-live/bad.md:4: pinned: expected true or false, got 'maybe'",
        "content/world/election-live/bad.md:5: warning: pined: unknown key"
        " (did you mean 'pinned'?)",
        "content/world/election-live/empty.md:1: an update needs a title or some text",
        "content/world/election-live/no-time.md:1: published: is required"
        " (the time the update went up)",
        "content/world/election-live/plain.md:1: no front matter (an update starts with a"
        " '---' line, then 'published:' and its time)",
        "content/world/other/u.md:1: is an update of content/world/other.md, which is not a"
        " live blog (add 'live: true' to content/world/other.md, or move the file out of"
        " content/world/other/)",
    ]
    assert tree(site / "public") == before if before else not (site / "public").exists()


def test_live_keys_of_the_blog_are_checked(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/a.md": article(live_ended="2026-11-27T10:00:00Z"),
            "content/b.md": article("B", live="now"),
            "content/c.md": article("C", live="true", live_ended="2026-11-19T10:00:00Z"),
        },
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "content/a.md:5: live_ended: only a live blog ends (add 'live: true')",
        "content/b.md:5: live: expected true or false, got 'now'",
        "content/c.md:6: live_ended: 2026-11-19T10:00:00+00:00 is before published"
        " (2026-11-20T10:00:00+00:00)",
    ]


def test_a_live_blog_without_updates_says_so(tmp_path: Path) -> None:
    site = make_site(tmp_path, {BLOG: blog()})
    files = built(site)
    assert "No updates yet." in files[PAGE]
    assert json.loads(files[FEED])["updates"] == []
    assert json_ld(files[PAGE])["liveBlogUpdate"] == []


def test_the_previews_fast_path_keeps_a_live_blogs_updates(tmp_path: Path) -> None:
    """An edit of the blog's intro is rendered at once with its updates, as the build
    then makes it; a new update, or an end of coverage, waits for the build."""
    site = newsroom(tmp_path)

    def preview() -> Any:
        return build_site(site, BuildOptions(output=site / "preview", preview=True, now=NOW))

    quick = preview().quick
    story = site / BLOG
    story.write_text(story.read_text().replace("as it happens", "live, as it happens"))
    page = quick.page_edit(BLOG)
    assert page is not None and "update-polls-close" in page.html
    preview()
    assert page.html == (site / "preview" / PAGE).read_text()
    ended = story.read_text().replace("live: true", "live: true\nlive_ended: 2026-11-27T06:00Z")
    story.write_text(ended)
    quick = preview().quick
    story.write_text(ended.replace("live_ended: 2026-11-27T06:00Z\n", ""))
    assert quick.page_edit(BLOG) is None  # the badge on its cards changes
    new = site / "content/world/election-live/new.md"
    new.write_text(update("2026-11-27T09:00:00Z"))
    assert quick.page_edit(new.relative_to(site).as_posix()) is None
