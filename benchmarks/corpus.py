"""A deterministic synthetic newsroom corpus for benchmarks.

10 sections, ~300 tags, ~60 authors, three years of dates with assorted offsets,
500-1,000-word bodies with headings, links, lists and quotes, takeaways, and hero images
as https URLs. The same `count` and `seed` always give the same files.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

SECTIONS = [
    "World",
    "Business",
    "Markets",
    "Technology",
    "Science",
    "Sports",
    "Climate",
    "Health",
    "Culture",
    "Opinion",
]
WORDS = [
    "market",
    "growth",
    "policy",
    "minister",
    "talks",
    "deal",
    "shares",
    "investors",
    "central",
    "bank",
    "rate",
    "chip",
    "model",
    "energy",
    "climate",
    "summit",
    "election",
    "court",
    "ruling",
    "league",
    "season",
    "player",
    "coach",
    "research",
    "study",
    "data",
    "vaccine",
    "patients",
    "budget",
    "tariff",
    "export",
    "supply",
    "demand",
    "oil",
    "gold",
    "currency",
    "inflation",
    "union",
    "strike",
    "city",
    "council",
    "river",
    "storm",
    "drought",
    "harvest",
    "museum",
    "festival",
    "film",
    "record",
    "quarter",
    "profit",
    "forecast",
    "analysts",
    "regulators",
    "officials",
    "spokesperson",
    "statement",
    "agreement",
    "negotiators",
    "parliament",
    "vote",
    "campaign",
]
OFFSETS = ["+00:00", "+01:00", "-05:00", "+09:00", "+05:30", "Z"]

SITE_TOML = """\
title = "Benchmark Herald"
tagline = "Synthetic news at scale."
base_url = "https://bench.example.com"
timezone = "Europe/London"
default_author = "Herald Staff"
takeaways_attribution = "Herald AI"

[tickers]
include = "{include}"

[newsletter]
name = "Herald Daily"
action = "https://example.com/subscribe"

[search]
enabled = {search}
"""


#: The words of running text most used in English news, for the "newsroom" vocabulary.
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "said",
    "for",
    "on",
    "is",
    "with",
    "was",
    "by",
    "at",
    "as",
    "it",
    "from",
    "his",
    "he",
    "be",
    "has",
    "have",
    "are",
    "an",
    "its",
    "not",
    "but",
    "were",
    "which",
    "after",
    "their",
    "who",
    "had",
    "will",
    "they",
    "this",
    "been",
    "more",
    "also",
]


def _newsroom_vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    """Words and cumulative weights of a Zipf law (a word's share 1/rank), as words are
    spread in real text: the common words first, the topical WORDS at ranks 300 to about
    3,000 (each in a few percent of stories, as "bank" or "tariff" in a newsroom's
    archive), the rest made-up words of two to four syllables."""
    made = random.Random(7)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    others: list[str] = []
    seen = set(COMMON) | set(WORDS)
    while len(others) < size - len(COMMON) - len(WORDS):
        word = "".join(made.choice(syllables) for _ in range(made.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            others.append(word)
    words = list(COMMON) + others
    for number, word in enumerate(WORDS):
        words.insert(300 + number * 44, word)
    total, cumulative = 0.0, []
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


class Words:
    """How a corpus's text picks its words: "topical" (each of the 62 WORDS alike, so
    every word is in nearly every story: the corpus of every recorded run) or
    "newsroom" (a Zipf law over 20,000 words, for what search costs on real text)."""

    def __init__(self, vocabulary: str = "topical") -> None:
        if vocabulary not in ("topical", "newsroom"):
            raise ValueError(f"unknown vocabulary {vocabulary!r}: topical or newsroom")
        self.newsroom = _newsroom_vocabulary() if vocabulary == "newsroom" else None

    def pick(self, rng: random.Random, count: int) -> list[str]:
        if self.newsroom is None:
            return [rng.choice(WORDS) for _ in range(count)]
        words, cumulative = self.newsroom
        return rng.choices(words, cum_weights=cumulative, k=count)


TOPICAL = Words()


def _sentence(rng: random.Random, low: int = 8, high: int = 22, words: Words = TOPICAL) -> str:
    return " ".join(words.pick(rng, rng.randint(low, high))).capitalize() + "."


def _paragraph(rng: random.Random, words: Words) -> str:
    return " ".join(_sentence(rng, words=words) for _ in range(rng.randint(3, 6)))


def _body(rng: random.Random, words: Words = TOPICAL) -> str:
    parts: list[str] = [_paragraph(rng, words), _paragraph(rng, words)]
    for section in range(rng.randint(2, 4)):
        parts.append(f"## {_sentence(rng, 3, 6, words)[:-1]}")
        parts.append(
            _paragraph(rng, words) + f" See [the report](https://example.org/r/{section})."
        )
        kind = rng.random()
        if kind < 0.3:
            items = (f"- {_sentence(rng, 4, 10, words)}" for _ in range(rng.randint(3, 5)))
            parts.append("\n".join(items))
        elif kind < 0.6:
            parts.append(f"> {_sentence(rng, 10, 20, words)}")
        parts.append(_paragraph(rng, words))
    return "\n\n".join(parts) + "\n"


def article_text(
    number: int,
    rng: random.Random,
    tags: list[str],
    authors: list[str],
    start: datetime,
    languages: tuple[str, ...] = ("en",),
    words: Words = TOPICAL,
) -> tuple[str, str]:
    """(relative path, text) of article `number`. With a second language, every other
    story is a translation of the one before it, published a little later."""
    section = SECTIONS[number % len(SECTIONS)]
    published = start + timedelta(minutes=number * 157 + rng.randint(0, 120))
    offset = OFFSETS[number % len(OFFSETS)]
    stamp = published.strftime("%Y-%m-%dT%H:%M:%S") + offset
    # Tags follow a long tail: a few are on many stories, most on a handful.
    chosen = sorted(
        {
            tags[min(int(rng.paretovariate(1.2)) - 1, len(tags) - 1)]
            for _ in range(rng.randint(2, 5))
        }
    )
    writers = sorted({rng.choice(authors) for _ in range(rng.randint(1, 2))})
    title = _sentence(rng, 6, 12, words)[:-1].replace(":", "")
    slug = f"story-{number:06d}"
    edition: list[str] = []
    if len(languages) > 1:
        pair = number - number % 2
        edition = [f"translation_key: story-{pair:06d}"]
        edition += [f"lang: {languages[1]}"] if number % 2 else []
    lines = [
        "---",
        *edition,
        f"title: {title}",
        f"dek: {_sentence(rng, 12, 20, words)}",
        f"category: {section}",
        "tags: [" + ", ".join(chosen) + "]",
        "authors: [" + ", ".join(writers) + "]",
        f"published: {stamp}",
        "takeaways:",
        *[f"  - {_sentence(rng, 8, 14, words)}" for _ in range(3)],
        "image:",
        f"  src: https://images.example.com/{slug}.jpg",
        f"  alt: {_sentence(rng, 4, 8, words)}",
        "  credit: Herald",
        "---",
        _body(rng, words),
    ]
    return f"content/{section.lower()}/{slug}.md", "\n".join(lines)


def generate(
    root: Path,
    count: int,
    seed: int = 2026,
    include: str = "inline",
    search: bool = True,
    languages: tuple[str, ...] = ("en",),
    vocabulary: str = "topical",
) -> Path:
    """Write a site of `count` articles under root (emptied first: a kept corpus from an
    earlier run, its cache and extra stories must not make a "cold" build warm); returns
    root. With two `languages`, half the stories are the second language's editions of
    the other half (`translation_key`). `vocabulary`: see `Words`."""
    words = Words(vocabulary)
    rng = random.Random(seed)
    tags = [f"Topic {i:03d}" for i in range(300)]
    authors = [f"Writer {i:02d}" for i in range(60)]
    start = datetime(2023, 11, 1, tzinfo=UTC) + timedelta(minutes=(3 * 365 * 24 * 60) - count * 157)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    toml = SITE_TOML.format(include=include, search=str(search).lower())
    if len(languages) > 1:
        toml = f"languages = {list(languages)!r}\n".replace("'", '"') + toml
    (root / "site.toml").write_text(toml, encoding="utf-8")
    data = root / "content" / "_data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "markets.toml").write_text(
        '[[quote]]\nname = "Gold"\nprice = 4535.2\nchange = 1.07\n'
        '[[quote]]\nname = "Bitcoin"\nprice = 77527.41\nchange = 0.87\n',
        encoding="utf-8",
    )
    for number in range(count):
        rel, text = article_text(number, rng, tags, authors, start, languages, words)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def last_published(count: int) -> datetime:
    """An instant after every article of a corpus of `count`: the benchmark's "now"."""
    start = datetime(2023, 11, 1, tzinfo=UTC) + timedelta(minutes=(3 * 365 * 24 * 60) - count * 157)
    return start + timedelta(minutes=count * 157 + 24 * 60)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic newsroom corpus.")
    parser.add_argument("root", type=Path, help="the site folder (emptied first)")
    parser.add_argument("count", type=int, help="articles")
    parser.add_argument("--include", default="inline", help="tickers: inline, ssi or esi")
    parser.add_argument("--search", action="store_true", help="with site search on")
    parser.add_argument("--vocabulary", default="topical", help="topical or newsroom")
    args = parser.parse_args()
    generate(
        args.root, args.count, include=args.include, search=args.search, vocabulary=args.vocabulary
    )


if __name__ == "__main__":
    main()
