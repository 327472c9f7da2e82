"""A new site's site.toml: every key atlasgen knows, with what it does and its default.

Generated from the settings dataclasses (config/model.py) and their `#:` comments, so a key
added there appears here with no second list to keep. Keys the newsroom chose (title,
base URL...) are set; every other key is a comment showing its default, ready to be
uncommented.
"""

from __future__ import annotations

import textwrap
import typing
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, Field, fields, is_dataclass
from typing import Any

import tomli_w

from ..config import SiteConfig
from ..core.fieldnotes import field_notes

WIDTH = 88

HEADER = """\
# site.toml: the settings of {title}.
#
# Every key atlasgen knows is listed with what it does. A key on a line of its own
# starting with "# " keeps the default shown: remove the "# " to change it. A key that
# atlasgen does not know, or a value of the wrong type, stops the build with the key's
# name and line.
"""


def site_toml(chosen: Mapping[str, Any]) -> str:
    """The file's text; `chosen` maps top-level keys (title, base_url...) to values."""
    lines = HEADER.format(title=chosen.get("title", "the site")).splitlines()
    lines += _table(SiteConfig, "", chosen)
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(cls: type, dotted: str, chosen: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    notes = field_notes(cls)
    nested: list[Field[Any]] = []
    hints = typing.get_type_hints(cls)
    for spec in fields(cls):
        if is_dataclass(hints[spec.name]):
            nested.append(spec)
            continue
        lines.append("")
        lines += _comment(notes.get(spec.name, ""))
        assignment = f"{spec.name} = {toml_value(_default(spec, chosen))}"
        lines.append(assignment if spec.name in chosen else f"# {assignment}")
    for spec in nested:
        table = hints[spec.name]
        lines += ["", ""]
        lines += _comment(" ".join((table.__doc__ or "").split()) if _own_doc(table) else "")
        lines.append(f"[{dotted}{spec.name}]")
        lines += _table(table, f"{dotted}{spec.name}.", {})
    return lines


def _own_doc(cls: type) -> bool:
    """Whether a dataclass has a docstring of its own (not the generated signature)."""
    return bool(cls.__doc__) and not (cls.__doc__ or "").startswith(cls.__name__ + "(")


def _default(spec: Field[Any], chosen: Mapping[str, Any]) -> Any:
    if spec.name in chosen:
        return chosen[spec.name]
    if spec.default is not MISSING:
        return spec.default
    if spec.default_factory is not MISSING:
        return spec.default_factory()
    return ""  # a required key the caller did not choose: shown empty


def _comment(text: str) -> list[str]:
    if not text:
        return []
    return ["# " + line for line in textwrap.wrap(text, WIDTH - 2)]


def toml_value(value: Any) -> str:
    """One value as TOML on one line: scalars as tomli_w writes them, a tuple as an
    array, a dataclass as an inline table."""
    if is_dataclass(value) and not isinstance(value, type):
        items = ", ".join(f"{f.name} = {toml_value(getattr(value, f.name))}" for f in fields(value))
        return "{ " + items + " }"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def every_key(cls: type = SiteConfig, dotted: str = "") -> Iterator[str]:
    """Every dotted key of site.toml, for tests and checks."""
    hints = typing.get_type_hints(cls)
    for spec in fields(cls):
        if is_dataclass(hints[spec.name]):
            yield from every_key(hints[spec.name], f"{dotted}{spec.name}.")
        else:
            yield dotted + spec.name
