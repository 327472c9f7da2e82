"""YAML with lines: the front matter's mapping together with the file line of each key and
of each item of a list value, and data files' YAML. The only importer of PyYAML.

YAML marks count from the start of the front-matter block; the block's offset is added so
that the writer sees the line of the file itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problem

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date ("2026-02-30") stays text: PyYAML
    would raise a bare ValueError with no line; as text, the key's checker reports it."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass(frozen=True)
class FrontYaml:
    """The front matter's keys and values, with the file line of each key and of each
    item of a list value."""

    data: dict[str, Any]
    lines: dict[str, int]
    item_lines: dict[str, tuple[int, ...]]


def load_front_yaml(front: str, offset: int) -> FrontYaml:
    """The YAML mapping of a front matter whose first line is the file's `offset` + 1;
    raises `Problem` at the file's line."""
    try:
        try:
            node, data = _document(front, quick=True)
        except Exception:  # an error or a shared node: the library's own way, as before
            node, data = _document(front, quick=False)
    except yaml.MarkedYAMLError as exc:
        raise _marked_problem(exc, offset) from None
    except yaml.YAMLError as exc:
        raise Problem(f"invalid YAML: {exc}", line=1 + offset) from None
    if node is None:
        return FrontYaml({}, {}, {})
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise Problem(
            "the front matter must be a mapping of keys to values",
            "e.g. title: My headline",
            line=node.start_mark.line + 1 + offset,
        )
    lines, item_lines = _key_lines(node, offset)
    return FrontYaml({str(k): v for k, v in data.items()}, lines, item_lines)


def _marked_problem(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    """Where a construct was opened (a quote, a bracket) is where the writer must look."""
    mark = exc.context_mark or exc.problem_mark
    line = mark.line + 1 + offset if mark else 1
    problem = exc.problem or str(exc)
    if exc.context and exc.problem_mark and exc.context_mark:
        problem += f" ({exc.context}; reached line {exc.problem_mark.line + 1 + offset})"
    return Problem(f"invalid YAML: {problem}", _yaml_hint(problem), line=line)


def _key_lines(
    node: yaml.MappingNode, offset: int
) -> tuple[dict[str, int], dict[str, tuple[int, ...]]]:
    """The file line of each key, and of each item of the list values; a key given twice
    is an error."""
    lines: dict[str, int] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1 + offset
        if key in lines:
            raise Problem(f"{key}: given twice (first on line {lines[key]})", line=line)
        lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = tuple(n.start_mark.line + 1 + offset for n in value_node.value)
    return lines, item_lines


def _document(front: str, quick: bool) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree and its value, made by `_plain_value` if `quick`."""
    loader = Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return node, _plain_value(loader, node, set()) if quick else loader.construct_document(node)
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))


class _SharedNode(Exception):
    """An anchor used again (`*name`): left to the library, which shares the value."""


def _plain_value(loader: Loader, node: yaml.Node, seen: set[yaml.Node]) -> Any:
    """A node's value as `construct_document` makes it, with text, lists and text-keyed
    mappings (most of any front matter) made directly: the library makes each through
    generators and caches, at twice the cost. Any other node (dates, numbers, tags,
    merges) is made by the library."""
    if node in seen:
        raise _SharedNode
    seen.add(node)
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode and tag == _STR:
        return node.value
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_plain_value(loader, item, seen) for item in node.value]
    if (
        kind is yaml.MappingNode
        and tag == _MAP
        and all(type(key) is yaml.ScalarNode and key.tag == _STR for key, _ in node.value)
    ):
        return {key.value: _plain_value(loader, value, seen) for key, value in node.value}
    return loader.construct_object(node, deep=True)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value with ': ' in it needs quotes"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return ""


def parse_yaml_data(text: str) -> Any:
    """A YAML data file (content/_data/*.yaml); raises `Problem` with the line."""
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise Problem(f"invalid YAML: {exc.problem}", line=mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise Problem(f"invalid YAML: {exc}") from None
