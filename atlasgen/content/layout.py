"""Where a site's content lives: the content/ folder, and data files in its _data/."""

from __future__ import annotations

CONTENT = "content"
DATA = "_data"
DATA_SUFFIXES = (".toml", ".json", ".yaml", ".yml")
