"""The `#:` comments of a dataclass's fields, read from its source.

Settings (config/model.py) and views (site/views.py) say what each field means in a `#:`
comment on the field's line or on the lines just above it, the convention Sphinx reads.
Reading those comments lets the generated site.toml and the theming reference say the
same as the code, so neither can drift from it.
"""

from __future__ import annotations

import ast
import inspect
import io
import textwrap
import tokenize
from functools import cache


@cache
def field_notes(cls: type) -> dict[str, str]:
    """Field name -> its `#:` comment (lines joined by spaces); fields without one are
    left out. Empty when the source cannot be read (a frozen application)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    comments: dict[int, str] = {}
    code_lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            code_lines.add(token.start[0])
    tree = ast.parse(source)
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    notes: dict[str, str] = {}
    for node in body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        found = [comments.get(line, "") for line in range(node.lineno, node.end_lineno or 0)]
        found.append(comments.get(node.end_lineno or node.lineno, ""))
        above: list[str] = []
        line = node.lineno - 1
        while line in comments and line not in code_lines:
            above.insert(0, comments[line])
            line -= 1
        texts = [c[2:].strip() for c in [*above, *found] if c.startswith("#:")]
        if texts:
            notes[node.target.id] = " ".join(texts)
    return notes
