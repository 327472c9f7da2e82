"""A small newsroom archive over several years, for the sharded search index's tests.

Deterministic: a story every two days or so from June 2023 on (600 reach November
2026), five sections, six authors, bodies drawn from a small vocabulary with a few rarer
words, so queries find several stories each. Tests lower the shards' fewest pages
(`MIN_PAGES`) to cut so few stories into several shards.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import SITE_TOML, article, make_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import WORDS

SEARCH_TOML = SITE_TOML + "\n[search]\nenabled = true\n"
SECTIONS = ["World", "Sports", "Business", "Science", "Markets"]
AUTHORS = ["Ann Lee", "Bo Chen", "Cy Okafor", "Di Rossi", "Ed Novak", "Flo Berg"]
_LEFT_OUT = {
    *("chip", "model", "vaccine", "patients", "drought", "analysts", "regulators"),
    *("officials", "spokesperson", "statement", "agreement", "negotiators", "parliament"),
    *("vote", "campaign"),
}
#: The benchmark corpus's topical words but fifteen: a small vocabulary, so that every
#: query finds several stories.
COMMON = [word for word in WORDS if word not in _LEFT_OUT]
RARE = [
    "aardvark",
    "bison",
    "caribou",
    "dingo",
    "echidna",
    "ferret",
    "gazelle",
    "heron",
    "ibis",
    "jaguar",
    "kestrel",
    "lemur",
    "marmot",
    "narwhal",
    "ocelot",
    "pelican",
    "quetzal",
    "raccoon",
    "salamander",
    "tapir",
    "urial",
    "vicuna",
    "wombat",
    "yak",
]
FIRST = datetime(2023, 6, 3, 9, 0, tzinfo=UTC)
STEP = timedelta(days=2, hours=2, minutes=24)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def story(number: int) -> tuple[str, str]:
    """(path under the site, text) of story `number`: the later the number, the newer."""
    rng = random.Random(number)
    section = SECTIONS[number % len(SECTIONS)]
    published = FIRST + STEP * number
    body = "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(3))
    text = article(
        " ".join(rng.choice(COMMON + RARE) for _ in range(5)).capitalize(),
        published.isoformat(),
        section,
        body=body,
        dek=_sentence(rng),
        authors="[" + ", ".join(sorted({rng.choice(AUTHORS) for _ in range(2)})) + "]",
    )
    return f"content/{section.lower()}/story-{number:03d}.md", text


def archive_site(root: Path, count: int = 600, extra_toml: str = "") -> Path:
    """A site of `count` stories, search on (600: 3 June 2023 to 12 November 2026)."""
    return make_site(root, dict(story(n) for n in range(count)), SEARCH_TOML + extra_toml)
