"""Fuzzing: whatever a writer commits, atlasgen answers with a page or a `path:line:`
message, never a traceback and never a hang.

CI runs a few thousand examples; for a long run set ATLASGEN_FUZZ_EXAMPLES, e.g.
    ATLASGEN_FUZZ_EXAMPLES=200000 python -m pytest tests/test_fuzz.py
Every input that ever broke atlasgen is kept below as an explicit example.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from conftest import SITE_TOML, build, make_site
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from atlasgen.content.frontkeys import KEYS
from atlasgen.content.frontmatter import parse_article
from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings

EXAMPLES = int(os.environ.get("ATLASGEN_FUZZ_EXAMPLES", "700"))
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


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=front, body=st.text(max_size=300))
@example(data={"title": "x", "published": "2026-02-30", "category": "W"}, body="")
@example(data={"published": datetime(2026, 10, 25, 1, 30)}, body="")
@example(data={"corrections": [{"date": None, "text": None}]}, body="")
def test_any_front_matter_parses_to_an_article_or_messages(data: dict[str, Any], body: str) -> None:
    text = f"---\n{_yaml(data)}---\n{body}"
    lines = text.count("\n") + 1
    article, problems = parse_article(text, "content/x.md", ZONE, "Staff")
    for problem in problems:
        assert DIAGNOSTIC.match(problem.format()), problem.format()
        assert 0 <= problem.line <= lines
    assert article is not None or any(p.severity == "error" for p in problems)


raw_front = st.lists(
    st.sampled_from([*list("abc:-[]{}'\"#&*!|>%@`\t\n "), "title", "published", "2026"]),
    max_size=80,
).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(front_text=raw_front, lead=st.sampled_from(["", "\n", "\ufeff", "  \n"]))
@example(front_text="a: &x [*x]", lead="")
@example(front_text="? [a, b]\n: c", lead="")
@example(front_text="&a:", lead="")  # a null key: "None" once built, "" in the YAML nodes
@example(front_text="<<: {updated: 2026-01-01, title: x}", lead="")  # keys of a merge
def test_any_text_between_the_fences_is_handled(front_text: str, lead: str) -> None:
    text = f"{lead}---\n{front_text}\n---\nBody\n"
    article, problems = parse_article(text, "content/x.md", ZONE)
    assert article is not None or problems
    for problem in problems:
        assert DIAGNOSTIC.match(problem.format()), problem.format()


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.text(max_size=2000), raw=st.booleans())
@example(body="> " * 3000 + "x", raw=False)
@example(body="[a](javascript:alert(1)) <a href='jav&#97;script:x'>y</a>", raw=True)
def test_any_markdown_renders(body: str, raw: bool) -> None:
    html = MarkdownRenderer(MarkdownSettings(html=raw, base_path="/news")).render(body)
    assert isinstance(html, str)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=front, body=st.text(max_size=200))
def test_a_whole_build_ends_in_a_site_or_messages(data: dict[str, Any], body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = make_site(
            Path(folder),
            {"content/x.md": f"---\n{_yaml(data)}---\n{body}"},
            SITE_TOML + '\n[build]\ncache = ""\n',
        )
        result = build(site)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "Internal error" not in result.output
        if result.exit_code == 1:
            assert result.stderr.splitlines()[0].startswith("content/x.md")
