"""Declared sections (content/_data/sections.toml): the navigation's order, each
section's description, and a word for a story filed under a section nobody declared.

Pure: the sections file (content/editorial.py) and the groupings in, ordered groupings
and diagnostics out. Without the file nothing changes: sections are alphabetical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..content.editorial import SectionsFile
from ..content.model import Article
from ..core.errors import Diagnostic, warning
from ..core.slugs import slugify
from .groupings import Group, Indexes


def declare_sections(indexes: Indexes, declared: SectionsFile | None) -> Indexes:
    """Declared sections first, in the file's order and spelling, then the others
    alphabetically (as they were); a declared section without stories has no page, so
    it is left out. Descriptions go with them, by section slug."""
    if declared is None:
        return indexes
    by_slug = {group.slug: group for group in indexes.sections}
    first: list[Group] = []
    descriptions: dict[str, str] = {}
    for section in declared.sections:
        slug = slugify(section.name)
        group = by_slug.pop(slug, None)
        if group is None:
            continue
        first.append(replace(group, name=section.name))
        if section.description:
            descriptions[slug] = section.description
    rest = tuple(g for g in indexes.sections if g.slug in by_slug)
    return replace(indexes, sections=(*first, *rest), descriptions=descriptions)


def check_categories(
    articles: Iterable[Article], declared: SectionsFile | None
) -> list[Diagnostic]:
    """A warning for each story whose category is not a declared section, naming the
    closest declared one. Each spelling is judged once, not once per story."""
    if declared is None:
        return []
    names = [s.name for s in declared.sections]
    judged: dict[str, tuple[str, str] | None] = {name: None for name in names}
    found = []
    for article in articles:
        category = article.category
        if category not in judged:
            judged[category] = _judge(category, names, declared.source)
        verdict = judged[category]
        if verdict is not None:
            line = article.line_of("category")
            found.append(warning(article.source, line, "category", verdict[0], verdict[1]))
    return found


def _judge(category: str, names: list[str], source: str) -> tuple[str, str]:
    slugs = {slugify(name): name for name in names}
    same = slugs.get(slugify(category))
    if same is not None:
        return f"{category!r} is declared as {same!r} in {source}", f"did you mean {same!r}?"
    closest = closest_section(category, names)
    hint = f"did you mean {closest!r}?" if closest else f"declare it in {source}"
    return f"{category!r} is not a declared section ({source})", hint


def closest_section(name: str, names: list[str]) -> str:
    """The declared section a writer most likely meant: the same words in another case,
    a name it begins ("Tech" -> "Technology"), else the most similar; "" if none is."""
    folded = {n.casefold(): n for n in names}
    key = name.casefold().strip()
    if key in folded:
        return folded[key]
    starts = [n for k, n in folded.items() if key and (k.startswith(key) or key.startswith(k))]
    if len(starts) == 1:
        return starts[0]
    # A typo is a letter or two away ("Wrold", "Sprots"); a similar-looking word is not
    # ("Arts" is no misspelling of "Sports", however alike difflib finds them).
    limit = max(1, len(key) // 4)
    distance, best = min(((_typos(key, k), n) for k, n in folded.items()), default=(limit + 1, ""))
    return best if distance <= limit else ""


def _typos(a: str, b: str) -> int:
    """Edits from `a` to `b`: letters added, dropped, changed or swapped side by side."""
    previous, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if previous is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous[j - 2] + 1)
        previous, row = row, current
    return row[len(b)]
