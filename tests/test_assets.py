"""Fingerprinted theme assets: names that change with the bytes, so they can be cached forever."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import article, build, make_site

from atlasgen.theme.assets import fingerprint_assets, fingerprinted_name
from atlasgen.theme.templates import BUILTIN_THEMES

LINKED = re.compile(r'(?:href|src)="/static/([^"]+)"')


def linked(page: Path) -> list[str]:
    return LINKED.findall(page.read_text(encoding="utf-8"))


def test_a_name_carries_a_hash_of_the_bytes() -> None:
    assert re.fullmatch(r"atlas\.[0-9a-f]{10}\.css", fingerprinted_name("atlas.css", b"a{}"))
    assert fingerprinted_name("a.css", b"x") != fingerprinted_name("a.css", b"y")
    assert fingerprinted_name("a.css", b"x") == fingerprinted_name("a.css", b"x")
    assert re.fullmatch(r"css/site\.[0-9a-f]{10}\.css", fingerprinted_name("css/site.css", b""))
    assert re.fullmatch(r"LICENSE\.[0-9a-f]{10}", fingerprinted_name("LICENSE", b""))


def test_pages_link_fingerprinted_assets_and_both_names_are_published(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    assert build(site).exit_code == 0
    public = site / "public"
    names = linked(public / "world/a/index.html")
    assert [n for n in names if n.endswith((".css", ".js"))] == [
        fingerprint_assets(BUILTIN_THEMES / "atlas/static")["atlas.css"],
        fingerprint_assets(BUILTIN_THEMES / "atlas/static")["atlas.js"],
    ]
    for name in names:
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", name), name
        plain = re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", name)
        assert (public / "static" / name).read_bytes() == (public / "static" / plain).read_bytes()


def test_an_edited_stylesheet_gets_a_new_name_on_every_page_even_with_the_cache(
    tmp_path: Path,
) -> None:
    files: dict[str, str | bytes] = {
        "content/world/a.md": article(),
        "content/world/b.md": article("B"),
    }
    site = make_site(tmp_path, files)
    shutil.copytree(BUILTIN_THEMES / "atlas", site / "themes/atlas")
    assert build(site).exit_code == 0
    page = site / "public/world/a/index.html"
    before = [n for n in linked(page) if n.endswith(".css")]
    css = site / "themes/atlas/static/atlas.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.new { color: red; }\n", encoding="utf-8")
    result = build(site)
    assert result.exit_code == 0, result.output
    after = [n for n in linked(page) if n.endswith(".css")]
    assert before != after
    for html in (site / "public").rglob("index.html"):
        assert after[0] in html.read_text(encoding="utf-8"), html
    assert (site / "public/static" / after[0]).read_bytes() == css.read_bytes()
    assert not (site / "public/static" / before[0]).exists()


def test_a_path_that_is_no_theme_file_is_linked_as_it_is(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>Gone</h1>"
            "<img src=\"{{ asset('elsewhere/x.png') }}\" alt=''>{% endblock %}",
        },
    )
    assert build(site).exit_code == 0
    assert 'src="/static/elsewhere/x.png"' in (site / "public/404.html").read_text("utf-8")
