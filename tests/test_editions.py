"""A site in several languages: one edition per language, translations linked both ways."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, build, clean_tree, make_site, run, tree

from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.content.markdown import MarkdownRenderer
from atlasgen.site.seo import news_language

TWO = SITE_TOML + 'languages = ["en", "fr"]\n'

STORIES = {
    "content/world/storm.md": article(
        "Storm hits the coast",
        "2026-11-26T10:00:00+00:00",
        tags="[Weather]",
        translation_key="storm",
        body="Winds of 120 km/h.",
    ),
    "content/world/rates.md": article(
        "Bank holds rates", "2026-11-25T09:00:00+00:00", category="Business", tags="[Weather]"
    ),
    "content/monde/tempete.md": article(
        "Une tempête frappe la côte",
        "2026-11-26T11:00:00+00:00",
        category="Monde",
        tags="[Météo, Weather]",
        lang="fr",
        translation_key="storm",
        body="Des vents de 120 km/h.",
    ),
    "content/monde/greve.md": article(
        "Grève dans les transports",
        "2026-11-26T12:00:00+00:00",
        category="Monde",
        tags="[Météo]",
        lang="fr",
    ),
}


@pytest.fixture
def two(tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site", STORIES, TWO)
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def _read(public: Path, path: str) -> str:
    return (public / path).read_text(encoding="utf-8")


def _alternates(html: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(found)


def test_each_edition_has_its_own_pages_under_its_prefix(two: Path) -> None:
    for path in (
        "fr/index.html",
        "fr/monde/tempete/index.html",
        "fr/monde/index.html",
        "fr/tags/meteo/index.html",
        "fr/authors/index.html",
        "fr/archive/2026/11/index.html",
        "fr/404.html",
        "fr/feed.xml",
        "fr/atom.xml",
        "fr/monde/feed.xml",
        "fr/_includes/latest.html",
        "fr/_includes/latest.json",
    ):
        assert (two / path).is_file(), path
    assert not (two / "monde").exists()  # a French section is the French edition's only
    assert not (two / "fr/world").exists()
    assert '<html lang="fr" dir="ltr">' in _read(two, "fr/monde/index.html")
    assert '<html lang="en" dir="ltr">' in _read(two, "world/index.html")


def test_an_edition_speaks_its_language(two: Path) -> None:
    front = _read(two, "fr/index.html")
    assert "Aller au contenu" in front and "Skip to content" not in front
    assert 'href="/fr/monde/"' in front and 'href="/world/"' not in front
    assert 'href="/fr/feed.xml"' in front


def test_feeds_tickers_and_lists_never_mix_editions(two: Path) -> None:
    english = ("Storm hits the coast", "Bank holds rates")
    french = ("Une tempête frappe la côte", "Grève dans les transports")
    for path, mine, theirs in (
        ("feed.xml", english, french),
        ("atom.xml", english, french),
        ("fr/feed.xml", french, english),
        ("_includes/latest.html", english, french),
        ("fr/_includes/latest.html", french, english),
        ("tags/weather/index.html", english[:1], french),
        ("fr/tags/weather/index.html", french[:1], english),
        ("index.html", english, french),
        ("fr/index.html", french, english),
        ("archive/2026/11/index.html", english, french),
    ):
        text = _read(two, path)
        assert all(title in text for title in mine), path
        assert not any(title in text for title in theirs), path
    latest = json.loads(_read(two, "fr/_includes/latest.json"))
    assert [item["url"] for item in latest["items"]] == [
        "https://news.example.org/fr/monde/greve/",
        "https://news.example.org/fr/monde/tempete/",
    ]


def test_related_stories_stay_within_the_edition(two: Path) -> None:
    page = _read(two, "world/storm/index.html")
    related = page.split('class="related"', 1)[1] if 'class="related"' in page else ""
    assert "/fr/" not in related.split("</section>", 1)[0]
    french = _read(two, "fr/monde/tempete/index.html")
    assert "Grève dans les transports" in french  # related by its tag Météo, or its neighbour


def test_translations_link_each_other_with_hreflang_and_x_default(two: Path) -> None:
    pages = {
        "https://news.example.org/world/storm/": "world/storm/index.html",
        "https://news.example.org/fr/monde/tempete/": "fr/monde/tempete/index.html",
    }
    for url, path in pages.items():
        found = _alternates(_read(two, path))
        assert found == {
            "en": "https://news.example.org/world/storm/",
            "fr": "https://news.example.org/fr/monde/tempete/",
            "x-default": "https://news.example.org/world/storm/",
        }
        # reciprocal: every alternate names this page back
        for language, other in found.items():
            back = _alternates(_read(two, pages[other]))
            assert url in back.values(), (language, other)
    assert _alternates(_read(two, "fr/monde/greve/index.html")) == {}  # no translation


def test_the_switcher_names_the_other_versions_in_their_languages(two: Path) -> None:
    french = _read(two, "fr/monde/tempete/index.html")
    switch = french.split('<nav class="languages" aria-label="Autres langues"', 1)[1]
    switch = switch.split("</nav>", 1)[0]
    assert '<a href="/world/storm/" hreflang="en" lang="en">English</a>' in switch
    assert "Français" not in switch  # the page itself is not offered
    front = _read(two, "index.html")
    assert 'aria-label="Other editions"' in front
    assert '<a href="/fr/" hreflang="fr" lang="fr">Français</a>' in front
    assert _alternates(front)["x-default"] == "https://news.example.org/"


def test_the_sitemap_carries_the_alternates_and_the_news_sitemap_each_language(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path / "site", STORIES, TWO)
    assert build(site).exit_code == 0
    sitemap = _read(site / "public", "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = next(
        line
        for line in sitemap.splitlines()
        if "<loc>https://news.example.org/fr/monde/tempete/<" in line
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="https://news.example.org/world/storm/"/>'
        '<xhtml:link rel="alternate" hreflang="fr" href="https://news.example.org/fr/monde/tempete/"/>'
        '<xhtml:link rel="alternate" hreflang="x-default" href="https://news.example.org/world/storm/"/>'
    ) in entry
    news = _read(site / "public", "news-sitemap.xml")
    languages = dict(
        re.findall(r"<loc>([^<]+)</loc>.*?<news:language>([^<]+)</news:language>", news, re.S)
    )
    assert languages["https://news.example.org/fr/monde/greve/"] == "fr"
    assert languages["https://news.example.org/world/storm/"] == "en"


def test_a_language_not_of_the_site_is_an_error_at_its_line(tmp_path: Path) -> None:
    files = {"content/a.md": article("A", lang="de"), "content/b.md": article("B", lang="FR")}
    site = make_site(tmp_path / "site", files, TWO)
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/a.md:5: lang: 'de' is not a language of this site (en, fr) "
        "(or add it to languages in site.toml)",
        "content/b.md:5: lang: 'FR' is not a language of this site (en, fr) (write 'fr')",
    ]


def test_new_starts_a_story_in_an_editions_folder_and_language(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", STORIES, TWO)
    result = run(
        "new", "Le froid arrive", "--category", "Monde", "--lang", "fr",
        "--translation-key", "cold", "--site", str(site),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (site / "content/fr/monde/le-froid-arrive.md").read_text(encoding="utf-8")
    assert "\nlang: fr\n" in text and '\ntranslation_key: "cold"\n' in text
    assert build(site, "--drafts", "--future").exit_code == 0  # dated now, after NOW
    assert (site / "public/fr/monde/le-froid-arrive/index.html").is_file()
    result = run("new", "Cold", "--category", "World", "--lang", "en", "--site", str(site))
    assert result.exit_code == 0 and (site / "content/world/cold.md").is_file()


def test_new_in_a_language_not_of_the_site_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", STORIES, TWO)
    result = run("new", "Kälte", "--category", "Welt", "--lang", "de", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "site.toml: languages: --lang: 'de' is not a language of this site (en, fr) "
        "(or add it to languages in site.toml)"
    )
    assert not (site / "content/de").exists() and not (site / "content/welt").exists()


def test_two_versions_in_one_language_are_an_error_naming_both(tmp_path: Path) -> None:
    files = {
        "content/a.md": article("A", translation_key="storm"),
        "content/b.md": article("B", lang="fr", translation_key="storm"),
        "content/c.md": article("C", lang="fr", translation_key="storm"),
    }
    site = make_site(tmp_path / "site", files, TWO)
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/c.md:6: translation_key: 'storm' is also the key of content/b.md, in the "
        "same language (fr) (each language has one version of a story; give its lang or "
        "another key)"
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            'language = "fr"\nlanguages = ["en", "fr"]\n',
            "site.toml:4: language: 'fr' is not the first of languages ('en') (the first of "
            "languages is the site's default language; leave out language)",
        ),
        (
            'languages = ["en", "fr", "fr"]\n',
            "site.toml:4: languages[2]: 'fr' is listed twice",
        ),
        (
            'languages = ["en", "klingon"]\n',
            "site.toml:4: languages[1]: 'klingon' is not a language atlasgen knows (a CLDR "
            'language code such as "en", "fr", "pt-BR" or "ar")',
        ),
    ],
)
def test_languages_in_site_toml_are_checked(tmp_path: Path, toml: str, message: str) -> None:
    site = make_site(tmp_path / "site", {"content/a.md": article()}, SITE_TOML + toml)
    result = build(site)
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()


def test_a_language_given_with_languages_must_be_the_first(tmp_path: Path) -> None:
    toml = SITE_TOML + 'language = "en"\nlanguages = ["en", "fr"]\n'
    site = make_site(tmp_path / "site", STORIES, toml)
    assert build(site).exit_code == 0


def test_a_one_language_site_is_built_as_before(tmp_path: Path) -> None:
    files = {k: v for k, v in STORIES.items() if "lang=" not in v and "lang:" not in v}
    plain = make_site(tmp_path / "plain", files)
    listed = make_site(tmp_path / "listed", files, SITE_TOML + 'languages = ["en"]\n')
    assert build(plain).exit_code == 0 and build(listed).exit_code == 0
    one, other = tree(plain / "public"), tree(listed / "public")
    one.pop(".atlasgen-output"), other.pop(".atlasgen-output")
    assert one == other
    assert "hreflang" not in one["world/storm/index.html"].decode()


def test_a_cached_build_of_two_editions_equals_a_clean_one(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", STORIES, TWO)
    assert build(site).exit_code == 0
    # the French story loses its translation; a new English one joins the English edition
    tempete = site / "content/monde/tempete.md"
    tempete.write_text(tempete.read_text().replace("translation_key: storm\n", ""))
    (site / "content/world/new.md").write_text(
        article("Ferry service resumes", "2026-11-27T08:00:00+00:00", tags="[Weather]")
    )
    assert build(site).exit_code == 0
    cached = tree(site / "public")
    clean = clean_tree(site, tmp_path / "clean")
    cached.pop(".atlasgen-output"), clean.pop(".atlasgen-output")
    assert cached == clean
    assert "hreflang" not in cached["world/storm/index.html"].decode()


def test_a_string_changed_in_one_language_rebuilds_that_edition(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", STORIES, TWO)
    assert build(site).exit_code == 0
    (site / "i18n").mkdir()
    (site / "i18n/fr.toml").write_text('[languages]\nstory = "Lire en"\n', encoding="utf-8")
    assert build(site).exit_code == 0
    assert 'aria-label="Lire en"' in _read(site / "public", "fr/monde/tempete/index.html")
    cached = tree(site / "public")
    clean = clean_tree(site, tmp_path / "clean")
    cached.pop(".atlasgen-output"), clean.pop(".atlasgen-output")
    assert cached == clean


ARABIC = Path(__file__).parent / "data" / "arabic"


@pytest.fixture
def arabic(tmp_path: Path) -> Path:
    site = tmp_path / "arabic"
    shutil.copytree(ARABIC, site)
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def test_an_arabic_site_is_right_to_left_and_its_english_edition_is_not(arabic: Path) -> None:
    story = _read(arabic, "اقتصاد/oil-prices-fall/index.html")
    assert '<html lang="ar" dir="rtl">' in story
    assert '<html lang="en" dir="ltr">' in _read(arabic, "en/business/oil-prices-fall/index.html")
    assert "الأطلس" in story and "طبعات أخرى" in _read(arabic, "index.html")
    assert _alternates(story) == {
        "ar": "https://atlas.example.com/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/oil-prices-fall/",
        "en": "https://atlas.example.com/en/business/oil-prices-fall/",
        "x-default": "https://atlas.example.com/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/oil-prices-fall/",
    }
    assert '<a href="/en/business/oil-prices-fall/" hreflang="en" lang="en">English</a>' in story


def test_arabic_names_keep_their_letters_in_urls(arabic: Path) -> None:
    """Sections, tags and authors in a script with no Latin transliteration keep their
    letters (percent-encoded in links); a story's own slug is Latin, given by its writer."""
    assert (arabic / "tags/مناخ/index.html").is_file()
    assert (arabic / "علوم/antarctic-sea-ice/index.html").is_file()
    story = _read(arabic, "علوم/antarctic-sea-ice/index.html")
    assert 'href="/tags/%D9%85%D9%86%D8%A7%D8%AE/"' in story
    feed = _read(arabic, "feed.xml")
    assert "<language>ar</language>" in feed and "Oil slides" not in feed


def test_a_file_named_in_arabic_without_a_slug_asks_for_one(tmp_path: Path) -> None:
    files = {"content/العالم/قمة-المناخ.md": article("قمة المناخ")}
    site = make_site(tmp_path / "site", files, SITE_TOML + 'language = "ar"\n')
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/العالم/قمة-المناخ.md:1: slug: the file name 'قمة-المناخ' has no Latin letters "
        "or digits to make a URL from (add a 'slug:' of lowercase Latin letters, digits and "
        "hyphens, e.g. 'slug: oil-prices-fall')"
    )


def test_a_file_named_with_accents_gets_a_transliterated_slug_hint(tmp_path: Path) -> None:
    files = {"content/monde/élections-2027.md": article("Élections")}
    result = build(make_site(tmp_path / "site", files))
    assert result.stderr.splitlines()[0] == (
        "content/monde/élections-2027.md:1: slug: the file name 'élections-2027' is not a "
        "valid slug (rename the file or add 'slug: elections-2027')"
    )


def test_new_with_an_arabic_headline_asks_for_a_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE_TOML + 'language = "ar"\n')
    result = run("new", "أسعار النفط تتراجع", "--category", "اقتصاد", "--site", str(site))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content: slug: the headline 'أسعار النفط تتراجع' has no Latin letters or digits to "
        "make a URL from (give one in Latin letters, e.g. --slug oil-prices-fall)"
    )
    made = run(
        "new", "أسعار النفط تتراجع", "--category", "اقتصاد", "--slug", "oil", "--site", str(site)
    )
    assert made.exit_code == 0, made.output
    assert (site / "content/اقتصاد/oil.md").is_file()


def test_market_prices_are_written_as_each_edition_writes_numbers(tmp_path: Path) -> None:
    markets = '[[quote]]\nname = "Gold"\nprice = 4535.2\nchange = 1.07\n'
    files = {**STORIES, "content/_data/markets.toml": markets}
    site = make_site(tmp_path / "site", files, TWO)
    assert build(site).exit_code == 0
    assert "4,535" in _read(site / "public", "_includes/markets.html")
    assert "4\u202f535" in _read(site / "public", "fr/_includes/markets.html")


def test_a_quote_has_its_name_in_each_editions_language(tmp_path: Path) -> None:
    markets = '[[quote]]\nname = "Gold"\nnames = { fr = "Or" }\nprice = 4535.2\nchange = 1.07\n'
    markets += '[[quote]]\nname = "Bitcoin"\nprice = 77527.41\nchange = 0.87\n'
    files = {**STORIES, "content/_data/markets.toml": markets}
    site = make_site(tmp_path / "site", files, TWO)
    assert build(site).exit_code == 0
    english = _read(site / "public", "_includes/markets.html")
    french = _read(site / "public", "fr/_includes/markets.html")
    assert ">Gold<" in english and ">Or<" not in english
    assert ">Or<" in french and ">Gold<" not in french
    assert ">Bitcoin<" in english and ">Bitcoin<" in french  # no name given: the one name


def test_a_quotes_names_must_be_text(tmp_path: Path) -> None:
    markets = '[[quote]]\nname = "Gold"\nnames = { fr = 3 }\nprice = 4535.2\nchange = 1.07\n'
    site = make_site(tmp_path / "site", {**STORIES, "content/_data/markets.toml": markets}, TWO)
    result = build(site)
    assert result.exit_code == 1
    assert "content/_data/markets.toml: quote 1 (Gold): names: expected a table" in result.stderr


def test_an_edition_has_its_own_tagline_and_newsletter_texts(tmp_path: Path) -> None:
    toml = TWO.replace(
        'timezone = "Europe/London"\n', 'timezone = "Europe/London"\ntagline = "Daily news"\n'
    )
    toml += '\n[[edition]]\nlanguage = "fr"\ntagline = "L\'actualité du jour"\n'
    toml += 'newsletter_name = "Le Quotidien"\n\n[newsletter]\nname = "The Daily"\naction = "/s"\n'
    site = make_site(tmp_path / "site", STORIES, toml)
    assert build(site).exit_code == 0, build(site).output
    french, english = _read(site / "public", "fr/index.html"), _read(site / "public", "index.html")
    assert "L&#39;actualité du jour" in french and "Daily news" not in french
    assert "Le Quotidien" in _read(site / "public", "fr/monde/tempete/index.html")
    assert "Daily news" in english and "Le Quotidien" not in english
    assert "<description>L&#39;actualité du jour</description>" in _read(
        site / "public", "fr/feed.xml"
    ) or "L'actualité du jour" in _read(site / "public", "fr/feed.xml")


def test_an_edition_table_names_one_of_the_other_languages(tmp_path: Path) -> None:
    toml = TWO + '\n[[edition]]\nlanguage = "de"\ntagline = "Nachrichten"\n'
    site = make_site(tmp_path / "site", STORIES, toml)
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "site.toml:7: edition[0].language: 'de' is not one of the site's other languages (fr)"
    )


def test_an_edit_renders_again_only_its_own_body_in_any_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build cache keeps every edition's bodies, each in its own edition's words."""
    site = make_site(tmp_path / "site", STORIES, TWO)
    assert build(site).exit_code == 0
    story = site / "content/world/rates.md"
    story.write_text(story.read_text(encoding="utf-8").replace("body", "edited body"))
    rendered: list[str] = []
    original = MarkdownRenderer.render

    def counted(self: MarkdownRenderer, text: str, env: dict[str, object]) -> str:
        rendered.append(str(env.get("page_url")))
        return original(self, text, env)

    monkeypatch.setattr(MarkdownRenderer, "render", counted)
    result = build_site(site, BuildOptions(now=NOW, jobs=1))
    assert result.rendered > 0
    assert rendered == ["/business/rates/"]


def test_the_news_sitemap_names_a_language_as_google_news_does() -> None:
    assert [news_language(c) for c in ("fr", "pt-BR", "pt_br", "zh-TW", "zh-Hans", "ar")] == [
        "fr",
        "pt",
        "pt",
        "zh-tw",
        "zh-cn",
        "ar",
    ]
