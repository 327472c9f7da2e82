"""A rebuild with nothing changed is known by the files' `stat` before anything is loaded
(build/unchanged.py): it loads nothing, writes nothing and reports the same warnings;
any change takes the long way and makes what a clean build makes."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, SITE_TOML, article, make_site, tree

from atlasgen.build import pipeline as build_module
from atlasgen.build import unchanged as unchanged_module
from atlasgen.build.pipeline import BuildOptions, BuildResult, build_site
from atlasgen.content.editorial import Editorial
from atlasgen.content.frontmatter import parse_article
from atlasgen.content.model import ContentSet
from atlasgen.core.errors import BuildError
from atlasgen.site.moments import moment_window
from atlasgen.site.seo import NEWS_WINDOW


@pytest.fixture(autouse=True)
def trust_new_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test has just written count as settled (else none would be trusted)."""
    monkeypatch.setattr(unchanged_module, "RACY", -1.0)


def _build(site: Path, **options: object) -> BuildResult:
    return build_site(site, BuildOptions(**{"now": NOW, **options}))  # type: ignore[arg-type]


def _site(root: Path) -> Path:
    files = {
        f"content/s{i}.md": article(
            f"Story {i}",
            f"2026-01-{1 + i:02d}T10:00:00Z",
            ("World", "Sports")[i % 2],
            body=f"Body of story {i}.",
            tags=f"[Topic {i}]",
        )
        for i in range(6)
    }
    clash = article("Clash", "2026-01-20T10:00:00Z", tags="[M&A]")
    files["content/clash.md"] = clash  # a warning: two tags share a URL slug
    files["content/clash2.md"] = clash.replace("M&A", "M-A").replace("Clash", "Clash two")
    files["content/later.md"] = article("Later", "2026-12-01T10:00:00Z")  # scheduled
    return make_site(root, files, SITE_TOML)


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads from now on."""
    made: list[int] = []
    real = build_module.load_site

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_site", counting)
    return made


def test_a_rebuild_with_nothing_changed_loads_nothing_and_warns_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    first = _build(site)
    assert any("share the URL slug" in w.message for w in first.warnings)
    assert first.next_scheduled is not None
    before = tree(site / "public")
    loads = _loads(monkeypatch)
    again = _build(site, now="2026-11-27T12:05:00+00:00")  # minutes later: the same
    assert loads == []
    assert (again.rendered, again.pages, again.files) == (0, first.pages, first.files)
    assert again.warnings == first.warnings
    assert again.next_scheduled == first.next_scheduled
    assert "scan" in again.timings and "load" not in again.timings
    assert tree(site / "public") == before
    with pytest.raises(BuildError):  # --strict still fails on those warnings
        _build(site, strict=True)


@pytest.mark.parametrize(
    "change",
    [
        "story edited",
        "story added",
        "site template added",
        "site.toml",
        "scheduled story goes live",
        "output file deleted",
        "drafts",
    ],
)
def test_any_change_loads_again_and_makes_the_output_of_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    site = _site(tmp_path / "site")
    _build(site)
    _build(site)  # recorded by a build that loaded: the second one finds it
    options: dict[str, object] = {}
    if change == "story edited":
        story = site / "content/s1.md"
        story.write_text(story.read_text().replace("Body of story 1.", "A new body."))
    elif change == "story added":
        (site / "content/new.md").write_text(article("New", "2026-01-30T10:00:00Z"))
    elif change == "site template added":
        footer = Path(build_module.__file__).parent.parent / "themes/atlas/templates/partials"
        override = site / "templates/partials/footer.html"
        override.parent.mkdir(parents=True)
        text = (footer / "footer.html").read_text(encoding="utf-8")
        override.write_text(text.replace("</footer>", "<p>Edited footer</p></footer>"))
    elif change == "site.toml":
        toml = site / "site.toml"
        toml.write_text(toml.read_text().replace('title = "', 'title = "The '))
    elif change == "scheduled story goes live":
        options["now"] = "2026-12-01T10:00:00+00:00"
    elif change == "output file deleted":
        (site / "public/sports/s1/index.html").unlink()
    else:
        options["drafts"] = True
    loads = _loads(monkeypatch)
    _build(site, **options)
    assert loads == [1]
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".atlasgen"))
    _build(clean, **options)
    assert tree(site / "public") == tree(clean / "public")


def test_a_symbolic_link_or_a_fresh_file_takes_the_long_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    os.symlink(site / "content/s1.md", site / "content/linked.md")
    (site / "content/linked.md").unlink()
    (site / "extra").mkdir()
    os.symlink(site / "extra", site / "content/extra")  # a folder linked inside the site
    _build(site)
    loads = _loads(monkeypatch)
    _build(site)
    assert loads == [1]
    (site / "content/extra").unlink()
    monkeypatch.setattr(unchanged_module, "RACY", 3600.0)  # every file "just written"
    _build(site)
    _build(site)
    assert loads == [1, 1, 1]  # a build that saw fresh files recorded nothing


def test_the_window_runs_from_the_last_moment_to_the_next() -> None:
    early, _ = parse_article(article("Early", "2026-01-01T10:00:00Z"), "content/early.md", UTC)
    late, _ = parse_article(article("Late", "2026-02-01T10:00:00Z"), "content/late.md", UTC)
    assert early is not None and late is not None
    content = ContentSet(articles=(early,), scheduled=(late,))
    now = datetime(2026, 1, 10, tzinfo=UTC)
    last, following = moment_window(content, Editorial(), now)
    assert last == early.published + NEWS_WINDOW  # it left the news sitemap
    assert following == late.published  # the scheduled story goes live
    assert moment_window(ContentSet(()), Editorial(), now) == (None, None)
