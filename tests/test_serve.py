"""`atlasgen serve`: the logic without sockets first (which change rebuilds
what, which URL names which file, what a page gets added), then a few runs on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import chromium, requires_chromium
from conftest import SITE_TOML, article, make_site, run
from watchfiles import Change as Event

from atlasgen.core.errors import error
from atlasgen.serve.changes import classify
from atlasgen.serve.preview import (
    EVENTS,
    Preview,
    content_type,
    event_message,
    inject,
    live_script,
    locate,
    overlay_html,
    resolve_includes,
    respond,
    safe_path,
)
from atlasgen.serve.server import PREVIEW_DIR, PreviewServer, ServeOptions, rebuild_preview

SITE = PurePosixPath("/srv/site")  # never created: classify must not look at the disk


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# -- which change rebuilds what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "rel", "kind"),
    [
        (Event.modified, "content/world/a.md", "content"),
        (Event.added, "content/images/photo.jpg", "content"),
        (Event.deleted, "content/world/a.md", "content"),
        (Event.modified, "content/_data/markets.toml", "data"),
        (Event.modified, "themes/atlas/templates/base.html", "templates"),
        (Event.modified, "themes/atlas/static/atlas.css", "templates"),
        (Event.added, "templates/article.html", "templates"),
        (Event.modified, "site.toml", "config"),
        (Event.added, "site.toml", "config"),  # saved by renaming a temporary file over it
        (Event.added, "templates", "folders"),
        (Event.deleted, "themes", "folders"),
        (Event.modified, "content", "ignored"),  # the folder's own times
        (Event.modified, "public/index.html", "ignored"),
        (Event.added, "public", "ignored"),
        (Event.modified, ".atlasgen/serve/index.html", "ignored"),
        (Event.added, ".atlasgen/.serve.atlasgen-new-123/x/index.html", "ignored"),
        (Event.modified, ".atlasgen/cache/cache.sqlite", "ignored"),
        (Event.modified, ".git/index", "ignored"),
        (Event.modified, "content/.git/HEAD", "ignored"),
        (Event.added, "content/world/.a.md.swp", "ignored"),  # vim
        (Event.added, "content/world/a.md.swp", "ignored"),
        (Event.added, "content/world/.a.md.swx", "ignored"),
        (Event.added, "content/world/4913", "ignored"),  # vim's "can I write here" probe
        (Event.added, "content/world/5036", "ignored"),
        (Event.added, "content/world/a.md~", "ignored"),  # backups
        (Event.added, "content/world/.#a.md", "ignored"),  # Emacs lock
        (Event.added, "content/world/#a.md#", "ignored"),  # Emacs auto-save
        (Event.added, "content/world/a.md.tmp", "ignored"),
        (Event.added, "site.toml.tmp", "ignored"),
        (Event.added, "content/world/a.md___jb_tmp___", "ignored"),  # JetBrains
        (Event.modified, "README.md", "ignored"),
        (Event.added, "content/world/2026", "content"),  # a number, not vim's probe
    ],
)
def test_classify_sorts_each_event_by_what_it_touches(event: Event, rel: str, kind: str) -> None:
    change = classify({(event, f"{SITE}/{rel}")}, SITE)
    assert getattr(change, kind) == (rel,)
    assert change.rebuild == (kind != "ignored")


def test_paths_outside_the_site_are_ignored() -> None:
    change = classify({(Event.modified, "/srv/site2/site.toml"), (Event.added, "/tmp/x")}, SITE)
    assert change.ignored == ("/srv/site2/site.toml", "/tmp/x")
    assert not change.rebuild


def test_a_vim_save_is_one_content_change_and_its_swap_files_are_ignored() -> None:
    batch = {
        (Event.added, f"{SITE}/content/world/4913"),
        (Event.deleted, f"{SITE}/content/world/4913"),
        (Event.added, f"{SITE}/content/world/a.md~"),
        (Event.modified, f"{SITE}/content/world/.a.md.swp"),
        (Event.added, f"{SITE}/content/world/a.md"),
        (Event.deleted, f"{SITE}/content/world/a.md~"),
    }
    change = classify(batch, SITE)
    assert change.content == ("content/world/a.md",)
    assert (change.data, change.templates, change.config, change.folders) == ((), (), (), ())
    assert change.describe() == "content/world/a.md changed"
    only_swap = {e for e in batch if not e[1].endswith("/a.md")}
    assert not classify(only_swap, SITE).rebuild


def test_a_batch_names_its_widest_change_first() -> None:
    batch = {
        (Event.modified, f"{SITE}/content/world/a.md"),
        (Event.modified, f"{SITE}/templates/article.html"),
        (Event.modified, f"{SITE}/site.toml"),
    }
    assert classify(batch, SITE).describe() == "site.toml and 2 more changed"


# -- which URL names which file ---------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A preview folder, a secret beside it, and symlinks pointing in and out."""
    root = tmp_path / "preview"
    for rel in ("index.html", "world/index.html", "world/a/index.html", ".atlasgen-output"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"<p>{rel}</p>", encoding="utf-8")
    (root / "world/.secret").write_text("hidden", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (root / "out").symlink_to(tmp_path, target_is_directory=True)
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "alias").symlink_to(root / "world", target_is_directory=True)
    (root / "marker").symlink_to(root / ".atlasgen-output")
    return root


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "."),
        ("/index.html", "index.html"),
        ("/world/", "world"),
        ("/world//a/index.html", "world/a/index.html"),
        ("/wor%6Cd/a/", "world/a"),  # an encoded letter is just a letter
        ("/alias/index.html", "world/index.html"),  # a symlink that stays inside
        ("/../secret.txt", None),
        ("/world/../../secret.txt", None),
        ("/%2e%2e/secret.txt", None),
        ("/%2E%2E/secret.txt", None),
        ("/world/%2e%2e/%2e%2e/secret.txt", None),
        ("/..%2fsecret.txt", None),
        ("/world%2f..%2f..%2fsecret.txt", None),
        ("/world%2Findex.html", None),  # an encoded slash is refused, not a separator
        ("/..%5csecret.txt", None),
        ("/world\\..\\..\\secret.txt", None),
        ("/out/secret.txt", None),  # a symlink pointing outside
        ("/leak.txt", None),
        ("/.atlasgen-output", None),  # hidden
        ("/%2eatlasgen-output", None),
        ("/world/.secret", None),
        ("/marker", None),  # a symlink to a hidden file
        ("/index.html%00.txt", None),
    ],
)
def test_safe_path_never_leaves_the_preview_folder(root: Path, url: str, expected: str) -> None:
    found = safe_path(root, url)
    if expected is None:
        assert found is None
    else:
        assert found == (root / expected).resolve()


@pytest.mark.parametrize(
    ("url", "status", "target"),
    [
        ("/world", 302, "/world/"),
        ("/world/", 200, "world/index.html"),
        ("/", 200, "index.html"),
        ("/world/a/index.html", 200, "world/a/index.html"),
        ("/nope/", 404, ""),
        ("/out", 404, ""),
        ("/out/secret.txt", 404, ""),
    ],
)
def test_locate_answers_folders_with_index_html(
    root: Path, url: str, status: int, target: str
) -> None:
    found = locate(root, url)
    assert found.status == status
    if status == 302:
        assert found.location == target
    if status == 200:
        assert found.path == (root / target).resolve()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("_includes/latest.json", "application/json; charset=utf-8"),
        ("static/atlas.css", "text/css; charset=utf-8"),
        ("static/atlas.js", "text/javascript; charset=utf-8"),
        ("static/logo.svg", "image/svg+xml"),
        ("images/a.webp", "image/webp"),
        ("images/a.AVIF", "image/avif"),
        ("images/a.jpg", "image/jpeg"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("_redirects", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(name: str, kind: str) -> None:
    assert content_type(PurePosixPath(name)) == kind


# -- what a page gets added -------------------------------------------------------------------


def test_the_overlay_shows_file_line_and_message_escaped() -> None:
    problems = [
        error("content/world/b.md", 0, "", "cannot read the file"),
        error("content/world/a.md", 3, "title", "<script>alert(1)</script> & more"),
    ]
    overlay = overlay_html(problems)
    assert "<script" not in overlay
    items = re.findall(r"<li>(.*?)</li>", overlay)
    assert items == [
        '<b style="color:#fbbf24">content/world/a.md:3</b>: '
        "title: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more",
        '<b style="color:#fbbf24">content/world/b.md</b>: cannot read the file',
    ]
    assert 'id="atlasgen-overlay"' in overlay


def test_the_script_goes_before_the_last_body_end_tag() -> None:
    page = "<html><body><p>x</p></BODY>\n</html>\n"
    assert inject(page, "<i>1</i>") == "<html><body><p>x</p><i>1</i></BODY>\n</html>\n"
    assert inject("<p>fragment</p>", "<i>1</i>") == "<p>fragment</p><i>1</i>"


def test_the_live_script_listens_to_the_event_stream_and_cannot_be_broken_out_of() -> None:
    script = live_script('x"</script><script>alert(1)//')
    assert script.count("</script>") == 1
    assert script.rstrip().endswith("</script>")
    assert f'new EventSource("{EVENTS}")' in script
    for event in ("hello", "reload", "build-error"):
        assert f'addEventListener("{event}"' in script


def test_ssi_and_esi_includes_are_replaced_by_the_files_they_name() -> None:
    files = {"/news/_includes/latest.html": "<ul>latest</ul>", "/news/_includes/a.html": "A"}
    page = (
        '<header><!--#include virtual="/news/_includes/latest.html" --></header>'
        '<esi:include src="/news/_includes/a.html"/>'
        '<!--#include virtual="/news/_includes/gone.html" -->'
    )
    assert resolve_includes(page, files.get) == (
        "<header><ul>latest</ul></header>A"
        "<!-- atlasgen serve: nothing at /news/_includes/gone.html -->"
    )


def test_an_error_event_carries_the_overlay() -> None:
    preview = Preview(Path("/nowhere"))
    preview.publish((), "")
    snap = preview.publish((error("content/a.md", 2, "", "<b>bad</b>"),), None)
    reload = event_message("reload", snap).decode()
    assert reload == f'event: reload\ndata: {{"state": "{snap.state}"}}\n\n'
    name, data = event_message("build-error", snap).decode().split("\n")[:2]
    overlay = json.loads(data.removeprefix("data: "))["overlay"]
    assert name == "event: build-error"
    assert "content/a.md:2</b>: &lt;b&gt;bad&lt;/b&gt;" in overlay


# -- responses from a real preview folder, still without sockets -------------------------------

NEWS_TOML = """\
title = "Test Times"
base_url = "https://news.example.org/news"
timezone = "Europe/London"

[tickers]
include = "ssi"
"""


def quiet(text: str, error: bool = False) -> None:
    pass


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Preview:
    """A site under a base path, tickers as SSI, one draft and one scheduled story."""
    site = make_site(
        tmp_path_factory.mktemp("news"),
        {
            "content/world/first.md": article("First story", "2026-01-20T10:00:00+00:00"),
            "content/world/draft.md": article("Half written", "2026-01-21T10:00:00Z", draft="true"),
            "content/world/later.md": article("Embargoed", "2099-01-01T10:00:00+00:00"),
        },
        NEWS_TOML,
    )
    preview = Preview(site / PREVIEW_DIR)
    assert not rebuild_preview(site, preview, ServeOptions(), quiet).errors
    return preview


def test_pages_get_the_live_script_but_the_built_files_do_not(news: Preview) -> None:
    reply = respond(news, "/news/world/first/")
    page = reply.body.decode()
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assert page.rstrip().endswith("</body>\n</html>")
    assert page.count('<script id="atlasgen-live">') == 1
    assert news.snapshot().state in page
    on_disk = (news.root / "world/first/index.html").read_text(encoding="utf-8")
    assert "atlasgen-live" not in on_disk


def test_ssi_includes_are_resolved_under_the_base_path(news: Preview) -> None:
    on_disk = (news.root / "world/first/index.html").read_text(encoding="utf-8")
    assert '<!--#include virtual="/news/_includes/latest.html" -->' in on_disk
    page = respond(news, "/news/world/first/").body.decode()
    assert "<!--#include" not in page
    latest = (news.root / "_includes/latest.html").read_text(encoding="utf-8")
    assert latest.strip() in page


def test_drafts_and_scheduled_articles_are_shown_and_badged(news: Preview) -> None:
    assert 'badge--draft">Draft<' in respond(news, "/news/world/draft/").body.decode()
    assert "badge--scheduled" in respond(news, "/news/world/later/").body.decode()


def test_no_drafts_and_no_future_hide_them(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/first.md": article("First story", "2026-01-20T10:00:00+00:00"),
            "content/world/draft.md": article("Half written", "2026-01-21T10:00:00Z", draft="true"),
            "content/world/later.md": article("Embargoed", "2099-01-01T10:00:00+00:00"),
        },
    )
    preview = Preview(site / PREVIEW_DIR)
    rebuild_preview(site, preview, ServeOptions(drafts=False, future=False), quiet)
    assert respond(preview, "/world/first/").status == 200
    assert respond(preview, "/world/draft/").status == 404
    assert respond(preview, "/world/later/").status == 404
    assert not (site / "public").exists()  # never the production output


@pytest.mark.parametrize(
    ("url", "query", "status", "location"),
    [
        ("/", "", 302, "/news/"),
        ("/news", "", 302, "/news/"),
        ("/news/world", "page=2", 302, "/news/world/?page=2"),
        ("/news/", "", 200, ""),
        ("/news/feed.xml", "", 200, ""),
        ("/news/nope/", "", 404, ""),
        ("/elsewhere/", "", 404, ""),
        ("/news/.atlasgen-output", "", 404, ""),
        ("/news/%2e%2e/site.toml", "", 404, ""),
    ],
)
def test_urls_under_the_base_path(
    news: Preview, url: str, query: str, status: int, location: str
) -> None:
    reply = respond(news, url, query)
    assert (reply.status, reply.location) == (status, location)


def test_a_missing_page_is_the_sites_404_page_with_status_404(news: Preview) -> None:
    reply = respond(news, "/news/no/such/story/")
    page = reply.body.decode()
    assert reply.status == 404
    assert 'class="page-404"' in page
    assert '<script id="atlasgen-live">' in page


def test_a_missing_page_of_an_edition_is_its_own_404_page(tmp_path: Path) -> None:
    preview = Preview(tmp_path / "preview")
    for rel, text in (("404.html", "Not found"), ("fr/404.html", "Page introuvable")):
        (preview.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (preview.root / rel).write_text(f"<body><h1>{text}</h1></body>", encoding="utf-8")
    preview.publish((), "")
    for url, text in (
        ("/fr/monde/nope/", "Page introuvable"),
        ("/world/nope/", "Not found"),
        ("/nope", "Not found"),
    ):
        reply = respond(preview, url)
        assert reply.status == 404 and f"<h1>{text}</h1>" in reply.body.decode(), url


def test_after_a_failed_build_pages_show_the_errors_over_the_last_good_page(tmp_path: Path) -> None:
    preview = Preview(tmp_path / "preview")
    (preview.root / "a").mkdir(parents=True)
    (preview.root / "a/index.html").write_text("<body><h1>Last good</h1></body></html>")
    preview.publish((), "")
    preview.publish((error("content/a.md", 3, "published", "<b>not a time</b>"),), None)
    page = respond(preview, "/a/").body.decode()
    assert page.index("<h1>Last good</h1>") < page.index('id="atlasgen-overlay"')
    assert "content/a.md:3</b>: published: &lt;b&gt;not a time&lt;/b&gt;" in page
    assert page.endswith("</body></html>")


def test_until_a_first_build_succeeds_every_url_is_the_error_page(tmp_path: Path) -> None:
    preview = Preview(tmp_path / "preview")
    preview.publish((error("site.toml", 2, "title", "is required"),), None)
    for url in ("/", "/world/", "/static/atlas.css"):
        reply = respond(preview, url)
        assert reply.status == 500
        assert "site.toml:2</b>: title: is required" in reply.body.decode()
        assert "Nothing was built yet." in reply.body.decode()


# -- the command line --------------------------------------------------------------------------


def test_the_serve_command_shows_drafts_and_scheduled_articles_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[ServeOptions] = []
    monkeypatch.setattr(
        "atlasgen.cli.serve_site", lambda site, options, report: seen.append(options)
    )
    assert run("serve", "--site", str(tmp_path)).exit_code == 0
    assert run("serve", "--no-drafts", "--no-future", "--port", "0", "--host", "::1").exit_code == 0
    assert seen == [
        ServeOptions("127.0.0.1", 8000, drafts=True, future=True),
        ServeOptions("::1", 0, drafts=False, future=False),
    ]


def test_a_taken_port_exits_2_and_suggests_a_free_one(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--site", str(site), "--port", str(port))
    assert result.exit_code == 2
    match = re.fullmatch(
        rf"Error: port {port} on 127.0.0.1 is in use \(another atlasgen serve\?\);"
        r" try --port (\d+)\n",
        result.stderr,
    )
    assert match, result.stderr
    assert int(match[1]) != port
    assert not (site / ".atlasgen").exists()  # said before building anything


def test_serving_a_folder_without_site_toml_exits_2(tmp_path: Path) -> None:
    result = run("serve", "--site", str(tmp_path), "--port", "0")
    assert result.exit_code == 2
    assert "no site.toml in" in result.stderr


# -- end to end, on 127.0.0.1 ------------------------------------------------------------------

DEADLINE = 10.0  # seconds; each wait below returns as soon as what it waits for happens


class Terminal:
    """What `atlasgen serve` prints, collected."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str, error: bool = False) -> None:
        self.lines.append(text)


@contextmanager
def serving(site: Path, terminal: Callable[..., None] = quiet) -> Iterator[PreviewServer]:
    with PreviewServer(site, ServeOptions(port=0), terminal) as server:
        yield server


class EventStream:
    """A tab's event stream, read with http.client."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=DEADLINE)
        self.connection.request("GET", EVENTS)
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> tuple[str, dict[str, Any]]:
        name, data = "", ""
        while True:
            line = self.response.readline().decode()
            assert line, "the stream ended"
            if line.startswith("event: "):
                name = line.removeprefix("event: ").strip()
            elif line.startswith("data: "):
                data = line.removeprefix("data: ").strip()
            elif line == "\n" and name:
                return name, json.loads(data)

    def close(self) -> None:
        self.connection.close()


@contextmanager
def events(url: str) -> Iterator[EventStream]:
    stream = EventStream(url)
    try:
        assert stream.next()[0] == "hello"
        yield stream
    finally:
        stream.close()


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_saving_an_article_serves_the_new_title_and_reloads_the_tabs(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article("First story")})
    with serving(site) as server, events(server.url) as stream:
        assert "First story" in get(server.url + "world/first/")[1]
        started = time.monotonic()
        (site / "content/world/first.md").write_text(article("Second thoughts"), encoding="utf-8")
        name, data = stream.next()
        assert name == "reload"
        assert time.monotonic() - started < 5
        status, page = get(server.url + "world/first/")
    assert status == 200
    assert "Second thoughts" in page
    assert data["state"] in page  # served at the new state: the tab reloads once


def test_a_broken_article_shows_its_error_until_it_is_fixed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article("First story")})
    story = site / "content/world/first.md"
    terminal = Terminal()
    with serving(site, terminal) as server, events(server.url) as stream:
        story.write_text(article(published="'<script>x</script>'"), encoding="utf-8")
        name, data = stream.next()
        assert name == "build-error"
        status, page = get(server.url + "world/first/")
        assert status == 200
        assert "First story" in page  # the last good page, under the overlay
        for html in (data["overlay"], page):
            assert "first.md:3</b>: published: &#x27;&lt;script&gt;x&lt;/script&gt;&#x27;" in html
        printed = [line for line in terminal.lines if line.startswith("content/world/first.md:3:")]
        assert printed and printed[0].startswith("content/world/first.md:3: published: '<script>")
        assert terminal.lines[-1].startswith("Build failed: 1 error(s)")

        story.write_text(article("Fixed story"), encoding="utf-8")
        assert stream.next()[0] == "reload"
        status, page = get(server.url + "world/first/")
    assert (status, "Fixed story" in page, 'id="atlasgen-overlay"' in page) == (200, True, False)


def test_when_the_first_build_fails_every_url_shows_the_error_until_fixed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article(title="'")})
    with serving(site) as server, events(server.url) as stream:
        status, page = get(server.url + "world/first/")
        assert status == 500
        assert "content/world/first.md:" in page and "Nothing was built yet." in page
        (site / "content/world/first.md").write_text(article("Now it works"), encoding="utf-8")
        assert stream.next()[0] == "reload"
        status, page = get(server.url + "world/first/")
    assert status == 200
    assert "Now it works" in page


def test_a_new_templates_folder_is_watched_too(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article("First story")})
    with serving(site) as server, events(server.url) as stream:
        (site / "templates").mkdir()
        assert stream.next()[0] == "reload"  # the folder appeared: rebuilt and watched
        (site / "templates/404.html").write_text("<html><body>Gone fishing</body></html>")
        deadline = time.monotonic() + DEADLINE
        while "Gone fishing" not in get(server.url + "nope/")[1]:
            assert time.monotonic() < deadline, "the new template was not picked up"
            stream.next()


def test_concurrent_readers_during_rebuilds_get_only_whole_pages(tmp_path: Path) -> None:
    stories = {f"content/world/s{n}.md": article(f"Story {n}") for n in range(12)}
    site = make_site(tmp_path, stories)
    story = site / "content/world/s0.md"
    urls = ["", "world/", "world/s0/", "world/s1/", "tags/", "authors/"]
    with serving(site) as server:
        first = server.preview.snapshot().state
        done = threading.Event()

        def edit() -> None:
            n = 0
            while not done.is_set():
                n += 1
                story.write_text(article(f"Story 0, take {n}"), encoding="utf-8")
                done.wait(0.25)

        def read(n: int) -> list[tuple[int, str]]:
            return [get(server.url + urls[(n + i) % len(urls)]) for i in range(20)]

        editor = threading.Thread(target=edit)
        editor.start()
        try:
            with ThreadPoolExecutor(max_workers=50) as pool:
                replies = [reply for batch in pool.map(read, range(50)) for reply in batch]
        finally:
            done.set()
            editor.join()
        rebuilds = int(server.preview.snapshot().state.split(":")[1]) - int(first.split(":")[1])
    assert len(replies) == 1000
    assert rebuilds >= 2, "no rebuild happened while the pages were read"
    bad = [
        (status, page[-60:]) for status, page in replies if not page.rstrip().endswith("</html>")
    ]
    assert bad == []
    assert {status for status, _ in replies} == {200}


def test_starting_a_started_server_again_changes_nothing(tmp_path: Path) -> None:
    # `with server.start():` starts it twice: two watchers and rebuild loops would build
    # every save twice at once into one folder, and one of the two builds failed.
    site = make_site(tmp_path, {"content/world/first.md": article("First story")})
    terminal = Terminal()
    server = PreviewServer(site, ServeOptions(port=0), terminal)
    with server.start() as started, events(server.url) as stream:
        assert started is server
        assert server.start() is server
        (site / "content/world/first.md").write_text(article("Second"), encoding="utf-8")
        assert stream.next()[0] == "reload"
        time.sleep(0.5)  # a second rebuild loop would be building now, or done
        threads = [t.name for t in threading.enumerate() if t.name.startswith("atlasgen-")]
    assert sorted(threads) == [
        "atlasgen-_rebuild_loop",
        "atlasgen-_serve_forever",
        "atlasgen-_watch_folders",
        "atlasgen-_watch_root",
    ]
    assert [line.split()[0] for line in terminal.lines if line.startswith("Buil")] == [
        "Built"
    ] * 2, terminal.lines


def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article()}, SITE_TOML)
    process = subprocess.Popen(
        [sys.executable, "-c", "from atlasgen.cli import main; main()", "serve", "--port", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # with SIGINT blocked, as a parent can pass on (the suite's own process did)
        preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}),
    )
    lines: queue.Queue[str] = queue.Queue()
    try:
        assert process.stdout is not None
        stdout = process.stdout
        threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
        seen = ""
        while "Serving" not in seen:  # a failing first build fails the test, never hangs it
            seen += lines.get(timeout=DEADLINE)
        url = re.search(r"http://127\.0\.0\.1:\d+/", seen)
        assert url, seen
        assert get(url[0])[0] == 200
        process.send_signal(signal.SIGINT)
        process.wait(timeout=DEADLINE)
    finally:
        process.kill()
    err = process.stderr.read() if process.stderr else ""
    time.sleep(0.1)  # the reader thread takes the last lines
    out = seen + "".join(iter(lambda: lines.get_nowait() if not lines.empty() else "", ""))
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "Built" in seen and out.strip().endswith("Stopped."), out


# -- the client script in a real browser -------------------------------------------------------


@pytest.mark.browser
@requires_chromium
def test_in_a_browser_the_tab_reloads_shows_errors_and_survives_a_restart(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first.md": article("First story")})
    story = site / "content/world/first.md"
    title = "h1.story__title"
    with chromium() as browser:
        with serving(site) as server:
            port = int(urlsplit(server.url).port or 0)
            page = browser.new_page()
            page.goto(server.url + "world/first/")
            wait_until(lambda: server.preview.listeners == 1)
            story.write_text(article(published="'April 9th'"), encoding="utf-8")
            overlay = page.locator("#atlasgen-overlay")
            overlay.wait_for()
            assert "content/world/first.md:3" in overlay.inner_text()
            assert page.locator(title).inner_text() == "First story"  # the last good page
            story.write_text(article("Fixed story"), encoding="utf-8")
            page.wait_for_function(
                f"() => document.querySelector('{title}')?.textContent === 'Fixed story'"
            )
            assert overlay.count() == 0
        page.evaluate("() => { window.beforeRestart = true; }")
        story.write_text(article("Edited while stopped"), encoding="utf-8")
        with PreviewServer(site, ServeOptions(port=port), quiet) as server:
            wait_until(lambda: server.preview.listeners == 1)  # the tab reconnected
            page.wait_for_function("() => window.beforeRestart === undefined", timeout=10_000)
            assert page.locator(title).inner_text() == "Edited while stopped"
        page.close()
