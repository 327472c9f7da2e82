"""Where a site's content lives: the content/ folder, articles by their names, and data
files in its _data/."""

from __future__ import annotations

CONTENT = "content"
DATA = "_data"
DATA_SUFFIXES = (".toml", ".json", ".yaml", ".yml")
#: Every spelling of a Markdown file's name, compared in lower case (`Story.MD` too): a
#: Markdown file is an article, never a file copied as it is, unfinished text and all.
ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".mdwn", ".mkd", ".mkdn", ".mkdown")


def is_article_file(name: str) -> bool:
    """Whether a file of this name (or path) is read as an article."""
    return name.lower().endswith(ARTICLE_SUFFIXES)


def article_stem(name: str) -> str:
    """The name of an article file without its Markdown suffix ("Upper.MD" -> "Upper")."""
    return name[: name.rindex(".")] if is_article_file(name) else name
