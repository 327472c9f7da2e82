"""`atlasgen theme list` and `atlasgen theme copy`: which templates a theme has, what
each renders and is given, and a copy of one in the site's templates/ to change.

A file in the site's templates/ overrides the theme's file of the same name
(theme/templates.py), so copying one template is all a newsroom needs to change it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..config import CONFIG_NAME, load_config
from ..core.errors import UsageError, suggest
from ..site.templatecontexts import BY_NAME, TemplateContext
from ..theme.macros import template_macros
from ..theme.templates import Theme, find_theme


@dataclass(frozen=True)
class ListedTemplate:
    name: str
    renders: str  #: "" for a template atlasgen does not describe (a theme's own extra)
    receives: str  #: the variables, or the macros of a file of macros
    overridden: bool  #: the site's templates/ has its own copy


def site_theme(site_dir: Path) -> Theme:
    """The theme a site uses; the built-in one where there is no site.toml yet."""
    name = load_config(site_dir).theme if (site_dir / CONFIG_NAME).is_file() else "atlas"
    return find_theme(site_dir, name)


def theme_templates(theme: Theme) -> list[str]:
    folder = theme.root / "templates"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def list_templates(theme: Theme) -> list[ListedTemplate]:
    listed = []
    for name in theme_templates(theme):
        context = BY_NAME.get(name)
        source = (theme.root / "templates" / name).read_text(encoding="utf-8")
        listed.append(
            ListedTemplate(
                name,
                context.renders if context else "",
                _receives(context, source),
                (theme.site_templates / name).is_file(),
            )
        )
    return listed


def _receives(context: TemplateContext | None, source: str) -> str:
    if context is None:
        return ""
    if context.macros:
        return "macros: " + ", ".join(template_macros(source))
    return ", ".join(v.name for v in context.variables)


def format_listing(theme: Theme, listed: list[ListedTemplate]) -> str:
    width = max((len(t.name) for t in listed), default=0)
    lines = [f"Templates of the theme {theme.name!r} ({theme.root}):"]
    for item in listed:
        lines.append(f"  {item.name:<{width}}  {item.renders or '(not described)'}")
        if item.receives:
            label = "" if item.receives.startswith("macros: ") else "gets: "
            lines.append(f"  {'':<{width}}  {label}{item.receives}")
        if item.overridden:
            lines.append(f"  {'':<{width}}  overridden by templates/{item.name}")
    lines.append("")
    lines.append("atlasgen theme copy NAME copies one into templates/ to change it.")
    return "\n".join(lines)


def copy_template(site_dir: Path, theme: Theme, name: str) -> Path:
    """Copy the theme's template `name` into the site's templates/; never overwrites.
    Returns the copy's path relative to the site."""
    names = theme_templates(theme)
    name = name.removeprefix("templates/")
    if name not in names:
        hint = suggest(name, names) or "atlasgen theme list names them"
        raise UsageError(f"the theme {theme.name!r} has no template {name!r} ({hint})")
    target = theme.site_templates / name
    shown = target.relative_to(site_dir).as_posix()
    if target.exists():
        raise UsageError(f"{shown} exists already; it was left as it is")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (theme.root / "templates" / name).open("rb") as source, target.open("xb") as copy:
        shutil.copyfileobj(source, copy)
    return Path(shown)
