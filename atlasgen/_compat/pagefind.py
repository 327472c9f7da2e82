"""Pagefind's bundle made the same on every run: each filter's values sorted, and the
files whose names follow from that renamed (search/indexing.py hands Pagefind's answer here)."""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib

ENTRY = "pagefind-entry.json"  #: the bundle's table of contents

# -- filter order --------------------------------------------------------------------------
#
# A language's index is named in pagefind-entry.json ("hash": "en_1febc9f1e2"), which names
# its meta file (pagefind.en_1febc9f1e2.pf_meta), which names each filter's file
# ([["author", "en_e914288"], ...], its fourth field). Each file is gzip of "pagefind_dcd"
# and CBOR; a filter file is [filter, [[value, [page, ...]], ...]]. A file's name is the
# language and the start of a SHA-1 of its CBOR, in Pagefind's spelling (bytes as hex
# without leading zeros). Pagefind 1.5 writes a filter's values in a hash map's order,
# seeded afresh in every run (Pagefind/pagefind#638); its search client reads them into a
# map, so the order means nothing and sorting them by value loses nothing.

_SIGNATURE = b"pagefind_dcd"
_CBOR = int | str | bytes | list["_CBOR"]


class _Unfamiliar(Exception):
    """A bundle in a shape this code does not know: it is left as Pagefind made it."""


def sort_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle's files (by path) with every filter's values sorted, and renamed what
    that renames: the filter files, the meta files naming them, the table of contents
    naming those. A bundle in a shape this does not know (another Pagefind) comes back as
    it is: it works, only its order may vary between runs."""
    try:
        out = dict(files)
        entry = files[ENTRY].decode("utf-8")
        for language, info in json.loads(entry)["languages"].items():
            old = str(info["hash"])
            meta = read(out.pop(f"pagefind.{old}.pf_meta"))
            if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
                raise _Unfamiliar(old)
            taken: set[str] = set()
            filters: list[_CBOR] = []
            for pair in sorted(meta[3], key=_pair_key):
                name, hash_ = _pair_key(pair), _pair_value(pair)
                data = _sorted_filter(read(out.pop(f"filter/{hash_}.pf_filter")))
                new = _short_name(language, data, len(language) + 8, taken)
                taken.add(new)
                filters.append([name, new])
                out[f"filter/{new}.pf_filter"] = _pack(_cbor(data))
            meta[3] = filters
            data = _cbor(meta)
            new = f"{language}_{_pagefind_hash(data)[: len(language) + 8]}"
            out[f"pagefind.{new}.pf_meta"] = _pack(data)
            if entry.count(f'"hash":"{old}"') != 1:
                raise _Unfamiliar(ENTRY)
            entry = entry.replace(f'"hash":"{old}"', f'"hash":"{new}"')
        out[ENTRY] = _languages_sorted(entry).encode("utf-8")
    except (_Unfamiliar, OSError, EOFError, zlib.error, ValueError, KeyError, TypeError):
        return files
    return out


def _languages_sorted(entry: str) -> str:
    """The table of contents with its languages in code order: Pagefind writes them in a
    hash map's order too (a site in several languages has one index each), and its client
    reads them into a map. An entry with one language is left as Pagefind wrote it."""
    parsed = json.loads(entry)
    languages = parsed["languages"]
    if len(languages) < 2:
        return entry
    parsed["languages"] = dict(sorted(languages.items()))
    return json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))


def _pair_key(pair: _CBOR) -> str:
    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
        raise _Unfamiliar(pair)
    return pair[0]


def _pair_value(pair: _CBOR) -> str:
    assert isinstance(pair, list)
    if not isinstance(pair[1], str):
        raise _Unfamiliar(pair)
    return pair[1]


def _sorted_filter(data: _CBOR) -> _CBOR:
    """[filter, values] with the values in code-point order (which is UTF-8 byte order,
    the order Rust sorts strings in)."""
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
        raise _Unfamiliar(data)
    return [data[0], sorted(data[1], key=_pair_key)]


def _short_name(language: str, data: _CBOR, length: int, taken: set[str]) -> str:
    """A filter file's name as Pagefind makes it: the first `length` characters of
    "<language>_<hash>", one more while another filter file has that name."""
    name = f"{language}_{_pagefind_hash(_cbor(data))}"
    while name[:length] in taken and length < len(name):
        length += 1
    return name[:length]


def _pagefind_hash(data: bytes) -> str:
    """SHA-1 in hex the way Pagefind writes it: each byte without a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def read(packed: bytes) -> _CBOR:
    """A Pagefind index file's CBOR, checked to encode back to the very same bytes."""
    data = gzip.decompress(packed)
    if not data.startswith(_SIGNATURE):
        raise _Unfamiliar(data[:16])
    data = data[len(_SIGNATURE) :]
    try:
        value, end = _decode(data, 0)
    except (IndexError, UnicodeDecodeError):
        raise _Unfamiliar(data[:16]) from None
    if end != len(data) or _cbor(value) != data:
        raise _Unfamiliar(data[:16])
    return value


def _pack(cbor: bytes) -> bytes:
    """A Pagefind index file of some CBOR."""
    return gzip.compress(_SIGNATURE + cbor, compresslevel=9, mtime=0)


def _decode(data: bytes, at: int) -> tuple[_CBOR, int]:
    """The CBOR item at `at` and where it ends: the kinds Pagefind writes (integers,
    strings, arrays of definite length); anything else is _Unfamiliar."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info < 28:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise _Unfamiliar(info)
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        if len(chunk) != number:
            raise _Unfamiliar(major)
        return (chunk.decode("utf-8") if major == 3 else chunk), at + number
    if major == 4:
        items: list[_CBOR] = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unfamiliar(major)


def _cbor(value: _CBOR) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value: _CBOR, out: bytearray) -> None:
    if isinstance(value, int):
        _head(0 if value >= 0 else 1, value if value >= 0 else -1 - value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    else:
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)


def _head(major: int, number: int, out: bytearray) -> None:
    """CBOR's shortest head, as Pagefind's encoder (minicbor) writes it."""
    if number < 24:
        out.append(major << 5 | number)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            out.append(major << 5 | info)
            out += number.to_bytes(size, "big")
            return
    raise _Unfamiliar(number)
