"""Imports run downward between packages, and each outside library has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import atlasgen

PACKAGE = Path(atlasgen.__file__).parent

#: Packages from the bottom up. A module may import from its own package and from a
#: package of a lower layer, never from its own layer's other packages or from above.
LAYERS = [
    {"core", "_compat"},
    {"config"},
    {"output", "search", "theme"},
    {"content"},
    {"site"},
    {"build"},
    {"serve", "scaffold"},
    {"cli"},
    {"__main__"},
]

#: Each outside library and the modules (dotted, under atlasgen/) allowed to import it.
ONLY_IMPORTERS = {
    "yaml": {"content.yamllines"},
    "frontmatter": {"content.fences"},
    "markdown_it": {"content.markdown", "content.bodymedia", "_compat.markdown_it"},
    "mdit_py_plugins": {"content.markdown"},
    "feedgen": {"site.feeds"},
    "nh3": {"content.rawhtml"},
    "jinja2": {
        "_compat.jinja",
        "theme.templates",
        "theme.macros",
        "theme.compiled",
        "build.pages",
        "build.render",
        "build.plan",
        "build.editions",
    },
    "watchfiles": {"serve.server", "serve.changes"},
    "pagefind": {"search.indexing"},
}


def _room(module: str) -> str:
    """The package a dotted module belongs to ("config" for atlasgen/config/)."""
    return module.split(".")[0]


def _layer(room: str, layers: list[set[str]]) -> int:
    for number, names in enumerate(layers):
        if room in names:
            return number
    raise AssertionError(f"atlasgen/{room} is in no layer of test_architecture.LAYERS")


def _dotted(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path) -> tuple[set[str], set[str]]:
    """(dotted atlasgen modules, outside top-level packages) that a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _dotted(path, root).split(".")
    package = here if path.stem == "__init__" else here[:-1]
    own, outside = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                if node.module:
                    own.add(".".join([*base, node.module]))
                else:  # "from .. import x": x is a module or a name of that package
                    own.update(".".join([*base, a.name]) for a in node.names)
            elif node.module and node.module.split(".")[0] == "atlasgen":
                own.add(node.module.removeprefix("atlasgen").lstrip("."))
            elif node.module:
                outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            outside.update(alias.name.split(".")[0] for alias in node.names)
    return {name for name in own if name}, outside


def upward_imports(root: Path, layers: list[set[str]]) -> list[str]:
    """Every import of a package of the same or a higher layer, as "a.b imports c.d"."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        module = _dotted(path, root)
        if not module:
            continue  # atlasgen/__init__.py
        own, _ = _imports(path, root)
        for target in own:
            if target.split(".")[0] in {"__version__", "__init__"}:
                continue
            if _room(target) == _room(module):
                continue
            if _layer(_room(target), layers) >= _layer(_room(module), layers):
                wrong.append(f"{module} imports {target}")
    return wrong


def test_every_module_imports_only_from_lower_layers() -> None:
    assert upward_imports(PACKAGE, LAYERS) == []


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    for name, text in {
        "core/__init__.py": "",
        "core/errors.py": "",
        "core/slugs.py": "from .errors import Diagnostic\n",
        "site/__init__.py": "",
        "site/views.py": "from ..core.slugs import slugify\n",
        "core/bad.py": "from ..site.views import ViewFactory\n",
        "core/worse.py": "from atlasgen.site import views\n",
        "site/sideways.py": "from ..build.plan import plan\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    layers = [{"core"}, {"site", "build"}]
    assert upward_imports(tmp_path, layers) == [
        "core.bad imports site.views",
        "core.worse imports site",
        "site.sideways imports build.plan",
    ]


def test_every_package_is_in_a_layer() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    rooms |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert rooms == set().union(*LAYERS)


def test_each_outside_library_has_one_home() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _dotted(path, PACKAGE)
        _, outside = _imports(path, PACKAGE)
        for library, homes in ONLY_IMPORTERS.items():
            if library in outside and module not in homes:
                wrong.append(f"{module} imports {library}")
    assert wrong == []


def private_imports(root: Path) -> list[str]:
    """Every import of an outside library's private module or name ("a.b imports
    markupsafe._speedups._escape_inner") by a module outside _compat/."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        module = _dotted(path, root)
        if _room(module) == "_compat":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] not in {"atlasgen", "__future__"} and any(
                    part.startswith("_") and not part.endswith("__") for part in parts
                ):
                    wrong.append(f"{module} imports {name}")
    return wrong


def test_only_compat_imports_a_librarys_private_names() -> None:
    assert private_imports(PACKAGE) == []


def test_a_private_import_outside_compat_is_caught(tmp_path: Path) -> None:
    for name, text in {
        "_compat/markupsafe.py": "from markupsafe._speedups import _escape_inner\n",
        "theme/templates.py": "from markupsafe import _escape_inner, escape, __version__\n"
        "import jinja2._x\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert private_imports(tmp_path) == [
        "theme.templates imports markupsafe._escape_inner",
        "theme.templates imports jinja2._x",
    ]
