"""site.toml -> frozen `SiteConfig`.

The dataclasses below are the single place where keys, types and defaults live: the
reader walks them generically, so adding a key means adding one field. Every problem
in the file is collected (unknown key with a "did you mean", wrong type, bad value),
each naming the dotted key and, where it can be found, its line.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, error, fail, raise_if_errors, suggest
from ..core.tomlkeys import KeyLocator
from .checks import UNSAFE_HTML, check_permalink, check_values, config_warnings
from .model import (
    CONFIG_NAME,
    DEFAULT_CLOCKS,
    INCLUDE_MODES,
    PERMALINK_TOKENS,
    BuildSettings,
    Clock,
    EditionTexts,
    FeedSettings,
    MarkdownSettings,
    NewsletterSettings,
    RelatedSettings,
    SearchSettings,
    SiteConfig,
    TickerSettings,
)

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_CLOCKS",
    "INCLUDE_MODES",
    "PERMALINK_TOKENS",
    "UNSAFE_HTML",
    "BuildSettings",
    "Clock",
    "EditionTexts",
    "FeedSettings",
    "MarkdownSettings",
    "NewsletterSettings",
    "RelatedSettings",
    "SearchSettings",
    "SiteConfig",
    "TickerSettings",
    "check_permalink",
    "config_warnings",
    "describe_toml_error",
    "load_config",
    "parse_config",
]


def load_config(site_dir: Path, base_url: str | None = None) -> SiteConfig:
    """Read and validate `site_dir/site.toml`; raise `BuildError` with every problem."""
    path = site_dir / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(error(CONFIG_NAME, 0, "", f"no {CONFIG_NAME} in {site_dir}"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(error(CONFIG_NAME, 0, "", f"cannot read the file: {exc}"))
    return parse_config(text, base_url=base_url)


def parse_config(text: str, base_url: str | None = None) -> SiteConfig:
    """Parse site.toml text; `base_url` (from --base-url) overrides the file's."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(exc)
        fail(error(CONFIG_NAME, line, "", f"invalid TOML: {message}"))
    if base_url is not None:
        data["base_url"] = base_url
    problems: list[Diagnostic] = []
    locate = KeyLocator(text)
    values = _convert(SiteConfig, data, "", problems, locate)
    if _missing_required(SiteConfig, values):
        raise_if_errors(problems)  # no title or base_url to check the rest against
    if values.get("languages") and "language" not in values:  # the first is the default
        values["language"] = values["languages"][0]
    config = SiteConfig(**values)  # a bad value's default stands in, so checks go on
    raise_if_errors(problems + check_values(config, locate))
    return config


def describe_toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """tomllib puts the position in its message; split it into (line, message)."""
    match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    line = int(match.group(1)) if match else 0
    return line, re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))


# -- generic conversion ------------------------------------------------------------

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}
_BAD: Any = object()  # a value already reported as wrong; its default stands in for it


def _convert(
    cls: type, data: Any, prefix: str, problems: list[Diagnostic], locate: KeyLocator
) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    for key in data:
        if key not in known:
            dotted = prefix + key
            problems.append(
                error(CONFIG_NAME, locate(dotted), dotted, "unknown key", suggest(key, known))
            )
    values: dict[str, Any] = {}
    for name, spec in known.items():
        dotted = prefix + name
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                problems.append(error(CONFIG_NAME, locate(dotted), dotted, "is required"))
            continue
        value = _convert_value(hints[name], data[name], dotted, problems, locate)
        if value is not _BAD:
            values[name] = value
    return values


def _convert_value(
    kind: Any, value: Any, dotted: str, problems: list[Diagnostic], locate: KeyLocator
) -> Any:
    if is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            problems.append(error(CONFIG_NAME, locate(dotted), dotted, "expected a table"))
            return _BAD
        values = _convert(kind, value, dotted + ".", problems, locate)
        return _BAD if _missing_required(kind, values) else kind(**values)
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        if not isinstance(value, list):
            problems.append(error(CONFIG_NAME, locate(dotted), dotted, "expected a list"))
            return _BAD
        items = [
            _convert_value(item_kind, item, f"{dotted}[{i}]", problems, locate)
            for i, item in enumerate(value)
        ]
        # One bad item drops the list, so later messages never name a shifted [i].
        return _BAD if any(i is _BAD for i in items) else tuple(items)
    if origin is types.UnionType:  # `bool | str`: any of them
        kinds = typing.get_args(kind)
        kind = next((k for k in kinds if isinstance(value, k)), kinds[0])
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if not ok:
        got = type(value).__name__
        problems.append(
            error(
                CONFIG_NAME,
                locate(dotted),
                dotted,
                f"expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {got} {value!r}",
            )
        )
        return _BAD
    return value


def _missing_required(cls: type, values: dict[str, Any]) -> bool:
    return any(
        f.name not in values and f.default is MISSING and f.default_factory is MISSING
        for f in fields(cls)
    )
