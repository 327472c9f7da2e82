"""`atlasgen theme list` and `copy`, and the contract between atlasgen and a theme: every
template of the built-in theme is described, receives exactly the variables
site/templatecontexts.py names, of those types, and docs/theming.md is current."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import article, build, make_site, run

from atlasgen.scaffold.theming import theming_reference
from atlasgen.site.templatecontexts import BY_NAME, TEMPLATES
from atlasgen.theme.templates import BUILTIN_THEMES

ROOT = Path(__file__).parent.parent
ATLAS = BUILTIN_THEMES / "atlas" / "templates"
BUILTIN = sorted(p.relative_to(ATLAS).as_posix() for p in ATLAS.rglob("*.html"))


def test_every_template_of_the_built_in_theme_is_described_and_nothing_else() -> None:
    missing = [name for name in BUILTIN if name not in BY_NAME]
    assert missing == [], f"describe {missing} in atlasgen/site/templatecontexts.py"
    assert sorted(BY_NAME) == BUILTIN


def test_theme_list_names_every_template_with_what_it_renders_and_gets(tmp_path: Path) -> None:
    result = run("theme", "list", "--site", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    listed = result.stdout
    for template in TEMPLATES:
        assert f"  {template.name} " in listed
        assert template.renders in listed
    assert "gets: site, tickers, page, article, detail, live\n" in listed
    assert 'macros: meta(card), picture(image, size="card", loading="lazy"), card(' in listed
    assert "(not described)" not in listed


def test_theme_copy_then_a_build_uses_the_copy(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article("A story")})
    result = run("theme", "copy", "partials/footer.html", "--site", str(site))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Copied to templates/partials/footer.html; the next build uses it.\n"
    copy = site / "templates/partials/footer.html"
    assert copy.read_bytes() == (ATLAS / "partials/footer.html").read_bytes()
    copy.write_text('<footer class="ours">Our own footer</footer>\n', encoding="utf-8")
    assert (
        "theme list"
        and "overridden by templates/partials/footer.html"
        in run("theme", "list", "--site", str(site)).stdout
    )
    assert build(site).exit_code == 0
    page = (site / "public/index.html").read_text(encoding="utf-8")
    assert '<footer class="ours">Our own footer</footer>' in page
    assert "site-footer" not in page


def test_theme_copy_never_overwrites(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"templates/article.html": "mine"})
    result = run("theme", "copy", "article.html", "--site", str(site))
    assert result.exit_code == 2
    assert result.stderr == "Error: templates/article.html exists already; it was left as it is\n"
    assert (site / "templates/article.html").read_text(encoding="utf-8") == "mine"


def test_theme_copy_of_an_unknown_template_suggests_one(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    result = run("theme", "copy", "partials/heder.html", "--site", str(site))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the theme 'atlas' has no template 'partials/heder.html' "
        "(did you mean 'partials/header.html'?)\n"
    )
    assert not (site / "templates").exists()


def test_docs_theming_md_is_what_the_code_generates() -> None:
    committed = (ROOT / "docs/theming.md").read_text(encoding="utf-8")
    assert committed == theming_reference(), (
        "docs/theming.md is stale: atlasgen theme reference > docs/theming.md"
    )


# -- the contract, checked on a real build -------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Every context each template was rendered with, in a build that makes every kind
    of page: an alias, a gone URL, search, a newsletter, breaking news, markets."""
    site = make_site(
        tmp_path_factory.mktemp("contract"),
        {
            "content/world/a.md": article("A story", tags="[Climate]", aliases="[/old/a/]"),
            "content/world/b.md": article("B story", published="2026-11-21T10:00:00Z"),
            "content/_data/gone.toml": '[[gone]]\nurl = "/world/withdrawn/"\n',
            "content/_data/breaking.toml": 'text = "Breaking"\n',
            "content/_data/markets.toml": '[[quote]]\nname = "Gold"\nprice = 1.0\nchange = 0.5\n',
            "content/_data/sections.toml": '[[section]]\nname = "World"\ndescription = "*W*"\n',
        },
        site_toml='title = "T"\nbase_url = "https://t.example.com"\n'
        '[search]\nenabled = true\n[newsletter]\nname = "Daily"\naction = "https://x.example"\n',
    )
    seen: dict[str, list[dict[str, Any]]] = {}
    original = jinja2.Template.render

    def recording(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        seen.setdefault(self.name or "", []).append(dict(*args, **kwargs))
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Template, "render", recording)
        result = build(site, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return seen


def test_every_template_rendered_on_its_own_is_rendered_by_a_full_build(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    own = {t.name for t in TEMPLATES if not t.within and not t.macros}
    assert sorted(own - set(rendered)) == []
    assert sorted(set(rendered) - set(BY_NAME)) == []


@pytest.mark.parametrize(
    "name", [t.name for t in TEMPLATES if not t.within and not t.macros], ids=str
)
def test_each_template_gets_exactly_the_variables_described(
    name: str, rendered: dict[str, list[dict[str, Any]]]
) -> None:
    described = {v.name: v.kind for v in BY_NAME[name].variables}
    for context in rendered.get(name, []):
        assert sorted(context) == sorted(described)
        for key, value in context.items():
            assert _is(value, described[key]), f"{name}: {key} is {type(value).__name__}"


def _is(value: Any, kind: Any) -> bool:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        return isinstance(value, tuple) and all(_is(item, args[0]) for item in value)
    if origin in (types.UnionType, typing.Union):
        return any(_is(value, arg) for arg in args)
    if kind is type(None):
        return value is None
    return isinstance(value, kind)
