"""The preview's fast path: a body edit's page rendered ahead of the full build
(build/quick.py), served at once, and no other page served until the build is done."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE_TOML, article, make_site
from test_serve import events, get, quiet, serving

import atlasgen.serve.server as server_module
from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.serve.preview import Preview, respond

NOW = "2026-12-01T00:00:00+00:00"
STORY = "content/world/first.md"


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def news(tmp_path: Path) -> Path:
    """Three stories; the header's latest-news ticker names only the newest, `second`."""
    return make_site(
        tmp_path,
        {
            STORY: article("First story", tags="[Rates]", body="Opening words."),
            "content/world/second.md": article("Second story", "2026-11-21T10:00:00Z"),
            "content/business/third.md": article("Third", category="Business", tags="[Rates]"),
        },
        SITE_TOML + "\n[tickers]\nlatest = 1\n",
    )


def preview_build(site: Path) -> Any:
    options = BuildOptions(output=site / "preview", preview=True, jobs=1, now=NOW)
    return build_site(site, options)


@pytest.mark.parametrize(
    "text",
    [
        article("First story", tags="[Rates]", body="New words."),
        article("New words", tags="[Rates]", body="Opening words."),
        article("First story", tags="[Rates]", body="Opening words.", dek="New words"),
        article("First story", tags="[Rates]", body="Opening.", takeaways="[New words]"),
    ],
    ids=["body", "headline", "dek", "takeaways"],
)
def test_an_edit_of_the_page_alone_renders_it_as_the_build_then_does_byte_for_byte(
    tmp_path: Path, text: str
) -> None:
    site = news(tmp_path)
    quick = preview_build(site).quick
    (site / STORY).write_text(text, "utf-8")
    page = quick.page_edit(STORY)
    assert page is not None and page.path == "world/first/index.html"
    preview_build(site)
    assert page.html == (site / "preview" / page.path).read_text(encoding="utf-8")
    assert "New words" in page.html


@pytest.mark.parametrize(
    ("story", "text"),
    [
        (STORY, article("First story", tags="[Rates, Oil]", body="Opening words.")),
        (STORY, article("First story", "2026-11-19T10:00:00Z", tags="[Rates]")),
        (STORY, article("First story", category="Business", tags="[Rates]")),
        (STORY, article("First story", tags="[Rates]", body="See [it](/world/second/).")),
        (STORY, article("First story", tags="[Rates]", draft="true")),
        (STORY, "---\ntitle: [broken\n---\n"),
        ("content/world/second.md", article("A new headline", "2026-11-21T10:00:00Z")),
        ("content/world/new.md", article("A new story")),
    ],
    ids=["tags", "date", "section", "a new site link", "draft", "broken", "in the header", "new"],
)
def test_an_edit_that_shows_elsewhere_waits_for_the_build(
    tmp_path: Path, story: str, text: str
) -> None:
    site = news(tmp_path)
    quick = preview_build(site).quick
    (site / story).write_text(text, "utf-8")
    assert quick.page_edit(story) is None


def test_quick_pages_are_served_and_the_build_that_makes_them_reloads_no_tab(
    tmp_path: Path,
) -> None:
    root = tmp_path / "out"
    (root / "world" / "first").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>front</body></html>", "utf-8")
    preview = Preview(root)
    preview.publish((), "")
    page = b"<html><body>quick</body></html>"
    snap = preview.publish_quick({"world/first/index.html": page})
    reply = respond(preview, "/world/first/")
    assert b"quick" in reply.body and snap.state.encode() in reply.body
    (root / "world" / "first" / "index.html").write_bytes(page)
    assert preview.publish((), "").quiet  # the tabs show these pages already
    assert not preview.publish_quick({"world/first/index.html": page}).quiet  # a new save
    preview.publish_quick({"world/first/index.html": b"<html><body>other</body></html>"})
    assert not preview.publish((), "").quiet


def test_after_a_body_edit_reloads_no_page_older_than_the_save_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = news(tmp_path)
    gate = threading.Event()
    build = server_module._build

    def held_build(*args: Any) -> Any:  # the full build waits until the test lets it go
        assert gate.wait(30)
        return build(*args)

    with serving(site, quiet) as server, events(server.url) as stream:
        monkeypatch.setattr(server_module, "_build", held_build)
        (site / STORY).write_text(article("First story", tags="[Rates]", body="Fresh."), "utf-8")
        name, data = stream.next()
        assert name == "reload"  # before the full build: the story's page is ready
        status, page = get(server.url + "world/first/")
        assert status == 200 and "Fresh." in page and data["state"] in page
        feed: list[str] = []
        reader = threading.Thread(target=lambda: feed.append(get(server.url + "feed.xml")[1]))
        reader.start()  # the feed shows bodies too: it waits for the build
        time.sleep(0.5)
        assert not feed
        gate.set()
        reader.join(30)
        assert feed and "Fresh." in feed[0]
        assert "Fresh." in get(server.url + "world/first/")[1]
