"""The persistent build cache: what makes a rebuild skip work it has done before.

One SQLite file (`.atlasgen/cache/cache.sqlite` in the site by default, `build.cache` to
move it; safe to delete, and worth keeping between CI runs), one table per kind of entry,
each keyed by a hash of everything the value depends on, so a stale entry can never be
used:

- `articles`: parsed front matter, by the article file's bytes and the settings that
  parsing reads, kept in 256 pickles (by the key's first two digits) that a rebuild reads
  in one query;
- `markdown`: rendered Markdown, by the body's text and the Markdown settings;
- `pages`: for every output page, a fingerprint of what it showed last time (stamps.py).
  A page whose fingerprint is unchanged is not rendered again: the previous output file
  is kept;
- `results`: whole-site results that are costly to compute (the related-articles lists),
  each with the hash of everything it was computed from.

Everything is salted with atlasgen's version and a schema number (core/hashing.py), so
upgrading atlasgen starts from a clean cache. Every entry that could run code or reach a
page (the pickles, rendered bodies, compiled templates) is signed with a key kept outside
the cache folder and read only when its signature holds (signing.py).
"""

from .articles import SHARDS
from .build_cache import BuildCache
from .pages import BUILD_KEY

__all__ = ["BUILD_KEY", "SHARDS", "BuildCache"]
