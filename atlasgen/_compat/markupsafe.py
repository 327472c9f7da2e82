"""MarkupSafe: a template's output escaped without a `Markup` around each value.

MarkupSafe 3's `escape` turns a plain string into `Markup(_escape_inner(s))`. The text
is `_escape_inner`'s, and output parts are only ever joined, so the text will do
(tests/test_compat.py pins `escape` and compares `escape_output` with it).
"""

from __future__ import annotations

from markupsafe import Markup, escape

try:  # the C speedups
    from markupsafe._speedups import _escape_inner as escape_str
except ImportError:  # pragma: no cover - built without them, or another MarkupSafe
    try:
        from markupsafe._native import _escape_inner as escape_str
    except ImportError:
        escape_str = escape


def escape_output(value: object) -> str:
    """What a template's `{{ value }}` writes: the same text as `escape`, which Jinja
    calls there. A page has some 160 of them, mostly plain strings or HTML already;
    `escape` wraps each result in a new Markup, which costs more than the escaping."""
    kind = type(value)
    if kind is str:
        return escape_str(value)  # type: ignore[arg-type]
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is int:  # a heading level, a count, a width: digits need no escaping
        return str(value)
    return escape(value)
