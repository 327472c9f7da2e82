"""Stable hashes: the keys of the build cache, page fingerprints, asset names.

Every hash is salted with atlasgen's version and the cache's schema number, so a key
computed by another version of atlasgen never matches, and upgrading starts from a clean
cache.
"""

from __future__ import annotations

import hashlib

from .. import __version__

SCHEMA = 9  #: 9: related-list inputs kept as lines of text (an 8 cache kept a pickle too)
SALT = f"atlasgen {__version__} cache {SCHEMA}"

_SALTED = hashlib.blake2b(SALT.encode(), digest_size=20)


def digest(*parts: str | bytes) -> str:
    """A stable hash of some strings and bytes (salted with the cache's version); each
    part is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    h = _SALTED.copy()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()
