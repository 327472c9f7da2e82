"""docs/theming.md: every template of the built-in theme with the variables it is given,
and every view with its fields, generated from site/templatecontexts.py and the views'
own field comments. `atlasgen theme reference > docs/theming.md` writes it; a test keeps
the committed file equal to this output, so the reference cannot drift from the code."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from markupsafe import Markup

from ..core.fieldnotes import field_notes
from ..site.templatecontexts import TEMPLATES, TemplateContext
from ..theme.macros import template_macros
from ..theme.templates import BUILTIN_THEMES

INTRO = """\
# Theming

A theme is a folder of Jinja templates (`templates/`) and assets (`static/`). The
built-in theme `atlas` ships inside atlasgen; `theme = "name"` in `site.toml` picks
`themes/<name>/` of the site instead. A site changes one template without forking the
theme: a file in the site's own `templates/` folder overrides the theme's file of the
same name.

```sh
atlasgen theme list                          # every template: what it renders, what it gets
atlasgen theme copy partials/footer.html     # into templates/, to edit (never overwrites)
atlasgen build                               # uses templates/partials/footer.html
```

Templates see only the variables below. A name that is not there (a typo, a field that
does not exist) fails the build with the template's file and line, instead of rendering
nothing. Text is HTML-escaped; fields documented as HTML are pasted as they are.
`{{ asset('atlas.css') }}` links a file of the theme's `static/` under its fingerprinted
name (`/static/atlas.<hash>.css`).

Every word a theme shows comes from `t()`, in the site's language: `{{ t("share.title") }}`,
`{{ t("terms.stories", count=n) }}` (plural forms by CLDR rules),
`{{ t("article.by", authors=t.join(links)) }}` (values that are HTML stay HTML). The strings
are the theme's `i18n/<language>.toml`, English for any it lacks; a site overrides single
strings in its own `i18n/<language>.toml`. `t.number(n)` writes a number as the language
does; `site.direction` is "rtl" for Arabic, Hebrew, Persian and Urdu.

What repeats on thousands of pages is made once per build with `partial()`:
`{{ partial("partials/header.html", site=site, home=...) }}` renders that template with
exactly the values given (it sees nothing else of the page), and
`{{ partial(card, item, level=2) }}` calls a macro imported without context. Each distinct
call is rendered once and then pasted. A template that reads something else of the page
must be included instead (`{% include %}`).

This file is generated from the code (`atlasgen theme reference > docs/theming.md`);
a test checks that it is current.
"""


def theming_reference() -> str:
    lines = INTRO.splitlines()
    lines += ["", "## Templates", ""]
    for template in TEMPLATES:
        lines += _template_section(template)
    lines += ["## Views", ""]
    lines += ["The objects templates are given, field by field. All are read-only.", ""]
    for view in _views_reached():
        lines += _view_section(view)
    return "\n".join(lines).rstrip("\n") + "\n"


def _template_section(template: TemplateContext) -> list[str]:
    lines = [f"### `{template.name}`", "", _sentence(template.renders)]
    if template.within:
        lines += ["", f"Used within {template.within}."]
    if template.macros:
        source = (BUILTIN_THEMES / "atlas" / "templates" / template.name).read_text("utf-8")
        lines += ["", "Macros (import them with `{% from ... import ... %}`):", ""]
        lines += [f"- `{signature}`" for signature in template_macros(source)]
    elif template.variables:
        lines += ["", "| variable | type | what |", "|---|---|---|"]
        lines += [
            f"| `{v.name}` | {type_name(v.kind)} | {_cell(v.note)} |" for v in template.variables
        ]
    return [*lines, ""]


def _view_section(view: type) -> list[str]:
    lines = [f"### {view.__name__}", ""]
    doc = " ".join((view.__doc__ or "").split())
    if doc and not doc.startswith(view.__name__ + "("):
        lines += [doc, ""]
    notes = field_notes(view)
    hints = typing.get_type_hints(view)
    lines += ["| field | type | what |", "|---|---|---|"]
    for spec in fields(view):
        if spec.name.startswith("_"):
            continue
        lines.append(
            f"| `{spec.name}` | {type_name(hints[spec.name])} | {_cell(notes.get(spec.name, ''))} |"
        )
    return [*lines, ""]


def type_name(kind: Any) -> str:
    """A type as the reference shows it: views link to their section."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        return f"tuple of {type_name(args[0])}"
    if origin in (types.UnionType, typing.Union):
        named = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(named) + (" or none" if type(None) in args else "")
    if origin is dict or kind is dict:
        return "mapping"
    if kind is Markup:
        return "HTML"
    if isinstance(kind, type) and is_dataclass(kind):
        return f"[{kind.__name__}](#{kind.__name__.lower()})"
    return {str: "text", int: "integer", bool: "true/false", float: "number"}.get(
        kind, getattr(kind, "__name__", str(kind))
    )


def _views_reached() -> list[type]:
    """Every view class a template can reach, in the order first met."""
    found: dict[type, None] = {}

    def visit(kind: Any) -> Iterator[type]:
        for arg in typing.get_args(kind):
            yield from visit(arg)
        if is_dataclass(kind) and isinstance(kind, type) and kind not in found:
            found[kind] = None
            yield kind
            for hint in typing.get_type_hints(kind).values():
                yield from visit(hint)

    for template in TEMPLATES:
        for variable in template.variables:
            list(visit(variable.kind))
    return list(found)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
