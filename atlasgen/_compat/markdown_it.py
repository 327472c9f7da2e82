"""markdown-it-py: quick answers where the library's own work gives the input back.

Both lean on how markdown-it-py 4 and mdurl behave, not on their API: tests/test_compat.py
pins the code they mirror and compares their answers with the library's.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml


class PlainLinkMarkdownIt(MarkdownIt):
    """markdown-it, with a quick answer for the links its normalising leaves as they are."""

    def normalizeLink(self, url: str) -> str:
        """The library parses, re-encodes and re-assembles every link (25-55 µs); most
        are plain http(s) or site paths that come back unchanged, which a match proves."""
        if PLAIN_LINK.fullmatch(url):
            return url
        return super().normalizeLink(url)


#: Links that markdown-it's `normalizeLink` returns unchanged: http(s) with a plain ASCII
#: host (labels of at most 63 characters, 255 in all) and an optional port, or no scheme
#: and no leading "//"; the rest only of characters mdurl's encode keeps, or valid %XX
#: escapes.
_KEPT = r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*"
PLAIN_LINK = re.compile(
    r"https?://(?=[A-Za-z0-9.-]{1,255}(?![A-Za-z0-9.-]))"
    r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*(?::[0-9]+)?(?:[/?#]" + _KEPT + ")?"
    r"|(?!//)(?![A-Za-z0-9.+-]+:)" + _KEPT
)

#: The characters at which markdown-it's inline parser stops to try its rules (its
#: `terminator_re`), and those its normalising step changes (\r, \0): inline text with
#: none of them is one plain text token, rendered as its escaped self.
INLINE_SYNTAX = re.compile(r"[\n\r\0!#$%&*+\-:<=>@\[\\\]^_`{}~]")


def render_inline(md: MarkdownIt, text: str) -> str:
    """`md.renderInline(text)`. Most front-matter text is plain sentences, which
    markdown-it turns into their escaped selves: those are made directly, at a
    twentieth of the cost."""
    if not INLINE_SYNTAX.search(text):
        return escapeHtml(text)
    return str(md.renderInline(text))
