"""Keyed hashes over what the build cache keeps, so that a cache file from elsewhere can
neither run code nor put words on a page.

Parsed articles and whole-site results are pickles, and compiled templates are Python
code: reading either runs whatever the file says. The cache folder is meant to travel (CI
restores it between runs) and is easy to plant (a shared folder, a poisoned CI cache), so
every entry is stored behind a keyed hash (HMAC-SHA-256) of its table, its name and its bytes, and
is read only when the hash is right. Rendered bodies (HTML) are signed the same way.

The key never lives in the cache folder, so restoring a cache never restores its key:

- `ATLASGEN_CACHE_KEY`, when set (in CI: a secret of the repository): its text, hashed;
- else a random key kept in the user's state folder (`$XDG_STATE_HOME/atlasgen/cache-key`,
  by default `~/.local/state/atlasgen/cache-key`, made on first use, readable by its owner
  only). A CI runner that keeps no home folder gets a new key each run, so a restored
  cache is not used: set the secret to keep it.

A cache written with another key is ignored as a whole (`key_id` tells them apart); an
entry whose hash is wrong in a cache of this key was changed after it was written: it is
ignored, and the build warns once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_VARIABLE = "ATLASGEN_CACHE_KEY"
KEY_FILE = "cache-key"
MAC_SIZE = 32


def state_folder() -> Path:
    """The user's state folder for atlasgen (XDG Base Directory layout)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "atlasgen"


def load_key() -> bytes:
    """The cache key: from `ATLASGEN_CACHE_KEY`, else the user's key file (made on first
    use). Where neither can be had, a key for this process alone: nothing cached by an
    earlier run is then trusted, which costs time, never safety."""
    secret = os.environ.get(KEY_VARIABLE, "")
    if secret:
        return hashlib.blake2b(secret.encode(), digest_size=32, person=b"atlasgen").digest()
    path = state_folder() / KEY_FILE
    try:
        return _read_key(path)
    except (OSError, ValueError):
        pass
    try:
        return _make_key(path)
    except (OSError, ValueError):
        return secrets.token_bytes(32)


def _read_key(path: Path) -> bytes:
    key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(key) != 32:
        raise ValueError("not a cache key")
    return key


def _make_key(path: Path) -> bytes:
    """Write a new key, unless another process wrote one first: then use that one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(key.hex() + "\n")
    return key


class Signer:
    """Signs and checks the cache's entries with one key; remembers whether a check
    failed, so the build can say so once."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else load_key()
        #: Tells caches of different keys apart without revealing the key.
        self.key_id = self._mac(b"key id", b"").hex()
        self.tampered = False

    def sign(self, table: str, name: str, data: bytes) -> bytes:
        """`data` behind its keyed hash."""
        return self._mac(f"{table}\0{name}".encode(), data) + data

    def open(self, table: str, name: str, signed: bytes) -> bytes | None:
        """The data `sign` was given, or None (and `tampered` set) if the hash is wrong."""
        mac, data = signed[:MAC_SIZE], signed[MAC_SIZE:]
        if len(mac) == MAC_SIZE and hmac.compare_digest(
            mac, self._mac(f"{table}\0{name}".encode(), data)
        ):
            return data
        self.tampered = True
        return None

    def sign_text(self, table: str, name: str, text: str) -> str:
        """`text` behind its keyed hash in hex (for the TEXT columns)."""
        return self._mac(f"{table}\0{name}".encode(), text.encode()).hex() + text

    def open_text(self, table: str, name: str, signed: str) -> str | None:
        mac, text = signed[: 2 * MAC_SIZE], signed[2 * MAC_SIZE :]
        expected = self._mac(f"{table}\0{name}".encode(), text.encode()).hex()
        if hmac.compare_digest(mac.encode(), expected.encode()):
            return text
        self.tampered = True
        return None

    def _mac(self, label: bytes, data: bytes) -> bytes:
        # HMAC-SHA-256: CPUs hash SHA-256 in hardware, twice as fast as BLAKE2b here.
        h = hmac.new(self._key, b"%d:" % len(label) + label, "sha256")
        h.update(data)
        return h.digest()
