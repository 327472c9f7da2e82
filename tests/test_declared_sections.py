"""Declared sections from content/_data/sections.toml: order, descriptions, hints."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, build, make_site, run

STORIES = {
    "content/a.md": article("Arts story", "2026-11-20T10:00:00Z", "Arts"),
    "content/b.md": article("Business story", "2026-11-21T10:00:00Z", "Business"),
    "content/c.md": article("Climate story", "2026-11-22T10:00:00Z", "Climate"),
    "content/w.md": article("World story", "2026-11-23T10:00:00Z", "World"),
    "content/t.md": article("Tech story", "2026-11-24T10:00:00Z", "Technology"),
}
DECLARED = """\
[[section]]
name = "World"
description = "International news and *analysis*."

[[section]]
name = "Technology"

[[section]]
name = "Sports"    # no stories yet: no link
"""


def _site(tmp_path: Path, sections: str = DECLARED, stories: dict[str, str] = STORIES) -> Path:
    return make_site(tmp_path, {**stories, "content/_data/sections.toml": sections})


def _navigation(site: Path) -> list[str]:
    page = (site / "public/index.html").read_text()
    nav = page.split('<nav class="sections sections--wide" aria-label="Sections">')[1]
    return re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a></li>', nav.split("</nav>")[0])


def test_declared_sections_come_first_in_file_order_then_the_rest_alphabetically(
    tmp_path: Path,
) -> None:
    older = {  # one more story in each section, for the front page's section blocks
        f"content/old-{n}.md": article(f"Old {name}", f"2026-11-1{n}T10:00:00Z", name)
        for n, name in enumerate(["Arts", "Business", "Climate", "World", "Technology"])
    }
    site = _site(tmp_path, stories={**STORIES, **older})
    result = build(site)
    assert result.exit_code == 0, result.output
    order = ["World", "Technology", "Arts", "Business", "Climate"]
    assert _navigation(site) == ["Home", *order]
    front = (site / "public/index.html").read_text()
    blocks = re.findall(r'"section-block__title" id="sec-\d+"><a href="[^"]+">([^<]+)<', front)
    assert blocks == order


def test_without_the_file_sections_are_alphabetical(tmp_path: Path) -> None:
    site = make_site(tmp_path, STORIES)
    assert build(site).exit_code == 0
    assert _navigation(site) == ["Home", "Arts", "Business", "Climate", "Technology", "World"]


def test_a_declared_description_is_shown_on_the_section_page(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    world = (site / "public/world/index.html").read_text()
    assert '<p class="listing__description">International news and <em>analysis</em>.</p>' in world
    assert '<meta name="description" content="International news and analysis.">' in world
    technology = (site / "public/technology/index.html").read_text()
    assert "listing__description" not in technology


def test_an_undeclared_category_is_a_warning_naming_the_closest_section(tmp_path: Path) -> None:
    stories = {
        **STORIES,
        "content/x.md": article("Gadgets", "2026-11-25T10:00:00Z", "Tech"),
        "content/y.md": article("Riots", "2026-11-25T11:00:00Z", "Wrold"),
        "content/z.md": article("Stars", "2026-11-25T12:00:00Z", "technology"),
    }
    site = _site(tmp_path, stories=stories)
    result = build(site)
    assert result.exit_code == 1  # "technology" and "Technology" share a URL: an error
    assert (
        "content/x.md:4: warning: category: 'Tech' is not a declared section "
        "(content/_data/sections.toml) (did you mean 'Technology'?)"
    ) in result.stderr
    assert (
        "content/y.md:4: warning: category: 'Wrold' is not a declared section "
        "(content/_data/sections.toml) (did you mean 'World'?)"
    ) in result.stderr
    assert (
        "content/z.md:4: warning: category: 'technology' is declared as 'Technology' in "
        "content/_data/sections.toml (did you mean 'Technology'?)"
    ) in result.stderr
    assert (
        "content/a.md:4: warning: category: 'Arts' is not a declared section "
        "(content/_data/sections.toml) (declare it in content/_data/sections.toml)"
    ) in result.stderr


def test_strict_makes_an_undeclared_category_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    result = build(site, "--strict")
    assert result.exit_code == 1
    assert "content/c.md:4: warning: category: 'Climate' is not a declared section" in (
        result.stderr
    )


def test_the_sections_file_is_checked(tmp_path: Path) -> None:
    bad = '[[section]]\nname = "World"\n\n[[section]]\nname = "world"\ncolor = "red"\n'
    site = _site(tmp_path, bad)
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/_data/sections.toml:4: section 2: name: 'world' and 'World' are one section "
        "(/world/) (declare it once)"
    ) in result.stderr
    assert "content/_data/sections.toml:6: warning: color: unknown key" in result.stderr


def test_new_writes_the_declared_spelling(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = run("new", "Chips are back", "--category", "technology", "--site", str(site))
    assert result.exit_code == 0, result.output
    text = (site / "content/technology/chips-are-back.md").read_text()
    assert 'category: "Technology"' in text


def test_new_keeps_an_undeclared_category_as_typed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert run("new", "Gallery opens", "--category", "arts", "--site", str(site)).exit_code == 0
    assert 'category: "arts"' in (site / "content/arts/gallery-opens.md").read_text()


def test_a_new_description_rewrites_that_section_page(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    world = site / "public/world/index.html"
    before = world.stat().st_ino
    (site / "content/_data/sections.toml").write_text(DECLARED.replace("*analysis*", "**comment**"))
    assert build(site).exit_code == 0
    assert "<strong>comment</strong>" in world.read_text()
    assert world.stat().st_ino != before
