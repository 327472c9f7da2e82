"""The macros a template defines, with their parameters, read from its source: a theme's
reference shows what a file of macros (partials/card.html) takes without a second copy
of its signatures to keep."""

from __future__ import annotations

from jinja2 import Environment, nodes


def template_macros(source: str) -> list[str]:
    """Each macro's signature as written: `card(card, level=3, class="card")`."""
    tree = Environment().parse(source)
    found = []
    for macro in tree.find_all(nodes.Macro):
        names = [arg.name for arg in macro.args]
        defaults = [_literal(d) for d in macro.defaults]
        shown = names[: len(names) - len(defaults)]
        shown += [f"{n}={d}" for n, d in zip(names[len(shown) :], defaults, strict=True)]
        found.append(f"{macro.name}({', '.join(shown)})")
    return found


def _literal(node: nodes.Expr) -> str:
    try:
        value = node.as_const()
    except nodes.Impossible:
        return "…"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return repr(value)
