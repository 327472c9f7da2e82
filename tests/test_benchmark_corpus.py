"""The benchmark's synthetic corpus (benchmarks/corpus.py): the same arguments give the
same files, and the "newsroom" vocabulary spreads words as real text does, so that search
is measured on words found in a few stories, not in all of them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from corpus import WORDS, generate  # noqa: E402


def _bodies(site: Path) -> list[str]:
    return [p.read_text().split("---\n", 2)[2] for p in sorted(site.glob("content/*/*.md"))]


def _share(bodies: list[str], word: str) -> float:
    """The share of stories whose body holds `word`."""
    pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
    return sum(bool(pattern.search(body)) for body in bodies) / len(bodies)


def test_the_same_arguments_give_the_same_corpus(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", 40, vocabulary="newsroom")
    two = generate(tmp_path / "two", 40, vocabulary="newsroom")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_topical_words_are_in_every_story_and_newsroom_words_in_some(tmp_path: Path) -> None:
    topical = _bodies(generate(tmp_path / "topical", 100))
    newsroom = _bodies(generate(tmp_path / "newsroom", 100, vocabulary="newsroom"))
    assert _share(topical, "market") > 0.9 and _share(topical, "bank") > 0.9
    assert 0.02 < _share(newsroom, "market") < 0.5
    assert 0.005 < _share(newsroom, "bank") < 0.5
    assert _share(newsroom, "the") > 0.99  # the common words stay in every story
    found = {word for word in WORDS if _share(newsroom, word) > 0}
    assert len(found) > len(WORDS) * 0.8  # every topic still searchable
