"""URL slugs for names: "World & Politics" -> "world-politics", "Élections" -> "elections"."""

from __future__ import annotations

import functools
import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

_SYMBOLS = {"+": "plus", "#": "sharp", "@": "at"}
#: Latin letters that no accent folding takes to ASCII (they are letters of their own, not
#: letters with a mark): spelled as their languages' writers spell them in ASCII.
_LETTERS = str.maketrans(
    {
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
        "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ı": "i", "ŋ": "ng", "Ŋ": "ng", "ſ": "s",
    }
)  # fmt: skip
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65_536)  # a site has few distinct names, used many times
def slugify(name: str) -> str:
    """ASCII slug of a display name; accents folded, symbols dropped, words joined by '-'.

    '+' and '#' are spelled out when they end a word ("C++" -> "c-plus-plus", "C#" ->
    "c-sharp") so that common technology tags do not collapse into "c".
    """
    if name.isascii() and "+" not in name and "#" not in name:
        # Most names and headings: folding and spelling-out change nothing (a tenth of
        # the cost; every heading of every story is slugged, each one new text).
        return _NOT_ALNUM.sub("-", name.lower().replace("'", "")).strip("-")
    return _folded(name)


def _folded(name: str) -> str:
    """`slugify` of any name: accents folded, symbols spelled out or dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_LETTERS)
    text = re.sub(r"(?<=\w)([+#])", lambda m: " " + _SYMBOLS[m.group(1)] + " ", text)
    text = re.sub(r"([+])", lambda m: " " + _SYMBOLS[m.group(1)] + " ", text)
    ascii_text = text.encode("ascii", "ignore").decode().lower().replace("'", "")
    slug = _NOT_ALNUM.sub("-", ascii_text).strip("-")
    if slug:
        return slug
    # A name in a script with no ASCII folding (Japanese, Arabic...): keep its letters.
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def url_slug(text: str) -> str:
    """The slug of a story's URL made from a text (a file name, a headline): `slugify`'s
    when it is one of `[a-z0-9-]`, "" when the text is in a script with no Latin
    transliteration here (Arabic, Chinese, Cyrillic...): its story then names a `slug`."""
    found = slugify(text)
    return found if is_slug(found) else ""
