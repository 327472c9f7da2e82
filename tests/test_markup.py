"""Markdown rendering shortcuts give exactly what markdown-it gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from atlasgen.markup import _INLINE_SYNTAX, Markup, MarkupSettings

MARKUP = Markup(MarkupSettings())

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
    assert MARKUP.render_inline(text) == MARKUP.inline_md.renderInline(text)


def test_a_plain_sentence_is_escaped_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(MARKUP.inline_md, "parseInline", parse)
    assert MARKUP.render_inline('Growth "beat" forecasts, officials said.') == (
        "Growth &quot;beat&quot; forecasts, officials said."
    )


def test_the_shortcut_stops_at_every_character_markdown_it_stops_at() -> None:
    found = getattr(MARKUP.inline_md.inline, "terminator_re", None)  # markdown-it-py >= 4
    if found is None:
        pytest.skip("this markdown-it-py has no terminator_re")
    stops = [chr(c) for c in range(0x3000) if found.match(chr(c))]
    assert stops
    assert [c for c in stops if not _INLINE_SYNTAX.match(c)] == []
