"""Stable hashes: the keys of the build cache, page fingerprints, published file names.

Two kinds, for two lifetimes:

- `digest`, for what only the build cache keeps (its keys, page fingerprints): salted
  with atlasgen's version and the cache's schema number, so a key computed by another
  version of atlasgen never matches, and upgrading starts from a clean cache;
- `content_hash`, for names the output publishes (`atlas.3f2a9c1b7d.css`, a picture's
  variants): of the bytes and the processing settings the caller passes, and nothing
  else, so an upgrade of atlasgen renames nothing and a CDN keeps what it holds.
"""

from __future__ import annotations

import hashlib

from .. import __version__

SCHEMA = 10  #: 10: entries signed with a key kept outside the cache (cache/signing.py)
SALT = f"atlasgen {__version__} cache {SCHEMA}"

_SALTED = hashlib.blake2b(SALT.encode(), digest_size=20)
_PUBLISHED = hashlib.blake2b(b"atlasgen published name", digest_size=20)  #: never changes


def digest(*parts: str | bytes) -> str:
    """A stable hash of some strings and bytes (salted with the cache's version); each
    part is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    return _hashed(_SALTED.copy(), parts)


def content_hash(*parts: str | bytes) -> str:
    """A hash of some strings and bytes for a published name: the same on every version
    of atlasgen (length-prefixed like `digest`)."""
    return _hashed(_PUBLISHED.copy(), parts)


def _hashed(h: hashlib.blake2b, parts: tuple[str | bytes, ...]) -> str:
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()
