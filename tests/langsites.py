"""Small one-language sites, a French and an Arabic one, for the browser and W3C tests:
three stories in two sections, markets with prices to format, a world clock."""

from __future__ import annotations

from pathlib import Path

from conftest import build, make_site

MARKETS = """\
[[quote]]
name = "{gold}"
price = 4535.2
change = 1.07
currency = "USD"

[[quote]]
name = "{oil}"
price = 77.31
change = -0.42
"""
STORIES = {
    "fr": [
        ("monde", "Monde", "accord-climat", "Accord sur le climat à la COP31", "Jean Dupont"),
        ("monde", "Monde", "elections", "Des élections anticipées au printemps", "Marie Curie"),
        ("economie", "Économie", "or-record", "L’or atteint un record", "Jean Dupont"),
    ],
    "ar": [
        ("world", "العالم", "climate-deal", "اتفاق حول المناخ في مؤتمر الأطراف", "سارة أحمد"),
        ("world", "العالم", "early-elections", "انتخابات مبكرة في الربيع", "عمر خالد"),
        ("economy", "الاقتصاد", "gold-record", "الذهب يسجل رقمًا قياسيًا", "سارة أحمد"),
    ],
}
NAMES = {"fr": ("Or", "Pétrole"), "ar": ("الذهب", "النفط")}
TITLES = {"fr": ("Le Quotidien", "Europe/Paris"), "ar": ("الأطلس", "Asia/Dubai")}


def language_site(root: Path, language: str) -> Path:
    """A small site in `language` (fr or ar), built: its output folder."""
    files: dict[str, str | bytes] = {}
    for day, (folder, section, slug, title, author) in enumerate(STORIES[language], start=20):
        body = "Premier paragraphe.\n" if language == "fr" else "الفقرة الأولى من الخبر.\n"
        files[f"content/{folder}/{slug}.md"] = (
            f"---\ntitle: {title}\npublished: 2026-11-{day}T10:00:00+00:00\n"
            f"category: {section}\nslug: {slug}\nauthors: [{author}]\ntags: [{section}]\n"
            f"---\n{body}"
        )
    gold, oil = NAMES[language]
    files["content/_data/markets.toml"] = MARKETS.format(gold=gold, oil=oil)
    title, zone = TITLES[language]
    toml = (
        f'title = "{title}"\nbase_url = "https://example.org"\ntimezone = "{zone}"\n'
        f'language = "{language}"\n\n[newsletter]\nname = "{title}"\naction = "/s"\n\n'
        '[tickers]\nclocks = [ { label = "NY", timezone = "America/New_York" } ]\n'
    )
    site = make_site(root, files, toml)
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"
