"""Fuzzing: whatever a writer commits, atlasgen answers with a page or a `path:line:`
message, never a traceback and never a hang.

CI runs a few hundred examples of each property. The long run is a routine:
`python benchmarks/fuzz.py` runs each property with ATLASGEN_FUZZ_EXAMPLES examples (at
least 100,000) under a fixed list of seeds. Every input that ever broke atlasgen is kept
below as an explicit example.

Lines are checked as an editor counts them: `\n`, `\r\n` and `\r` end a line, and pasted
U+0085, U+2028 and U+2029 (line breaks to YAML 1.1) do not.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from conftest import build, make_site
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import unescapeAll
from markupsafe import Markup

from atlasgen.config import parse_config
from atlasgen.content.datafiles import load_data
from atlasgen.content.editorial import load_editorial
from atlasgen.content.embeds import find_embed, is_player_url
from atlasgen.content.frontkeys import KEYS
from atlasgen.content.frontmatter import parse_article
from atlasgen.content.live import UPDATE_KEYS, parse_update
from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings
from atlasgen.core.errors import BuildError, Diagnostic
from atlasgen.theme.i18n import Translator, load_translator, read_catalog
from atlasgen.theme.templates import ATLAS

LONG_RUN = os.environ.get("ATLASGEN_FUZZ_EXAMPLES")


def examples(in_ci: int) -> int:
    """A property's examples: `in_ci` in CI, ATLASGEN_FUZZ_EXAMPLES in a long run."""
    return int(LONG_RUN) if LONG_RUN else in_ci


EXAMPLES = examples(700)
PASTED = ["\u2028", "\u2029", "\x85"]  #: line breaks to YAML 1.1, not to an editor
ZONE = ZoneInfo("Europe/London")
DIAGNOSTIC = re.compile(r"^content/[^:]+\.md(:\d+)?: ")

odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
) | st.sampled_from(
    [
        "no",
        "yes",
        "on",
        "1e3",
        "~",
        "null",
        "0x1F",
        "2026-02-30",
        "12:30",
        "<script>",
        "{{ x }}",
        "\u202e",
        "",
        " ",
        "\t",
        "a: b",
        "- x",
        "[",
        "{",
        "&anchor",
        "*alias",
        "!!python/name:os",
    ]
)
scalar = (
    odd_text
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.dates(min_value=date(1, 1, 1))
    | st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=5))]))
)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=10,
)
keys = st.sampled_from([*KEYS, "publihsed", "tags ", "Title", "src", "alt"])
front = st.dictionaries(keys, value, max_size=12)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _editor_lines(text: str) -> int:
    return len(re.split(r"\r\n|\r|\n", text))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=front, body=st.text(max_size=300))
@example(data={"title": "x", "published": "2026-02-30", "category": "W"}, body="")
@example(data={"published": datetime(2026, 10, 25, 1, 30)}, body="")
@example(data={"corrections": [{"date": None, "text": None}]}, body="")
def test_any_front_matter_parses_to_an_article_or_messages(data: dict[str, Any], body: str) -> None:
    text = f"---\n{_yaml(data)}---\n{body}"
    lines = _editor_lines(text)
    article, problems = parse_article(text, "content/x.md", ZONE, "Staff")
    for problem in problems:
        assert DIAGNOSTIC.match(problem.format()), problem.format()
        assert 0 <= problem.line <= lines
    assert article is not None or any(p.severity == "error" for p in problems)


update_keys = st.sampled_from([*UPDATE_KEYS, "pined", "category", "Published", "src", "alt"])
update_front = st.dictionaries(update_keys, value, max_size=8)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=update_front, body=st.text(max_size=200))
@example(data={"published": "2026-02-30", "pinned": "yes"}, body="")
@example(data={"published": datetime(2026, 10, 25, 1, 30)}, body="x")
@example(data={"published": "2026-11-26T21:00:00Z", "image": {"src": None}}, body="x")
def test_any_update_front_matter_parses_to_an_update_or_messages(
    data: dict[str, Any], body: str
) -> None:
    """A live blog's update file: an update, or `path:line:` messages inside the file."""
    text = f"---\n{_yaml(data)}---\n{body}"
    lines = _editor_lines(text)
    update, problems = parse_update(text, "content/world/blog/polls-close.md", ZONE)
    for problem in problems:
        assert DIAGNOSTIC.match(problem.format()), problem.format()
        assert 1 <= problem.line <= lines, problem.format()
    assert update is not None or any(p.severity == "error" for p in problems)
    if update is not None:
        assert update.anchor == "update-polls-close" and update.published.tzinfo is not None


raw_front = st.lists(
    st.sampled_from(
        [*list("abc:-[]{}'\"#&*!|>%@`\t\n\r "), *PASTED, "title", "published", "2026", "\\"]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(front_text=raw_front, lead=st.sampled_from(["", "\n", "\ufeff", "  \n"]))
@example(front_text="a: &x [*x]", lead="")
@example(front_text="? [a, b]\n: c", lead="")
@example(front_text="&a:", lead="")  # a null key: "None" once built, "" in the YAML nodes
@example(front_text="<<: {updated: 2026-01-01, title: x}", lead="")  # keys of a merge
@example(front_text="published: !!timestamp x", lead="")  # no date at all: was a crash
@example(front_text="ti\x85tle: x\ndek: 'a\u2028b'\r\n", lead="")  # YAML 1.1's line breaks
def test_any_text_between_the_fences_is_handled(front_text: str, lead: str) -> None:
    text = f"{lead}---\n{front_text}\n---\nBody\n"
    article, problems = parse_article(text, "content/x.md", ZONE)
    assert article is not None or problems
    for problem in problems:
        assert DIAGNOSTIC.match(problem.format()), problem.format()
        assert 1 <= problem.line <= _editor_lines(text) - 2, problem.format()


@settings(max_examples=examples(230), deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.text(max_size=2000), raw=st.booleans())
@example(body="> " * 3000 + "x", raw=False)
@example(body="[a](javascript:alert(1)) <a href='jav&#97;script:x'>y</a>", raw=True)
def test_any_markdown_renders(body: str, raw: bool) -> None:
    html = MarkdownRenderer(MarkdownSettings(html=raw, base_path="/news")).render(body)
    assert isinstance(html, str)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)


#: The start of a URL of each provider, so that most examples come close to matching.
EMBED_PREFIXES = [
    "https://www.youtube.com/watch?v=",
    "https://youtu.be/",
    "https://youtube.com/shorts/",
    "https://vimeo.com/",
    "https://x.com/atlas/status/",
    "https://twitter.com/",
    "https://www.instagram.com/p/",
    "https://www.tiktok.com/@atlas/video/",
    "https://www.threads.net/@atlas/post/",
    "https://bsky.app/profile/atlas.bsky.social/post/",
    "https://www.facebook.com/atlas/posts/",
    "https://open.spotify.com/episode/",
    "https://podcasts.apple.com/gb/podcast/atlas/id",
    "https://soundcloud.com/atlas/",
    "https://datawrapper.dwcdn.net/",
    "https://public.flourish.studio/visualisation/",
    "javascript:",
    "",
]
url_tails = st.text(
    alphabet=st.sampled_from("aZ09_-./?=&#@:%'\"<>` \\()[]*") | st.characters(codec="utf-8"),
    max_size=30,
)
#: Tails that are ids often enough: 11 characters (YouTube), digits (X, Vimeo...), 22 (Spotify).
id_tails = st.one_of(
    st.text(alphabet="abcXYZ0123456789_-", min_size=5, max_size=23),
    st.integers(10**4, 10**20).map(str),
)
#: The only attributes a URL alone in its paragraph may produce.
EMBED_ATTRIBUTES = {"class", "data-embed", "data-embed-title", "href", "rel", "hidden", "type"}
EMBED_ATTRIBUTES |= {"data-pagefind-ignore"}
EMBED_ATTRIBUTES |= {"start"}  # an ordered list's first number, begun by a tail's new line
EMBED_ATTRIBUTES |= {"id"}  # a heading's anchor, when a tail's new line begins a heading


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(name, value or "") for name, value in attrs]


@settings(max_examples=examples(400), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    prefix=st.sampled_from(EMBED_PREFIXES),
    tail=url_tails | id_tails | st.tuples(id_tails, url_tails).map("".join),
    form=st.sampled_from(["{}", "<{}>", "[A title]({})", "[A title](<{}>)"]),
)
@example(prefix=EMBED_PREFIXES[0], tail='dQw4w9WgXcQ"onmouseover="alert(1)', form="{}")
@example(prefix=EMBED_PREFIXES[0], tail="dQw4w9WgXcQ", form="[A title]({})")
@example(prefix="javascript:", tail="alert(1)//https://youtu.be/dQw4w9WgXcQ", form="<{}>")
@example(prefix="https://soundcloud.com/atlas/", tail="\\_", form="{}")  # Markdown's escape
@example(prefix="https://www.youtube.com/watch?v=", tail="\n>0)", form="{}")  # <ol start="0">
@example(prefix="https://x.com/atlas/status/", tail="10000\n\na", form="{}")  # two paragraphs
@example(prefix="https://www.youtube.com/watch?v=", tail="\r##", form="{}")  # <h2 id="section">
@example(prefix="https://x.com/atlas/status/", tail="10000 ''", form="[A title]({})")  # a title
def test_any_url_alone_is_an_embed_with_a_parsed_id_or_a_plain_link(
    prefix: str, tail: str, form: str
) -> None:
    """A URL alone in its paragraph: an embed only when a provider parses an id from it
    (and the player is on a player host), else a link or text; never an event handler, a
    stray attribute or a javascript: URL, however the URL is quoted."""
    url = prefix + tail
    html = MarkdownRenderer(MarkdownSettings()).render(form.format(url))
    parser = _Attributes()
    parser.feed(html)
    for name, value in parser.found:
        assert name in EMBED_ATTRIBUTES, html
        assert not re.match(r"\s*javascript:", value, re.IGNORECASE), html
    players = [value for name, value in parser.found if name == "data-embed"]
    # As its paragraph holds it: up to the line's end (a new line in the tail ends the
    # paragraph or starts another block), Markdown's backslash escapes and entities read
    # ("\\_" is "_") in text and link destinations, not in an autolink. A link's
    # destination ends at a space: a title may follow it (`[A title](url '')`).
    line = re.split(r"[\r\n]", url, maxsplit=1)[0]
    if form == "[A title]({})":
        line = re.split(r"[ \t]", line, maxsplit=1)[0]
    embed = find_embed((line if form == "<{}>" else unescapeAll(line)).strip())
    if players:
        assert embed is not None and embed.id, html
        assert players == [embed.player] and is_player_url(embed.player), html
        assert re.fullmatch(r"[A-Za-z0-9_.-]+(/[a-z0-9_-]+)?", embed.id), embed.id
    else:
        assert 'class="embed' not in html


#: Compiled templates (signed, and named by their source's hash), shared by the whole
#: builds of this process.
COMPILED = Path(tempfile.mkdtemp(prefix="atlasgen-fuzz-templates-"))
atexit.register(shutil.rmtree, COMPILED, True)


@settings(
    max_examples=int(os.environ.get("ATLASGEN_FUZZ_BUILDS", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=front, body=st.text(max_size=200))
def test_a_whole_build_ends_in_a_site_or_messages(data: dict[str, Any], body: str) -> None:
    """A site with one story, whatever its front matter and body, built as writers build:
    with the build cache on (each example's own). The templates, compiled once, are
    shared by the examples, as a site's cache keeps them between builds: compiling them
    was most of a tiny build's time."""
    with tempfile.TemporaryDirectory() as folder:
        site = make_site(Path(folder), {"content/x.md": f"---\n{_yaml(data)}---\n{body}"})
        (site / ".atlasgen/cache").mkdir(parents=True)
        (site / ".atlasgen/cache/templates").symlink_to(COMPILED, target_is_directory=True)
        result = build(site)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "Internal error" not in result.output
        if result.exit_code == 1:
            assert result.stderr.splitlines()[0].startswith("content/x.md")


# -- lines, whatever is pasted -------------------------------------------------------

word = st.text(alphabet="abcdefgkpt", min_size=1, max_size=6)
pasted_text = st.text(alphabet=[*"abc '\"\\:#-[]{},&*!", *PASTED], max_size=20)
key_text = st.one_of(
    st.sampled_from([*KEYS, "publihsed"]),
    st.builds("".join, st.tuples(word, st.sampled_from(["", *PASTED]), word)),
)
line_end = st.sampled_from(["\n", "\r\n", "\r"])


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double_quoted(text: str) -> str:
    """A JSON string, which is a TOML basic string too (the pasted characters raw)."""
    return json.dumps(text, ensure_ascii=False)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    pairs=st.lists(st.tuples(key_text, pasted_text), max_size=10, unique_by=lambda p: p[0]),
    ends=st.lists(line_end, min_size=10, max_size=10),
    lead=st.sampled_from(["", "\n", "\r\n", "\ufeff", " \n\n"]),
)
def test_a_keys_problems_point_at_the_keys_line(
    pairs: list[tuple[str, str]], ends: list[str], lead: str
) -> None:
    """One key a line, each value quoted on its line: whatever the value or key holds and
    however the lines end, a key's problems are reported at the line the key is on."""
    first = lead.count("\n") + 2  # the line of the first key
    lines = [f"{key}: {_single_quoted(value)}" for key, value in pairs]
    body = "".join(line + end for line, end in zip(lines, ends, strict=False))
    text = f"{lead}---\n{body}\n---\nBody\n"
    _, problems = parse_article(text, "content/x.md", ZONE, "Staff")
    key_lines = {key: first + i for i, (key, _) in enumerate(pairs)}
    for problem in problems:
        if problem.key in key_lines:
            assert problem.line == key_lines[problem.key], problem.format()
        else:
            assert problem.line == 1, problem.format()  # a required key or the file name


data_text = st.text(alphabet=[*"abc ", *PASTED], max_size=12)
DATA_FORMATS = {
    "yaml": ("{key}: {value}", "bad: e: f"),
    "toml": ("{key} = {value}", "bad = "),
    "json": ("{key}: {value},", '"bad": }'),
}


def _data_line(suffix: str, key: str, value: str) -> str:
    quoted_key, quoted_value = (
        json.dumps(key, ensure_ascii=False),
        json.dumps(value, ensure_ascii=False),
    )
    if suffix == "yaml":
        quoted_key, quoted_value = _single_quoted(key), _single_quoted(value)
    return DATA_FORMATS[suffix][0].format(key=quoted_key, value=quoted_value)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    suffix=st.sampled_from(sorted(DATA_FORMATS)),
    pairs=st.lists(st.tuples(data_text, data_text), max_size=8, unique_by=lambda p: p[0]),
    bad_at=st.integers(min_value=0, max_value=8),
    ends=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=10, max_size=10),
)
def test_a_data_files_error_points_at_its_line(
    suffix: str, pairs: list[tuple[str, str]], bad_at: int, ends: list[str]
) -> None:
    lines = [_data_line(suffix, key, value) for key, value in pairs]
    bad_at = min(bad_at, len(lines))
    lines.insert(bad_at, DATA_FORMATS[suffix][1])
    if suffix == "json":
        lines = ["{", *lines, '"end": 0}']
        bad_at += 1
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    text += "".join(line + "\n" for line in lines[len(ends) :])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"facts.{suffix}"
        path.write_bytes(text.encode("utf-8"))
        found: list[Diagnostic] = []
        load_data(path, f"content/_data/facts.{suffix}", {}, found)
    assert [problem.line for problem in found] == [bad_at + 1], [p.format() for p in found]


toml_text = st.text(alphabet=[*"abc ", *PASTED], max_size=12)
site_keys = st.one_of(
    st.sampled_from(["tagline", "logo", "default_author", "takeaways_attribution"]),
    st.builds("".join, st.tuples(word, st.sampled_from(PASTED), word)),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    pairs=st.lists(st.tuples(site_keys, toml_text), max_size=6, unique_by=lambda p: p[0]),
    bad_at=st.integers(min_value=0, max_value=6),
    crlf=st.booleans(),
)
def test_site_toml_problems_point_at_their_keys_line(
    pairs: list[tuple[str, str]], bad_at: int, crlf: bool
) -> None:
    lines = ['title = "T"', 'base_url = "https://news.example.org"']
    lines += [
        f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
        for k, v in pairs
    ]
    language_line = min(bad_at + 3, len(lines) + 1)
    lines.insert(language_line - 1, "language = 5")
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    expected = {key: 3 + i + (3 + i >= language_line) for i, (key, _) in enumerate(pairs)}
    expected["language"] = language_line
    try:
        parse_config(text)
    except BuildError as exc:
        problems = exc.diagnostics
    else:
        problems = ()
    assert problems, "language = 5 is an error"
    for problem in problems:
        if problem.key.startswith("logo"):
            continue  # a logo is checked as a path; its line is its key's too
        assert problem.line == expected[problem.key], problem.format()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    stem=st.sampled_from(["front", "breaking", "sections"]),
    pairs=st.lists(
        st.tuples(
            st.sampled_from(["lead", "top", "until", "text", "url", "nmae", "extra"]),
            st.one_of(toml_text, st.lists(toml_text, max_size=3), st.integers(), st.booleans()),
        ),
        max_size=5,
        unique_by=lambda p: p[0],
    ),
    sections=st.lists(st.tuples(toml_text, toml_text, st.booleans()), max_size=4),
)
def test_editorial_files_report_lines_inside_the_file(
    stem: str, pairs: list[tuple[str, Any]], sections: list[tuple[str, str, bool]]
) -> None:
    """front.toml, breaking.toml and sections.toml, with pasted breaks in their texts: each
    problem points at a line of the file, and an unknown key at its own line."""
    lines = [f"{key} = {_double_quoted(value)}" for key, value in pairs]
    for name, description, odd in sections:
        lines += ["[[section]]", f"name = {_double_quoted(name)}"]
        lines += [f"descripton = {_double_quoted(description)}" if odd else ""]
    text = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "content/_data").mkdir(parents=True)
        source = f"content/_data/{stem}.toml"
        (site / source).write_text(text, encoding="utf-8")
        data = {stem: tomllib.loads(text)}
        _, problems = load_editorial(site, data, {stem: source}, ZONE)
    for problem in problems:
        assert re.match(rf"^{source}(:\d+)?: ", problem.format()), problem.format()
        assert 0 <= problem.line <= len(lines), problem.format()
        if problem.message == "unknown key" and problem.key in dict(pairs):
            assert problem.line == 1 + [k for k, _ in pairs].index(problem.key), problem.format()


ENGLISH, _ = read_catalog(ATLAS / "i18n/en.toml", "en.toml")
catalog_text = st.text(alphabet=[*"ab {}!:.0", *PASTED], max_size=14) | st.sampled_from(
    ["{count}", "{authors}", "{title}", "{{", "}}", "{", "}", "{0}", "{}", "{x.y}", "{count:>3}"]
)
catalog_entry = catalog_text | st.dictionaries(
    st.sampled_from(["zero", "one", "two", "few", "many", "other"]), catalog_text, max_size=4
)
catalog_keys = st.sampled_from([*ENGLISH, "share.titel", "nav", "article.by.x"])


def _catalog_line(key: str, entry: str | dict[str, str]) -> str:
    if isinstance(entry, str):
        return f"{key} = {_double_quoted(entry)}"
    forms = ", ".join(f"{k} = {_double_quoted(v)}" for k, v in entry.items())
    return f"{key} = {{ {forms} }}"


def _fill(translator: Translator, key: str) -> None:
    """A string as a page puts it in: its English values, a count for plural forms."""
    entry = ENGLISH[key]
    values = {name: Markup("<b>v</b>") for name in re.findall(r"\{(\w+)\}", str(entry))}
    count = values.pop("count", None) and 3
    if not isinstance(entry, str):
        count = 3
    translator(key, count=count, **values)
    translator.text(key, count=count, **values)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    pairs=st.lists(st.tuples(catalog_keys, catalog_entry), max_size=8, unique_by=lambda p: p[0]),
    crlf=st.booleans(),
)
@example(pairs=[("article.by", "Par {auteurs}")], crlf=False)  # was a template's KeyError
@example(pairs=[("share.title", "Partager {")], crlf=False)
def test_a_site_catalog_gives_strings_a_page_can_fill_or_lines_inside_it(
    pairs: list[tuple[str, str | dict[str, str]]], crlf: bool
) -> None:
    """A site's i18n/fr.toml, whatever its strings hold: every problem points at a line of
    the file (a string's at its key's line), and every string a page asks for fills."""
    lines = [_catalog_line(key, entry) for key, entry in pairs]
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "i18n").mkdir()
        (site / "i18n/fr.toml").write_bytes(text.encode("utf-8"))
        translator, problems = load_translator(ATLAS, "themes/atlas", site, "fr")
    written = {key: number for number, (key, _) in enumerate(pairs, start=1)}
    for problem in problems:
        assert problem.path == "i18n/fr.toml", problem.format()
        assert 0 <= problem.line <= len(lines), problem.format()
        if problem.key in written:
            assert problem.line == written[problem.key], problem.format()
    for key in ENGLISH:
        _fill(translator, key)
