"""Compiled templates kept between builds, signed: Jinja's own file cache loads Python
code objects (and a pickle) from the cache folder as they are, so a planted file there
would run. Each file here carries the keyed hash of core/cache/signing.py and is loaded
only when the hash is right; otherwise the template is compiled again."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from ..core.cache.signing import Signer

TABLE = "templates"


class SignedBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache in a folder, one signed file per template."""

    def __init__(self, folder: Path, signer: Signer) -> None:
        self.folder, self.signer = folder, signer

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            signed = self._path(bucket).read_bytes()
        except OSError:
            return
        data = self.signer.open(TABLE, bucket.key, signed)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        signed = self.signer.sign(TABLE, bucket.key, bucket.bytecode_to_string())
        try:
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            with os.fdopen(handle, "wb") as file:
                file.write(signed)
            os.replace(temp, self._path(bucket))
        except OSError:  # a read-only or full cache only costs compiling next time
            return
