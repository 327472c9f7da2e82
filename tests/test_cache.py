"""The build cache and parallel rendering: unchanged work is skipped, output is the same."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, SITE_TOML, article, make_site, tree

import atlasgen
from atlasgen.build import pipeline as build_module
from atlasgen.build.pipeline import BuildOptions, BuildResult, build_site
from atlasgen.core.cache import BUILD_KEY, BuildCache
from atlasgen.core.errors import BuildError

SSI = SITE_TOML + '\n[tickers]\ninclude = "ssi"\n'


def _build(site: Path, **options: object) -> BuildResult:
    return build_site(site, BuildOptions(now=NOW, **options))  # type: ignore[arg-type]


def _newsroom(root: Path, count: int = 8, toml: str = SSI) -> Path:
    files = {
        f"content/s{i}.md": article(
            f"Story {i}",
            f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00Z",
            ("World", "Sports")[i % 2],
            body=f"Body of story {i}.",
            tags=f"[Topic {i}, Shared {i % 3}]",
        )
        for i in range(count)
    }
    return make_site(root, files, toml)


def test_a_rebuild_without_changes_renders_nothing(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    first = _build(site)
    assert first.rendered == first.pages
    second = _build(site)
    assert second.rendered == 0
    assert second.pages == first.pages


def test_editing_one_body_rerenders_only_that_article(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _build(site)
    before = tree(site / "public")
    story = site / "content/s1.md"
    story.write_text(story.read_text().replace("Body of story 1.", "A corrected body."))
    result = _build(site)
    after = tree(site / "public")
    assert result.rendered == 1
    changed = {path for path in after if before.get(path) != after[path]}
    assert "sports/s1/index.html" in changed
    assert not {p for p in changed if p.endswith(".html")} - {"sports/s1/index.html"}


def test_a_new_headline_rerenders_the_pages_that_show_it(tmp_path: Path) -> None:
    site = _newsroom(tmp_path, count=30)
    _build(site)
    story = site / "content/s0.md"
    story.write_text(story.read_text().replace("title: Story 0", "title: Story zero"))
    result = _build(site)
    pages = tree(site / "public")
    assert 0 < result.rendered < result.pages
    assert b"Story zero" in pages["world/index.html"]  # its section lists it
    assert b"Story zero" in pages["tags/topic-0/index.html"]
    assert b"Story zero" not in pages["sports/s1/index.html"]  # unrelated: not rendered


def test_a_template_change_rerenders_every_page(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    first = _build(site)
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text(
        '{% extends "base.html" %}{% block main %}Gone{% endblock %}'
    )
    assert _build(site).rendered == first.pages


def test_a_config_change_rerenders_every_page(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    first = _build(site)
    (site / "site.toml").write_text(SSI.replace("Test Times", "Test Herald"))
    assert _build(site).rendered == first.pages


def test_output_made_by_another_build_is_never_trusted(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _build(site)
    other = tmp_path / "elsewhere"
    result = _build(site, output=other)
    assert result.rendered == result.pages  # no fingerprints for that folder


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _build(site)
    (site / ".atlasgen/cache/cache.sqlite").write_bytes(b"not a database")
    story = site / "content/s1.md"
    story.write_text(story.read_text().replace("Body of story 1.", "A corrected body."))
    result = _build(site)
    assert result.rendered == result.pages  # no fingerprints to trust: all rendered
    assert _build(site).rendered == 0  # and it is rebuilt


def test_the_cache_folder_can_be_moved_or_turned_off(tmp_path: Path) -> None:
    site = _newsroom(tmp_path, toml=SSI + '\n[build]\ncache = "ci-cache"\n')
    _build(site)
    assert (site / "ci-cache/cache.sqlite").is_file()
    off = _newsroom(tmp_path / "off", toml=SSI + '\n[build]\ncache = ""\n')
    _build(off)
    assert _build(off).rendered > 0
    assert not (off / ".atlasgen").exists()
    assert not (off / "templates").exists()  # no compiled templates anywhere either


def test_parallel_rendering_gives_byte_identical_output(tmp_path: Path) -> None:
    site = _newsroom(tmp_path, count=90, toml=SITE_TOML + '\n[build]\ncache = ""\n')
    one = _build(site, jobs=1, output=tmp_path / "one")
    _build(site, jobs=2, output=tmp_path / "two")
    assert one.pages >= 200  # enough pages for the parallel path
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_template_error_in_a_worker_is_reported_with_its_line(tmp_path: Path) -> None:
    site = _newsroom(tmp_path, count=90, toml=SITE_TOML + '\n[build]\ncache = ""\n')
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text("line one\n{{ article.nope }}\n")
    try:
        _build(site, jobs=2)
    except Exception as exc:  # BuildError
        messages = [d.format() for d in exc.diagnostics]  # type: ignore[attr-defined]
    assert messages == [
        "templates/article.html:2: template error: 'atlasgen.site.views.ArticleCard object' "
        "has no attribute 'nope'"
    ]


def test_cached_builds_match_uncached_ones_through_a_sequence_of_changes(tmp_path: Path) -> None:
    """Edits, a deletion, a rename, a template change, a config change: after each, a build
    that uses the cache (and the previous output) equals a clean build from scratch."""
    site = _newsroom(tmp_path / "site", count=12)

    def clean_build(published: tuple[str, ...]) -> dict[str, bytes]:
        """The same site copied to a fresh folder and built without a cache, told what the
        site had published (a story pulled back to a later time keeps its URL)."""
        uncached = tmp_path / "uncached"
        shutil.rmtree(uncached, ignore_errors=True)
        shutil.copytree(site, uncached, ignore=shutil.ignore_patterns("public", ".atlasgen"))
        toml = (uncached / "site.toml").read_text() + '\n[build]\ncache = ""\n'
        (uncached / "site.toml").write_text(toml)
        _build(uncached, published=published)
        return tree(uncached / "public")

    def check() -> None:
        register = site / "public/.atlasgen-published"
        published = ()
        if register.is_file():
            shutil.copy(register, tmp_path / "published.txt")
            published = (str(tmp_path / "published.txt"),)
        _build(site)
        assert tree(site / "public") == clean_build(published)

    check()
    story = site / "content/s3.md"
    story.write_text(story.read_text().replace("title: Story 3", "title: Story three"))
    check()
    (site / "content/s5.md").unlink()  # a published URL: it must be listed as gone
    (site / "content/_data").mkdir()
    (site / "content/_data/gone.toml").write_text('[[gone]]\nurl = "/sports/s5/"\n')
    check()
    (site / "content/s6.md").rename(site / "content/renamed-story.md")  # and kept as an alias
    renamed = site / "content/renamed-story.md"
    renamed.write_text(renamed.read_text().replace("---\n", "---\naliases: [/world/s6/]\n", 1))
    check()
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text(
        '{% extends "base.html" %}{% block main %}Nothing here{% endblock %}'
    )
    check()
    (site / "site.toml").write_text((site / "site.toml").read_text().replace("Test Times", "TT"))
    check()
    story.write_text(story.read_text() + "\nA new closing line.\n")
    check()
    # What cards show from outside the story's own file, and what lists are made of:
    story.write_text(story.read_text().replace("Shared 0", "Shared 1"))  # a tag
    check()
    story.write_text(story.read_text().replace("2026-01-04T", "2026-02-20T"))  # a date
    check()
    other = site / "content/s7.md"
    other.write_text(other.read_text().replace("---\nBody", "related: [s1]\n---\nBody"))
    check()  # a pinned related story
    other.write_text(other.read_text().replace("---\nBody", "authors: [Ann Lee]\n---\nBody"))
    check()
    data = site / "content/_data"
    (data / "authors.toml").write_text('[[author]]\nname = "Ann Lee"\nbio = "Covers it."\n')
    check()  # an author's profile
    (site / "content/s-new.md").write_text(
        article("A new story", "2026-03-01T10:00:00Z", "World", tags="[Shared 1]")
    )
    check()  # a new story: lists, neighbours, related lists, feeds
    (site / "content/s-new.md").write_text(
        article("A new story", "2026-12-01T10:00:00Z", "World", tags="[Shared 1]")
    )
    check()  # now scheduled: gone from every list
    (site / "content/img.png").write_bytes(b"not really a png")
    check()  # a copied file


def test_the_output_does_not_depend_on_when_the_files_were_touched(tmp_path: Path) -> None:
    """Copied files are checked by modification time, yet the output (its marker too) is
    the same for a checkout made at another moment."""
    site = _newsroom(tmp_path / "a")
    (site / "content/logo.svg").write_text("<svg/>")
    _build(site)
    later = tmp_path / "b"
    shutil.copytree(site, later, copy_function=shutil.copyfile)  # new mtimes
    os.utime(later / "content/logo.svg", (1, 1))
    _build(later)
    assert tree(later / "public") == tree(site / "public")
    os.utime(site / "content/logo.svg", (2, 2))  # touched: looked at again, same output
    before = tree(site / "public")
    _build(site)
    assert tree(site / "public") == before


def test_page_fingerprints_are_saved_as_the_rows_that_changed(tmp_path: Path) -> None:
    """A save writes only the fingerprints that differ, yet the file ends up holding
    exactly this build's; if another build wrote the file since it was read, all of it."""
    path = tmp_path / "cache.sqlite"

    def stored() -> dict[str, str]:
        with sqlite3.connect(path) as db:
            return dict(db.execute("SELECT key, value FROM pages"))

    first = BuildCache(path)
    first.pages.replace({"a.html": "1", "b.html": "2", "c.html": "3"}, "one")
    first.save()
    second = BuildCache(path)
    second.pages.replace({"a.html": "1", "b.html": "20", "d.html": "4"}, "two")
    second.save()
    assert stored() == {"a.html": "1", "b.html": "20", "d.html": "4", BUILD_KEY: "two"}
    late = BuildCache(path)  # reads "two"; then another build writes "three"
    other = BuildCache(path)
    other.pages.replace({"x.html": "9"}, "three")
    other.save()
    late.pages.replace({"a.html": "1", "b.html": "20"}, "four")
    late.save()
    assert stored() == {"a.html": "1", "b.html": "20", BUILD_KEY: "four"}


def test_compiled_templates_are_kept_and_a_template_edit_still_shows(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _build(site)
    compiled = list((site / ".atlasgen/cache/templates").glob("*/*.cache"))
    assert compiled  # Jinja's bytecode, one file per template
    override = site / "templates/partials/footer.html"
    override.parent.mkdir(parents=True)
    theme_footer = Path(__file__).parent.parent / "atlasgen/themes/atlas/templates/partials"
    text = (theme_footer / "footer.html").read_text(encoding="utf-8")
    override.write_text(text.replace("</footer>", "<p>Edited footer</p></footer>"))
    _build(site)
    assert "Edited footer" in (site / "public/index.html").read_text(encoding="utf-8")
    override.write_text(text)
    _build(site)
    assert "Edited footer" not in (site / "public/index.html").read_text(encoding="utf-8")


def _planned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the plans made from now on."""
    made: list[int] = []
    real = build_module.make_plan

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "make_plan", counting)
    return made


def test_a_rebuild_from_the_same_inputs_makes_no_plan_and_warns_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _newsroom(tmp_path)
    clash = article("Clash", "2026-02-01T10:00:00Z", tags="[M&A]")
    (site / "content/clash.md").write_text(clash)
    (site / "content/clash2.md").write_text(clash.replace("M&A", "M-A"))
    first = _build(site)
    assert any("share the URL slug" in w.message for w in first.warnings)
    made = _planned(monkeypatch)
    before = tree(site / "public")
    again = _build(site)
    assert made == []
    assert (again.rendered, again.pages, again.files) == (0, first.pages, first.files)
    assert again.warnings == first.warnings
    assert tree(site / "public") == before
    with pytest.raises(BuildError):  # and --strict still fails on those warnings
        _build(site, strict=True)


@pytest.mark.parametrize(
    "change",
    [
        "now past a moment",
        "drafts",
        "base_url",
        "market quotes",
        "theme asset",
        "output file deleted",
        "copied file touched",
    ],
)
def test_any_changed_input_makes_a_plan_and_the_output_of_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    site = _newsroom(tmp_path / "site")
    (site / "content/s2.md").write_text(
        (site / "content/s2.md").read_text().replace("---\nBody", "draft: true\n---\nBody")
    )
    (site / "content/_data").mkdir()
    quotes = site / "content/_data/markets.toml"
    quotes.write_text('[[quote]]\nname = "Gold"\nprice = 2400.5\nchange = 0.4\n')
    (site / "content/logo.svg").write_text("<svg/>")
    theme = site / "themes/atlas"
    shutil.copytree(Path(atlasgen.__file__).parent / "themes/atlas", theme)
    options: dict[str, object] = {}
    _build(site)
    made = _planned(monkeypatch)
    if change == "now past a moment":  # story 7 (8 Jan, 10:00) is in the news sitemap
        options["now"] = "2026-01-08T11:00:00+00:00"
    elif change == "drafts":
        options["drafts"] = True
    elif change == "base_url":
        options["base_url"] = "https://elsewhere.example.org"
    elif change == "market quotes":
        quotes.write_text(quotes.read_text().replace("2400.5", "2411.25"))
    elif change == "theme asset":
        css = next((theme / "static").rglob("*.css"))
        css.write_text(css.read_text() + "\n/* edited */\n")
    elif change == "output file deleted":
        (site / "public/sports/s1/index.html").unlink()
    else:
        os.utime(site / "content/logo.svg", ns=(1, 1))
    result = build_site(site, BuildOptions(**{"now": NOW, **options}))  # type: ignore[arg-type]
    assert made == [1]
    uncached = tmp_path / "uncached"
    shutil.copytree(site, uncached, ignore=shutil.ignore_patterns("public", ".atlasgen"))
    toml = (uncached / "site.toml").read_text() + '\n[build]\ncache = ""\n'
    (uncached / "site.toml").write_text(toml)
    build_site(uncached, BuildOptions(**{"now": NOW, **options}))  # type: ignore[arg-type]
    assert tree(site / "public") == tree(uncached / "public")
    assert result.pages > 0
