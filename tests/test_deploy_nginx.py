"""docs/nginx.conf, the deploy recipe for nginx, run by a real nginx over a built site:
SSI tickers filled in, a withdrawn URL answering 410 with its page, the site's 404 page,
fingerprinted files cached for a year. Skipped where nginx is not installed (CI
installs it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import article, build, make_site

ROOT = Path(__file__).parent.parent
RECIPE = ROOT / "docs" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)
MIME_TYPES = Path("/etc/nginx/mime.types")

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx); CI installs it"
)


def test_the_deploy_guide_shows_the_tested_recipe() -> None:
    recipe = RECIPE.read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert f"```nginx\n{recipe}```" in guide


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(folder: Path, public: Path, port: int) -> Path:
    """The recipe, pointed at this site and port, inside a minimal nginx.conf."""
    recipe = RECIPE.read_text(encoding="utf-8")
    recipe = recipe.replace("/srv/news/public", str(public)).replace(
        "listen 80;", f"listen 127.0.0.1:{port};"
    )
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's folder
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    text = (
        f"{user}worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n{mime}\naccess_log off;\n{temp}\n{recipe}\n}}\n"
    )
    path = folder / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("nginx")
    site = make_site(
        folder / "site",
        {
            "content/world/a.md": article("Storm reaches the coast", aliases="[/old/storm/]"),
            "content/world/b.md": article("Markets calm", published="2026-11-21T10:00:00Z"),
            "content/_data/gone.toml": '[[gone]]\nurl = "/world/withdrawn/"\nreason = "Legal."\n',
        },
        site_toml='title = "T"\nbase_url = "https://news.example.com"\n'
        '[tickers]\ninclude = "ssi"\n',
    )
    assert build(site).exit_code == 0
    port = _free_port()
    config = _config(folder, site / "public", port)
    assert NGINX is not None
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(folder), "-c", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def test_pages_get_their_tickers_filled_in_by_ssi(served: str) -> None:
    status, _, page = _get(served + "/world/a/")
    assert status == 200
    assert "<!--#include" not in page
    assert 'class="latest"' in page and "Markets calm" in page  # the latest-news strip


def test_a_withdrawn_url_answers_410_with_its_page(served: str) -> None:
    status, _, page = _get(served + "/world/withdrawn/")
    assert status == 410
    assert "This story has been removed" in page and "Legal." in page


def test_a_missing_url_answers_404_with_the_sites_page(served: str) -> None:
    status, _, page = _get(served + "/world/no-such-story/")
    assert status == 404
    assert "Page not found" in page and "<!--#include" not in page


def test_an_alias_is_a_page_that_sends_the_reader_on(served: str) -> None:
    status, _, page = _get(served + "/old/storm/")
    assert status == 200
    assert 'http-equiv="refresh" content="0; url=/world/a/"' in page


def test_fingerprinted_files_are_cached_for_a_year_and_fragments_for_a_minute(
    served: str,
) -> None:
    status, _, page = _get(served + "/")
    css = next(part for part in page.split('"') if part.startswith("/static/atlas."))
    status, headers, _ = _get(served + css)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert _get(served + "/static/atlas.css")[1].get("Cache-Control") is None
    assert _get(served + "/_includes/latest.html")[1]["Cache-Control"] == "public, max-age=60"
