"""Names in the order a reader looks for them: "Élections" among the E's, not after
"United States", as code-point order would put it.

The key compares letters without their accents first (Unicode's canonical decomposition,
marks dropped), then the casefolded name, then the name as written, so the order is total
and the same on every machine. It is the first level of the Unicode Collation Algorithm
for Latin, Greek and Cyrillic names, without any one language's tailoring (Swedish puts
"Å" after "Z"; here it sorts with "A"): ICU collates that way but needs its C library
installed, which a site's build should not require for an index page's order.
"""

from __future__ import annotations

import unicodedata


def collation_key(name: str) -> tuple[str, str, str]:
    """Sort key of a name: accents ignored first, then case, then the spelling."""
    folded = name.casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (base, folded, name)
