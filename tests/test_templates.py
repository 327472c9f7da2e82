"""The Jinja environment's `partial()`: HTML made once per build for each distinct call."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import article, build, make_site
from jinja2 import Environment, UndefinedError

from atlasgen.theme.templates import Theme, make_environment


def environment(tmp_path: Path, templates: dict[str, str]) -> tuple[Environment, list[str]]:
    """An environment over a theme made of `templates`; `made` lists each render of a
    partial, through a `made(name)` global the templates call."""
    root = tmp_path / "theme"
    for name, text in templates.items():
        (root / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "templates" / name).write_text(text)
    env = make_environment(Theme("t", root, tmp_path / "none"), "")
    made: list[str] = []
    env.globals["made"] = lambda name: made.append(name) or ""
    return env, made


def test_a_partial_template_is_rendered_once_for_each_distinct_set_of_values(
    tmp_path: Path,
) -> None:
    env, made = environment(
        tmp_path,
        {
            "page.html": '{{ partial("head.html", title=title, home=home) }}|',
            "head.html": "{{ made(title) }}<h1>{{ title }}{% if home %}*{% endif %}</h1>",
        },
    )
    page = env.get_template("page.html")
    shown = [page.render(title=t, home=h) for t, h in [("A", True), ("B", False), ("A", True)]]
    assert shown == ["<h1>A*</h1>|", "<h1>B</h1>|", "<h1>A*</h1>|"]
    assert made == ["A", "B"]


def test_a_partial_template_sees_only_the_values_it_is_given(tmp_path: Path) -> None:
    env, _ = environment(
        tmp_path,
        {"page.html": '{{ partial("head.html", title="T") }}', "head.html": "{{ page.title }}"},
    )
    with pytest.raises(UndefinedError, match="'page' is undefined"):
        env.get_template("page.html").render(page={"title": "P"})


def test_a_macro_partial_is_called_once_for_each_distinct_set_of_arguments(
    tmp_path: Path,
) -> None:
    env, made = environment(
        tmp_path,
        {
            "card.html": "{% macro card(x, level=3) %}{{ made(x) }}<h{{ level }}>{{ x }}"
            "</h{{ level }}>{% endmacro %}",
            "list.html": '{% from "card.html" import card %}'
            "{% for x in items %}{{ partial(card, x, level=level) }}{% endfor %}",
        },
    )
    page = env.get_template("list.html")
    assert page.render(items=["a", "b"], level=2) == "<h2>a</h2><h2>b</h2>"
    assert page.render(items=["b", "a"], level=2) == "<h2>b</h2><h2>a</h2>"
    assert page.render(items=["a"], level=3) == "<h3>a</h3>"
    assert made == ["a", "b", "a"]


def test_equal_arguments_of_different_types_are_different_calls(tmp_path: Path) -> None:
    env, _ = environment(
        tmp_path,
        {
            "m.html": "{% macro show(x) %}{{ x }}{% endmacro %}",
            "page.html": '{% from "m.html" import show %}{{ partial(show, x) }}',
        },
    )
    page = env.get_template("page.html")
    assert [page.render(x=x) for x in (1, True, 1.0)] == ["1", "True", "1.0"]


def test_a_partial_with_an_unhashable_argument_is_rendered_every_time(tmp_path: Path) -> None:
    env, made = environment(
        tmp_path,
        {
            "page.html": '{{ partial("p.html", data=data) }}',
            "p.html": "{{ made('p') }}{{ data.a }}",
        },
    )
    page = env.get_template("page.html")
    assert [page.render(data={"a": n}) for n in (1, 2)] == ["1", "2"]
    assert made == ["p", "p"]


def current_sections(html: str) -> list[str]:
    """The header's entries marked as the current page (wide nav and menu alike)."""
    return re.findall(r'aria-current="page">([^<]+)</a>', html)


def test_the_header_marks_home_or_the_section_a_page_belongs_to(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("A", category="World", tags="[Trade]"),
            "content/business/b.md": article("B", category="Business"),
        },
    )
    assert build(site).exit_code == 0
    out = site / "public"

    def page(path: str) -> str:
        return (out / path).read_text(encoding="utf-8")

    assert current_sections(page("index.html")) == ["Home", "Home"]
    assert current_sections(page("world/a/index.html")) == ["World", "World"]
    assert current_sections(page("business/index.html")) == ["Business", "Business"]
    assert current_sections(page("tags/trade/index.html")) == []


def test_a_site_header_that_reads_the_page_names_its_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article(),
            "templates/partials/header.html": "<header>\n{{ page.title }}\n</header>\n",
        },
    )
    result = build(site)
    assert result.exit_code == 1
    assert "templates/partials/header.html:2: template error: 'page' is undefined" in (
        result.stderr
    )


def test_a_template_keeps_its_globals_in_one_dict_of_its_own(tmp_path: Path) -> None:
    env, _ = environment(tmp_path, {"page.html": "{{ asset('a.css') }} {{ extra }}"})
    page = env.get_template("page.html", globals={"extra": "x"})
    assert type(page.globals) is dict
    assert type(env.cache) is dict  # templates found by a plain lookup, not an LRU's lock
    assert page.render() == "/static/a.css x"
    assert "extra" not in env.globals
