"""Imports run downward, and each outside library has one home (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import atlasgen

PACKAGE = Path(atlasgen.__file__).parent

LAYERS = [
    {"collector"},
    {"errors", "slugs", "timefmt", "cache", "forking", "survey"},
    {"config", "model", "filestat"},
    {"frontmatter", "markup", "urls", "feeds", "seo", "pagefind_bundle"},
    {"loader", "indexes", "related", "profiles", "images", "assets"},
    {"views", "templates", "tickers", "stamps"},
    {"pages", "output", "newarticle", "search"},
    {"publish", "render"},
    {"plan"},
    {"build", "preview"},
    {"serve"},
    {"cli"},
]

ONLY_IMPORTERS = {
    "yaml": {"frontmatter"},
    "frontmatter": {"frontmatter"},
    "markdown_it": {"markup"},
    "mdit_py_plugins": {"markup"},
    "feedgen": {"feeds"},
    "jinja2": {"templates", "pages", "render", "plan"},
    "watchfiles": {"serve"},
    "pagefind": {"search"},
}


def _layer(module: str) -> int:
    for number, names in enumerate(LAYERS):
        if module in names:
            return number
    raise AssertionError(f"atlasgen/{module}.py is in no layer of test_architecture.LAYERS")


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(atlasgen modules, outside top-level packages) that a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own, outside = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                if node.module:
                    own.add(node.module.split(".")[0])
                else:  # "from . import x": only submodules count
                    own.update(a.name for a in node.names if (PACKAGE / f"{a.name}.py").exists())
            elif node.module:
                outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            outside.update(alias.name.split(".")[0] for alias in node.names)
    return own, outside


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_imports_only_from_lower_layers() -> None:
    wrong = []
    for path in _modules():
        own, _ = _imports(path)
        for target in own - {"__init__"}:
            if target in {"atlasgen"} or target == path.stem:
                continue
            if _layer(target) >= _layer(path.stem):
                wrong.append(f"{path.stem} imports {target}")
    assert wrong == []


def test_each_outside_library_has_one_home() -> None:
    wrong = []
    for path in _modules():
        _, outside = _imports(path)
        for library, homes in ONLY_IMPORTERS.items():
            if library in outside and path.stem not in homes:
                wrong.append(f"{path.stem} imports {library}")
    assert wrong == []
