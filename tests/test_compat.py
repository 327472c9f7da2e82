"""The library workarounds in atlasgen/_compat/ still match the libraries under them.

Each workaround mirrors or overrides code of the library versions pyproject.toml allows.
A pin below records a digest of that code: another version fails here until someone
checks the workaround against it and updates the pin. The other tests compare the
workarounds' answers with the libraries' own.
"""

from __future__ import annotations

import hashlib
import inspect
import random
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import mdurl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, pass_context, pass_environment
from jinja2.compiler import CodeGenerator
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import normalize
from markdown_it.rules_inline import text as text_rule
from markupsafe import Markup, escape

from atlasgen._compat.jinja import AtlasEnvironment
from atlasgen._compat.markdown_it import INLINE_SYNTAX, PlainLinkMarkdownIt, render_inline
from atlasgen._compat.markupsafe import escape_output, escape_str

#: The library code each workaround mirrors: (what, its source's digest, the workaround).
PINS = {
    "markupsafe.escape": (escape, "3655c2467d938ce7", "escape_output"),
    "jinja2.Template.from_code": (jinja2.Template.from_code, "6e9fe7de7341640e", "AtlasTemplate"),
    "jinja2.Template._from_namespace": (
        jinja2.Template._from_namespace,
        "fdce36aa99d87a24",
        "AtlasTemplate",
    ),
    "CodeGenerator._output_child_pre": (
        CodeGenerator._output_child_pre,
        "950d7b8230fc9ca2",
        "AtlasTemplate",
    ),
    "jinja2.Environment.make_globals": (
        jinja2.Environment.make_globals,
        "b6eb9ef15eaebcaf",
        "AtlasEnvironment",
    ),
    "markdown_it.MarkdownIt.normalizeLink": (
        MarkdownIt.normalizeLink,
        "7e9c918d213d7b62",
        "PLAIN_LINK",
    ),
    "markdown_it.common.normalize_url": (normalize_url, "06f4f1a08799d9cc", "PLAIN_LINK"),
    "mdurl (parse, encode, format)": (mdurl, "15effa8ef5b7270e", "PLAIN_LINK"),
    "markdown_it.rules_inline.text": (text_rule, "04f43125e9acab1b", "INLINE_SYNTAX"),
    "markdown_it.rules_core.normalize": (normalize, "71b29c0f3e02cec8", "INLINE_SYNTAX"),
    "markdown_it.renderer.RendererHTML.text": (
        RendererHTML.text,
        "1d0bf9dc325c01f7",
        "render_inline",
    ),
}


def source_digest(what: Any) -> str:
    """A digest of a function's or module's source (a package: of all its modules)."""
    if inspect.ismodule(what) and hasattr(what, "__path__"):
        files = sorted(Path(what.__path__[0]).glob("*.py"))
        text = "".join(f.name + f.read_text(encoding="utf-8") for f in files)
    else:
        text = inspect.getsource(what)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("name", PINS)
def test_the_library_code_each_workaround_mirrors_is_unchanged(name: str) -> None:
    what, digest, workaround = PINS[name]
    assert source_digest(what) == digest, (
        f"{name} is not the code {workaround} was written against: check {workaround} "
        f"against it (atlasgen/_compat/), then update its pin in {Path(__file__).name}"
    )


# -- MarkupSafe: escape_output ----------------------------------------------------------


def test_escape_output_uses_the_escaping_markupsafe_uses() -> None:
    assert escape_str is vars(markupsafe)["_escape_inner"]


class Shouting(str):
    """A str subclass: escaped by MarkupSafe's rules for other objects."""

    def __str__(self) -> str:
        return self.upper()


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@given(st.text(max_size=40))
def test_output_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    assert escape_output(text) == str(escape(text))


@pytest.mark.parametrize(
    "value",
    ["a & b < c > d ' e \" f", Markup("<p>kept</p>"), Shouting("<x>"), Html(), 7, None, True, 2.5],
)
def test_output_of_other_values_is_escaped_as_markupsafe_escapes_it(value: object) -> None:
    assert escape_output(value) == str(escape(value))


# -- Jinja: AtlasEnvironment renders what Jinja's own environment renders ------------------

TEMPLATES = {
    "m.html": "{% macro em(x, obj='o') %}<em>{{ x }}{{ obj }}</em>{{ caller() if caller }}"
    "{% endmacro %}",
    "page.html": '{% extends "base.html" %}{% from "m.html" import em %}'
    '{% block main %}<p title="{{ t }}">{{ em(t) }}{{ html }}{{ n }}{{ t|e }}{{ t|safe }}'
    "{% for x in xs %}{{ plain(x, sep=loop.index) }}{{ em(x, obj=x) }}{% endfor %}"
    "{% call em('c') %}{{ t }}{% endcall %}{% set s %}<{{ t }}>{% endset %}{{ s }}"
    "{% filter upper %}{{ t }}{% endfilter %}{% autoescape false %}{{ t }}{% endautoescape %}"
    "{{ [t, html]|join(', ') }}{{ '%s-%s'|format(t, n) }}{{ t ~ html }}"
    "|{{ ctx() }}|{{ envd() }}|{{ shout('a') }}|{{ stop() is undefined }}{% endblock %}",
    "base.html": "<main>{% block main %}{% endblock %}</main>{% include 'm.html' %}",
}


class Shout:
    """A callable object: Jinja's own way of calling."""

    def __call__(self, text: str) -> str:
        return text.upper()


def rendered(kind: type[Environment]) -> str:
    env = kind(loader=DictLoader(TEMPLATES), autoescape=True)
    env.globals.update(
        plain=lambda x, sep: f"{x}{sep}",
        ctx=pass_context(lambda context: context.name),
        envd=pass_environment(lambda environment: "env"),
        shout=Shout(),
        stop=lambda: next(iter(())),
    )
    page = env.get_template("page.html")
    return page.render(t='<"Q&A">', html=Markup("<br>"), n=3, xs=["a", "<b>"])


def test_an_atlas_environment_renders_what_jinja_renders() -> None:
    assert rendered(AtlasEnvironment) == rendered(Environment)
    assert "&lt;&#34;Q&amp;A&#34;&gt;" in rendered(AtlasEnvironment)


def test_template_output_is_escaped_by_escape_output_as_plain_str() -> None:
    env = AtlasEnvironment(loader=DictLoader(TEMPLATES), autoescape=True)
    page = env.from_string("<p>{{ t }}{{ html }}{{ n }}</p>")
    assert page.root_render_func.__globals__["escape"] is escape_output
    parts = list(page.generate(t="<x>", html=Markup("<br>"), n=1))
    assert parts == ["<p>", "&lt;x&gt;", "<br>", "1", "</p>"]
    assert [type(parts[1]), type(parts[3])] == [str, str]  # the text and the number: no Markup


# -- markdown-it: the inline shortcut --------------------------------------------------

INLINE = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])
INLINE.disable("html_inline")

#: Plain words with, now and then, a character that is Markdown syntax somewhere.
takeaway_text = st.text(
    alphabet=st.sampled_from("ab ,.'\"()é€“”\t")
    | st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=40,
)


@given(takeaway_text)
@example("Prices rose 5% to $3bn - a record: the *highest* since [2020](https://e.org)")
@example('A <b>bold</b> & "quoted" claim')
@example("Line one\r\nline two\0")
@example("  spaces around  ")
def test_inline_markdown_is_what_markdown_it_makes(text: str) -> None:
    assert render_inline(INLINE, text) == INLINE.renderInline(text)


def test_a_plain_sentence_is_escaped_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(INLINE, "parseInline", parse)
    assert render_inline(INLINE, 'Growth "beat" forecasts, officials said.') == (
        "Growth &quot;beat&quot; forecasts, officials said."
    )


def test_the_shortcut_stops_at_every_character_markdown_it_stops_at() -> None:
    stops = [chr(c) for c in range(0x3000) if INLINE.inline.terminator_re.match(chr(c))]
    assert stops
    assert [c for c in stops if not INLINE_SYNTAX.match(c)] == []


# -- markdown-it: the link shortcut gives what the library gives -------------------------

QUICK = PlainLinkMarkdownIt("commonmark")
LIBRARY = MarkdownIt("commonmark")

#: Pieces of URLs, plain and tricky: what mdurl parses as scheme, auth, host and port,
#: and what its encoding changes ("%", non-ASCII, spaces, brackets, backslashes).
SCHEMES = ["", "http:", "https:", "HTTP:", "Https:", "mailto:", "ftp:", "javascript:", "data:",
           "file:", "x-y.z+1:", "skype:", "1:"]  # fmt: skip
SLASHES = ["", "/", "//", "///", "\\"]
AUTHS = ["", "user@", "@", "a:b@", "a@b@", "us er@", "ü@"]
HOSTS = ["example.org", "EXAMPLE.org", "a", "a.b.c", "a..b", "a.", ".a", "-a-", "a_b", "a+b",
         "xn--bcher-kva.example", "bücher.example", "例え.テスト", "[::1]", "[2001:db8::7]",
         "[abc]", "a" * 63, "a" * 64, ("abcdefgh." * 29)[:-1], ("abcdefgh." * 28)[:-1], "a!b",
         "a;b", "a%41", "a b", "a'b", "1.2.3.4", "", "a:", "a::"]  # fmt: skip
PORTS = ["", ":80", ":", ":8080", ":x", "::1"]
PATH = [*"azAZ09;/?:@&=+$,-_.!~*'()#%[]{}|\\^`\"<> \t\n", "%41", "%zz", "%4", "é", "😀"]
#: The same, but only what is common in articles: most of these take the shortcut.
PLAIN = [
    ["https://", "http://", "", "/"],
    [""],
    [""],
    HOSTS[:10],
    PORTS[:2],
    [*"az09/?#=&-~", "%41"],
]


def random_link(rng: random.Random) -> str:
    """A URL-like string of the pieces above, each from the plainer ones half the time."""
    pieces = [SCHEMES, SLASHES, AUTHS, HOSTS, PORTS, PATH]
    *head, path = [rng.choice(pair) for pair in zip(PLAIN, pieces, strict=True)]
    return "".join(map(rng.choice, head)) + "".join(rng.choices(path, k=rng.randrange(12)))


REAL_URLS = [
    "https://example.org/r/0",
    "https://www.reuters.com/world/europe/some-story-2026-04-09/",
    "https://en.wikipedia.org/wiki/Caf%C3%A9",
    "https://en.wikipedia.org/wiki/Café",
    "https://example.com/search?q=a+b&lang=en#results",
    "https://example.com:8443/a/b;c?d=e",
    "http://localhost:8000/",
    "HTTPS://EXAMPLE.COM/A",
    "https://user:pass@example.com/",
    "https://例え.テスト/パス",
    "https://[2001:db8::1]:8080/x",
    "//cdn.example.com/lib.js",
    "/2024/04/old-story/",
    "/images/a b.jpg",
    "../up/one",
    "#footnote-1",
    "?page=2",
    "mailto:desk@example.org?subject=Tip",
    "mailto:Desk@EXAMPLE.org",
    "tel:+44-20-7946-0000",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://files.example.org/pub",
    "https://example.org/100%",
    "https://example.org/a%2",
    "https://example.org/%7euser",
    "https://example.org/it's",
    "https://example.org/path\\back",
    "https://example.org./trailing-dot",
    "https://" + "a" * 64 + ".com/x",
    "https://" + "a" * 64 + ".com:80/x",
    "https://" + ("abcdefgh." * 29)[:-1] + "/x",
    "",
]


@given(st.randoms(use_true_random=True))
def test_link_normalising_is_what_markdown_it_makes(rng: random.Random) -> None:
    links = [random_link(rng) for _ in range(200)]
    assert [QUICK.normalizeLink(u) for u in links] == [LIBRARY.normalizeLink(u) for u in links]


@pytest.mark.parametrize("url", REAL_URLS)
def test_real_links_are_normalised_as_markdown_it_does(url: str) -> None:
    assert QUICK.normalizeLink(url) == LIBRARY.normalizeLink(url)


def test_plain_links_skip_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def normalize(*args: object) -> None:
        raise AssertionError("normalised")

    monkeypatch.setattr(MarkdownIt, "normalizeLink", normalize)
    for url in ("https://example.org/r/0?a=1#b", "/2024/04/story/", "#note", "a%C3%A9/b"):
        assert QUICK.normalizeLink(url) == url
