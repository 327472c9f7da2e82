"""Error lines are the lines a writer's editor shows, whatever the writer pasted.

Text pasted from PDFs and web pages carries U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
SEPARATOR and U+0085 NEXT LINE, which YAML 1.1 and `str.splitlines` count as line breaks
and editors do not. Each case below has its problem on line 5, after such a character in
a value or in a key; only `\\n`, `\\r\\n` and `\\r` end a line.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SITE_TOML, build, make_site

from atlasgen.config import parse_config
from atlasgen.content.datafiles import load_data
from atlasgen.content.fences import split_front_matter
from atlasgen.content.frontmatter import parse_article
from atlasgen.content.model import Link
from atlasgen.content.references import find_links
from atlasgen.core.errors import BuildError, Diagnostic
from atlasgen.core.lines import count_breaks, editor_lines, line_at

LONDON = ZoneInfo("Europe/London")
PASTED = pytest.mark.parametrize(
    "char", ["\u2028", "\u2029", "\x85"], ids=["line-separator", "paragraph-separator", "nel"]
)
NOT_A_TIMESTAMP = (
    "content/a.md:5: published: 'April 9th' is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)"
)


def _messages(text: str) -> list[str]:
    _, problems = parse_article(text, "content/a.md", LONDON)
    return [problem.format() for problem in problems]


def test_the_issues_front_matter_reports_line_5() -> None:
    text = (
        "---\n"
        "title: Minister resigns\u2028over the budget\n"
        "dek: Pasted from the statement\u2028of 8 April\u2028in full\n"
        "category: Politics\n"
        "published: April 9th\n"
        "---\n"
        "Body\n"
    )
    assert _messages(text) == [NOT_A_TIMESTAMP]


@PASTED
def test_a_pasted_break_in_a_front_matter_value_moves_no_line(char: str) -> None:
    text = f"---\ntitle: A{char}B\ndek: 'C{char}D'\ncategory: \"E{char}F\"\n"
    text += "published: April 9th\n---\n"
    assert _messages(text) == [NOT_A_TIMESTAMP]


@PASTED
def test_a_pasted_break_in_a_front_matter_key_moves_no_line(char: str) -> None:
    text = f"---\ntitle: A\nsub{char}title: B\ncategory: C\npublished: April 9th\n---\n"
    assert _messages(text) == [
        f"content/a.md:3: warning: sub{char}title: unknown key (did you mean 'title'?)",
        NOT_A_TIMESTAMP,
    ]


@PASTED
def test_invalid_yaml_after_a_pasted_break_is_reported_at_its_line(char: str) -> None:
    text = f"---\ntitle: A{char}B\n'x{char}y': 1\ncategory: C\npublished: [2026\n---\n"
    (message,) = _messages(text)
    assert message.startswith("content/a.md:5: invalid YAML: ")


@PASTED
def test_pasted_breaks_are_kept_as_typed(char: str) -> None:
    text = f"---\ntitle: A{char}B\ndek: 'C{char}D'\ncategory: E\npublished: 2026-04-09\n---\nX\n"
    article, problems = parse_article(text, "content/a.md", LONDON)
    assert problems == [] and article is not None
    assert (article.title, article.dek, article.body_line) == (f"A{char}B", f"C{char}D", 7)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_every_line_end_an_editor_knows_counts(end: str) -> None:
    lines = ["---", "title: A", "category: B", "dek: C", "published: April 9th", "---", "X"]
    # a fence line must end in \n; the lines between may end in \r
    cr = "---\n" + "\r".join(lines[1:5]) + "\r\n---\nX"
    text = cr if end == "\r" else end.join(lines)
    assert _messages(text) == [NOT_A_TIMESTAMP]
    split = split_front_matter(text)
    assert split is not None and split.body_line == 7


def test_line_counting_agrees_with_an_editor() -> None:
    text = "a\r\nb\rc\nd\u2028e\x85f\u2029g"
    assert editor_lines(text) == ["a", "b", "c", "d\u2028e\x85f\u2029g"]
    assert [line_at(text, i) for i in range(len(text) + 1)] == [1, 1, 1, 2, 2, 3, 3] + [4] * 8
    assert count_breaks(text) == 3 and count_breaks(text, 2, 5) == 2


def _site_toml_problems(text: str) -> list[str]:
    with pytest.raises(BuildError) as caught:
        parse_config(text)
    return [d.format() for d in caught.value.diagnostics]


@PASTED
def test_site_toml_reports_line_5_after_a_pasted_break_in_a_value(char: str) -> None:
    text = f'title = "Test{char}Times"\nbase_url = "https://news.example.org"\n'
    text += f'tagline = "News{char}as it happens"\ntimezone = "Europe/London"\nlanguage = 5\n'
    assert _site_toml_problems(text) == ["site.toml:5: language: expected a string, got int 5"]


@PASTED
def test_site_toml_reports_line_5_after_a_pasted_break_in_a_key(char: str) -> None:
    text = f'title = "Test Times"\n"tag{char}line" = "x"\nbase_url = "https://news.example.org"\n'
    text += 'timezone = "Europe/London"\nlanguage = 5\n'
    assert _site_toml_problems(text) == [
        f"site.toml:2: tag{char}line: unknown key (did you mean 'tagline'?)",
        "site.toml:5: language: expected a string, got int 5",
    ]


@PASTED
def test_site_toml_reports_invalid_toml_at_line_5_after_a_pasted_break(char: str) -> None:
    text = f'title = "A{char}B"\n"c{char}d" = 1\nbase_url = "https://news.example.org"\n'
    text += 'timezone = "UTC"\nlanguage = \n'
    (message,) = _site_toml_problems(text)
    assert message.startswith("site.toml:5: invalid TOML: ")


DATA_FILES = {
    "yaml": "name: A{c}B\n'ke{c}y': 1\nlist:\n  - C{c}D\nbad: e: f\n",
    "yml": 'name: A{c}B\nke{c}y: 1\nlist:\n  - "C{c}D"\nbad: e: f\n',
    "toml": 'name = "A{c}B"\n"ke{c}y" = 1\nlist = [\n  "C{c}D"]\nbad = \n',
    "json": '{{\n"name": "A{c}B",\n"ke{c}y": 1,\n"list": ["C{c}D"],\n"bad": }}\n',
}


@PASTED
@pytest.mark.parametrize("suffix", DATA_FILES)
def test_a_data_file_reports_line_5_after_pasted_breaks(
    char: str, suffix: str, tmp_path: Path
) -> None:
    path = tmp_path / f"facts.{suffix}"
    path.write_text(DATA_FILES[suffix].format(c=char), encoding="utf-8")
    found: list[Diagnostic] = []
    load_data(path, f"content/_data/facts.{suffix}", {}, found)
    assert [d.line for d in found] == [5], [d.format() for d in found]


@PASTED
@pytest.mark.parametrize("suffix", DATA_FILES)
def test_a_data_files_pasted_breaks_are_kept(char: str, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"facts.{suffix}"
    text = DATA_FILES[suffix].format(c=char)
    path.write_text(
        text[: text.index("bad") if suffix != "json" else text.index(',\n"bad')]
        + ("}" if suffix == "json" else ""),
        encoding="utf-8",
    )
    found: list[Diagnostic] = []
    data: dict[str, object] = {}
    load_data(path, f"content/_data/facts.{suffix}", data, found)
    assert found == []
    assert data["facts"] == {"name": f"A{char}B", f"ke{char}y": 1, "list": [f"C{char}D"]}


def test_a_utf8_error_is_reported_at_the_editors_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": "---\rtitle: x\u2028y\r\n".encode() + b"\xff\n"})
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("content/a.md:3: is not UTF-8 text")


@PASTED
def test_a_page_shows_pasted_breaks_as_typed(char: str, tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": (
                f"---\ntitle: Minister{char}resigns\ndek: 'Over{char}the budget'\n"
                f"category: World\npublished: 2026-11-20T10:00:00+00:00\n---\nBody{char}text\n"
            )
        },
        SITE_TOML,
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    page = next((tmp_path / "public").rglob("a/index.html")).read_text(encoding="utf-8")
    assert f"Minister{char}resigns" in page and f"Over{char}the budget" in page
    assert f"Body{char}text" in page


def test_links_in_a_body_are_found_at_the_editors_line() -> None:
    text = "A\u2028B [a](/a.pdf)\r[b](/b.pdf)\r\n\x85[c](/c.pdf) \u2029[d](/d.pdf)\n"
    assert find_links(text, 7) == (
        Link("/a.pdf", 7),
        Link("/b.pdf", 8),
        Link("/c.pdf", 9),
        Link("/d.pdf", 9),
    )
