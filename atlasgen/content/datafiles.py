"""Data files: content/_data/<stem>.toml, .json, .yaml or .yml becomes `data.<stem>` in
templates; a file that does not parse is an error at its line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from ..config import describe_toml_error
from ..core.errors import Diagnostic, error
from ..core.lines import line_at
from .problems import Problem
from .reading import read_text
from .yamllines import parse_yaml_data


def load_data(path: Path, source: str, data: dict[str, Any], found: list[Diagnostic]) -> None:
    """Add the file's value to `data` under its stem; problems are added to `found`."""
    text = read_text(path, source, found)
    if text is None:
        return
    stem = path.stem
    if stem in data:
        found.append(error(source, 0, "", f"another data file is also named {stem!r}"))
        return
    try:
        if path.suffix == ".toml":
            data[stem] = tomllib.loads(text)
        elif path.suffix == ".json":
            data[stem] = json.loads(text)
        else:
            data[stem] = parse_yaml_data(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(exc)
        found.append(error(source, line, "", f"invalid TOML: {message}"))
    except json.JSONDecodeError as exc:
        found.append(error(source, line_at(exc.doc, exc.pos), "", f"invalid JSON: {exc.msg}"))
    except Problem as exc:
        found.append(error(source, exc.line or 0, "", str(exc), exc.hint))
