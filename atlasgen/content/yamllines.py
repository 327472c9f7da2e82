"""YAML with lines: the front matter's mapping together with the file line of each key and
of each item of a list value, and data files' YAML. The only importer of PyYAML.

YAML marks count from the start of the front-matter block; the block's offset is added so
that the writer sees the line of the file itself.

U+0085, U+2028 and U+2029 are read as ordinary characters, as YAML 1.2 reads them, not as
the line breaks of PyYAML's YAML 1.1: as breaks, they would move every later line away
from the one the writer's editor shows, fold a pasted NEXT LINE into a space and make a
key holding one invalid. They are swapped for private-use stand-ins the text does not
hold before the YAML is read, and swapped back in every text it yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

import yaml

from ..core.errors import Diagnostic, error
from ..core.lines import NOT_EDITOR_BREAKS
from .fences import Split, split_front_matter
from .problems import Problem

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date ("2026-02-30") stays text: PyYAML
    would raise a bare ValueError with no line; as text, the key's checker reports it.
    With `back`, the text it makes has its stand-ins swapped back."""

    back: dict[int, int] | None = None

    def construct_scalar(self, node: yaml.Node) -> Any:
        value = super().construct_scalar(node)
        return value.translate(self.back) if self.back and isinstance(value, str) else value


def _timestamp_or_text(loader: Loader, node: yaml.ScalarNode) -> Any:
    if not isinstance(node.value, str) or loader.timestamp_regexp.match(node.value) is None:
        return loader.construct_scalar(node)  # "!!timestamp x": no date at all
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

#: Where stand-ins are taken from: private-use characters, which YAML reads as text.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


@dataclass(frozen=True)
class StandIns:
    """Private-use characters standing in for U+0085, U+2028 and U+2029 while PyYAML
    reads a text: `there` swaps them in, `back` out."""

    there: dict[int, int]
    back: dict[int, int]

    def restored(self, text: str) -> str:
        return text.translate(self.back)


def stand_ins(text: str) -> StandIns | None:
    """Stand-ins for the text's YAML-only line breaks, if it holds any: characters the
    text holds neither as themselves nor as an escape (their hex digits)."""
    if not any(char in text for char in NOT_EDITOR_BREAKS):
        return None
    lowered = text.lower()
    free: Iterator[int] = (
        code
        for code in chain(*_PRIVATE_USE)
        if chr(code) not in text and f"{code:x}" not in lowered
    )
    there = {ord(char): next(free, -1) for char in NOT_EDITOR_BREAKS}
    if -1 in there.values():  # no free character: read as YAML 1.1 does
        return None
    return StandIns(there, {stand_in: char for char, stand_in in there.items()})


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
    swap = stand_ins(front)
    if swap is not None:
        front = front.translate(swap.there)
    try:
        try:
            node, data = _document(front, quick=True, swap=swap)
        except Exception:  # an error or a shared node: the library's own way, as before
            node, data = _document(front, quick=False, swap=swap)
    except yaml.MarkedYAMLError as exc:
        raise _marked_problem(exc, offset, swap) from None
    except yaml.YAMLError as exc:
        raise Problem(_restored(f"invalid YAML: {exc}", swap), line=1 + offset) from None
    if node is None:
        return FrontYaml({}, {}, {})
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise Problem(
            "the front matter must be a mapping of keys to values",
            "e.g. title: My headline",
            line=node.start_mark.line + 1 + offset,
        )
    lines, item_lines = _key_lines(node, offset, swap)
    return FrontYaml({str(k): v for k, v in data.items()}, lines, item_lines)


def _restored(text: str, swap: StandIns | None) -> str:
    return text if swap is None else swap.restored(text)


def _marked_problem(exc: yaml.MarkedYAMLError, offset: int, swap: StandIns | None) -> Problem:
    """Where a construct was opened (a quote, a bracket) is where the writer must look."""
    mark = exc.context_mark or exc.problem_mark
    line = mark.line + 1 + offset if mark else 1
    problem = _restored(exc.problem or str(exc), swap)
    if exc.context and exc.problem_mark and exc.context_mark:
        context = _restored(exc.context, swap)
        problem += f" ({context}; reached line {exc.problem_mark.line + 1 + offset})"
    return Problem(f"invalid YAML: {problem}", _yaml_hint(problem), line=line)


def _key_lines(
    node: yaml.MappingNode, offset: int, swap: StandIns | None
) -> tuple[dict[str, int], dict[str, tuple[int, ...]]]:
    """The file line of each key, and of each item of the list values; a key given twice
    is an error."""
    lines: dict[str, int] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    for key_node, value_node in node.value:
        key = _restored(str(key_node.value), swap)
        line = key_node.start_mark.line + 1 + offset
        if key in lines:
            raise Problem(f"{key}: given twice (first on line {lines[key]})", line=line)
        lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = tuple(n.start_mark.line + 1 + offset for n in value_node.value)
    return lines, item_lines


def _document(
    front: str, quick: bool, swap: StandIns | None = None
) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree and its value, made by `_plain_value` if `quick`."""
    loader = Loader(front)
    loader.back = None if swap is None else swap.back
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
        return _scalar_text(loader, node)
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_plain_value(loader, item, seen) for item in node.value]
    if (
        kind is yaml.MappingNode
        and tag == _MAP
        and all(type(key) is yaml.ScalarNode and key.tag == _STR for key, _ in node.value)
    ):
        return {
            _scalar_text(loader, key): _plain_value(loader, value, seen)
            for key, value in node.value
        }
    return loader.construct_object(node, deep=True)


def _scalar_text(loader: Loader, node: yaml.Node) -> str:
    value: str = node.value
    return value.translate(loader.back) if loader.back else value


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value with ': ' in it needs quotes"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return ""


def parse_yaml_data(text: str) -> Any:
    """A YAML data file (content/_data/*.yaml); raises `Problem` with the line."""
    swap = stand_ins(text)
    loader = Loader(text if swap is None else text.translate(swap.there))
    loader.back = None if swap is None else swap.back
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = _restored(str(exc.problem), swap)
        raise Problem(f"invalid YAML: {problem}", line=mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise Problem(_restored(f"invalid YAML: {exc}", swap)) from None
    finally:
        loader.dispose()


def read_front(text: str, source: str, hint: str) -> tuple[Split, FrontYaml] | Diagnostic:
    """A file's fences split and its YAML read with lines, or the one error that stops
    both: no front matter (`hint` says what the file starts with), or YAML that does
    not read."""
    text = text.removeprefix("\ufeff")
    try:
        split = split_front_matter(text)
    except Problem as exc:
        return error(source, exc.line or 1, "", str(exc))
    if split is None:
        return error(source, 1, "", "no front matter", hint)
    try:
        return split, load_front_yaml(split.front, split.front_offset)
    except Problem as exc:
        return error(source, exc.line or 1, "", str(exc), exc.hint)
