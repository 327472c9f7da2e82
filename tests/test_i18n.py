"""Interface strings in the site's language (theme/i18n.py): the shipped catalogs, plural
forms by CLDR rules, a site's overrides, the English fallback and its warning, and a
pseudo-locale build of the sample site in which no English string of the theme is left."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import article, build, make_site
from lxml import html as lxml_html
from markupsafe import Markup
from samplesite import ROOT, SAMPLE_NOW

from atlasgen.theme.i18n import Translator, load_translator, read_catalog
from atlasgen.theme.templates import ATLAS, BUILTIN_THEMES

CATALOGS = ATLAS / "i18n"
SHIPPED = ("en", "fr", "de", "es", "pt", "it", "ar")
SITE = """\
title = "Test Times"
base_url = "https://news.example.org"
timezone = "Europe/London"
language = "{language}"
"""


def translator(language: str, site_dir: Path = Path("/nonexistent")):  # type: ignore[no-untyped-def]
    found, problems = load_translator(ATLAS, "atlasgen/themes/atlas", site_dir, language)
    assert problems == []
    return found


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_has_every_english_string_and_every_plural_form(
    language: str,
) -> None:
    english, _ = read_catalog(CATALOGS / "en.toml", "en.toml")
    strings, problems = read_catalog(CATALOGS / f"{language}.toml", f"{language}.toml")
    assert problems == []
    assert sorted(strings) == sorted(english)
    categories = translator(language).locale.plural_form.tags | {"other"}
    for key, entry in strings.items():
        if isinstance(entry, dict):
            assert set(entry) == categories, (language, key)
        for placeholder in re.findall(r"\{(\w+)\}", str(english[key])):
            if placeholder != "count":  # a form may spell the number ("مقال واحد")
                assert "{" + placeholder + "}" in str(entry), (language, key, placeholder)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 story"),
        ("en", 0, "0 stories"),
        ("en", 1234, "1,234 stories"),
        ("fr", 0, "0 article"),
        ("fr", 1, "1 article"),
        ("fr", 2, "2 articles"),
        ("fr", 4535, "4\u202f535 articles"),
        ("fr", 1_000_000, "1\u202f000\u202f000 d’articles"),
        ("de", 1, "1 Artikel"),
        ("de", 4535, "4.535 Artikel"),
        ("es", 2, "2 noticias"),
        ("pt", 1, "1 notícia"),
        ("it", 1, "1 articolo"),
        ("it", 3, "3 articoli"),
        ("ar", 0, "لا توجد مقالات"),
        ("ar", 1, "مقال واحد"),
        ("ar", 2, "مقالان"),
        ("ar", 3, "3 مقالات"),
        ("ar", 10, "10 مقالات"),
        ("ar", 11, "11 مقالًا"),
        ("ar", 99, "99 مقالًا"),
        ("ar", 100, "100 مقال"),
        ("ar", 103, "103 مقالات"),
    ],
)
def test_plural_forms_follow_the_languages_cldr_rules(
    language: str, count: int, expected: str
) -> None:
    assert translator(language).text("terms.stories", count=count) == expected


def test_a_string_is_escaped_and_markup_values_are_kept() -> None:
    t = translator("en")
    link = Markup('<a href="/">front page</a>')
    assert t("notfound.text", front_page=link).endswith(
        'Try the <a href="/">front page</a> or one of the latest stories:'
    )
    assert t("search.label", site="<Times & Co>") == "Search &lt;Times &amp; Co&gt;"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "<b>A</b>, <b>B</b>, and C&amp;D"),
        ("fr", "<b>A</b>, <b>B</b> et C&amp;D"),
        ("de", "<b>A</b>, <b>B</b> und C&amp;D"),
        ("ar", "<b>A</b> و<b>B</b> وC&amp;D"),
    ],
)
def test_bylines_join_names_as_the_language_lists_them(language: str, expected: str) -> None:
    names = [Markup("<b>A</b>"), Markup("<b>B</b>"), "C&D"]
    assert translator(language).join(names) == expected


def test_right_to_left_languages_are_marked_so() -> None:
    directions = [Translator(code, {}, {}).direction for code in ("ar", "he", "fa", "ur", "fr")]
    assert directions == [
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "ltr",
    ]


def test_a_site_string_overrides_the_themes_and_a_typo_is_named(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article("Un titre"),
            "i18n/fr.toml": '[share]\ntitle = "Partagez"\ntitel = "?"\n',
        },
        SITE.format(language="fr"),
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        'i18n/fr.toml:3: warning: "share.titel" is not a string of the theme '
        "(did you mean 'share.title'?)"
    ]
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert 'id="share-title">Partagez</h2>' in page
    assert "À lire aussi" not in page  # no related story: the box is not there
    assert "Publié le <time" in page


def test_a_missing_string_is_english_with_one_warning(tmp_path: Path) -> None:
    theme = tmp_path / "themes/mine"
    shutil.copytree(ATLAS / "templates", theme / "templates")
    (theme / "i18n").mkdir()
    shutil.copy(CATALOGS / "en.toml", theme / "i18n/en.toml")
    french = (CATALOGS / "fr.toml").read_text(encoding="utf-8")
    (theme / "i18n/fr.toml").write_text(
        french.replace('title = "Partager cet article"\n', ""), encoding="utf-8"
    )
    site = make_site(
        tmp_path,
        {"content/world/a.md": article("Un titre"), "content/world/b.md": article("Deux")},
        SITE.format(language="fr") + 'theme = "mine"\n',
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        'i18n/fr.toml: warning: missing "share.title" (English used)'
    ]
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert 'id="share-title">Share this story</h2>' in page
    assert "Partager sur X" in page


def test_a_language_without_a_catalog_is_english_with_one_warning(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article("Rubrik")}, SITE.format(language="sv")
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        'i18n/sv.toml: warning: the theme has no strings in "sv" (English used)'
    ]
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert '<html lang="sv" dir="ltr">' in page


def test_an_unknown_language_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, SITE.format(language="klingon"))
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        "site.toml:4: language: 'klingon' is not a language atlasgen knows "
        '(a CLDR language code such as "en", "fr", "pt-BR" or "ar")'
    ]


def test_a_broken_site_catalog_names_its_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article(), "i18n/de.toml": '[share]\ntitle = "Teilen\n'},
        SITE.format(language="de"),
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("i18n/de.toml:2: not TOML: ")


# -- the pseudo-locale -----------------------------------------------------------------

INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")
ATTRIBUTES = ("aria-label", "title", "placeholder")
#: Content by definition: the story's own body (Markdown, with typographic quotes); and
#: text marked as another language's (the language switcher's names, CLDR's autonyms).
CONTENT = (
    "//script | //style | //time | //noscript | //body//*[@lang]"
    " | //*[contains(concat(' ', @class, ' '), ' prose ')]"
    " | //*[contains(concat(' ', @class, ' '), ' takeaways__list ')]"
)
#: What atlasgen writes into a body itself: an embed's facade, a gallery's labels, a
#: video's fallback link (the writer's link texts and captions are in `source`).
BODY_WORDS = (
    "//*[@class='embed__provider' or @class='embed__action']//text()"
    " | //figure/@data-embed-title"
    " | //div[@class='gallery']/@aria-label | //a[@class='gallery__open']/@aria-label"
    " | //video/a/text() | //audio/a/text()"
)


def _pseudo(entry: str | dict[str, str]) -> str | dict[str, str]:
    if isinstance(entry, dict):
        return {category: f"⟦{text}⟧" for category, text in entry.items()}
    return f"⟦{entry}⟧"


def _pseudo_catalog() -> str:
    """Every English string of the theme wrapped in ⟦…⟧, as a site's override."""
    english, _ = read_catalog(CATALOGS / "en.toml", "en.toml")
    lines = []
    for key, entry in english.items():
        value = _pseudo(entry)
        if isinstance(value, dict):
            forms = ", ".join(f"{c} = {_toml(v)}" for c, v in value.items())
            lines.append(f'"{key}" = {{ {forms} }}')
        else:
            lines.append(f'"{key}" = {_toml(value)}')
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _source_text(site: Path) -> str:
    """Every text the writers typed: what a page may show that no template says."""
    parts = [(site / "site.toml").read_text(encoding="utf-8")]
    for path in sorted((site / "content").rglob("*")):
        if path.suffix in (".md", ".toml", ".yaml", ".yml", ".json"):
            parts.append(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parts).split())


#: Names no language translates: the networks of the share links; and archive months,
#: which are dates (CLDR's, by Babel), not strings of the theme.
NAMES = re.compile(r"X|LinkedIn|Facebook|WhatsApp|[A-Z][a-z]+ \d{4}")


def _leftovers(texts: list[str], source: str) -> list[str]:
    """Texts, one a line, outside ⟦…⟧ (a translation may hold another, a link's text
    in a sentence), that hold a letter and that no writer typed."""
    text, count = "\n".join(texts), 1
    while count:
        text, count = INNERMOST.subn("\n", text)
    return [
        part
        for part in (p.strip() for p in text.split("\n"))
        if re.search(r"[^\W\d_]", part)
        and " ".join(part.split()) not in source
        and not NAMES.fullmatch(part)
    ]


def test_every_string_of_the_theme_is_translatable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    shutil.copytree(ROOT / "content", site / "content")
    (site / "i18n").mkdir()
    # A site's own strings override the theme's one by one: here, all of them, in each
    # of the site's languages (its editions).
    for language in ("en", "fr"):
        (site / f"i18n/{language}.toml").write_text(_pseudo_catalog(), encoding="utf-8")
    out = tmp_path / "public"
    result = build(site, "--output", str(out), "--now", SAMPLE_NOW)
    assert result.exit_code == 0, result.output
    source = _source_text(site)
    found: list[str] = []
    checked = 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        tree = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        where = path.relative_to(out).as_posix()
        words = [str(text) for text in tree.xpath(BODY_WORDS)]
        found += [f"{where} [body]: {part!r}" for part in _leftovers(words, source)]
        checked += len(words)
        for node in tree.xpath(CONTENT):
            node.drop_tree()
        texts = tree.xpath("//body//text()")
        found += [f"{where}: {part!r}" for part in _leftovers(texts, source)]
        for name in ATTRIBUTES:
            for value in tree.xpath(f"//body//@{name}"):
                found += [f"{where} [{name}]: {part!r}" for part in _leftovers([value], source)]
    assert checked > 4  # the sample's embed and gallery
    assert found == [], "\n".join(found)


def test_the_pseudo_catalog_reads_back_as_every_english_key() -> None:
    english, _ = read_catalog(CATALOGS / "en.toml", "en.toml")
    assert sorted(tomllib.loads(_pseudo_catalog())) == sorted(english)
    assert BUILTIN_THEMES in ATLAS.parents


def test_a_site_string_a_page_cannot_fill_is_an_error_at_its_line(tmp_path: Path) -> None:
    catalog = (
        "# Notre rédaction\n"
        'terms.stories = { one = "{count} article", other = "{n} articles" }\n'
        "[article]\n"
        'by = "Par {auteurs}"\n'
        "[share]\n"
        'title = "Partager {"\n'
        'on = "Sur {network!r}"\n'
        "titel = 5\n"
    )
    site = make_site(
        tmp_path,
        {"content/world/a.md": article("Un titre"), "i18n/fr.toml": catalog},
        SITE.format(language="fr"),
    )
    result = build(site)
    assert result.exit_code == 1
    brace = "(write {{ and }} for a brace itself)"
    assert result.stderr.splitlines() == [
        "i18n/fr.toml:2: terms.stories: {n} is not a value this string has "
        f"(it has {{count}}) {brace}",
        f"i18n/fr.toml:4: article.by: {{auteurs}} is not a value this string has "
        f"(it has {{authors}}) {brace}",
        f"i18n/fr.toml:6: share.title: not a string a page can fill: "
        f"Single '{{' encountered in format string {brace}",
        f"i18n/fr.toml:7: share.on: {{network}} is put in as it is: no format or "
        f"conversion {brace}",
        "i18n/fr.toml:8: share.titel: must be a string, not 5",
        "Build failed: 5 error(s); the output folder was left as it was.",
    ]


def test_the_words_atlasgen_writes_into_a_body_are_the_sites_language(tmp_path: Path) -> None:
    body = (
        "Voici la vidéo.\n\n"
        "[Le sommet en images](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
        "![Une plage](https://images.example.org/a.jpg)\n"
        "![Une dune](https://images.example.org/b.jpg)\n"
    )
    site = make_site(
        tmp_path,
        {"content/world/a.md": article("Un titre", body=body)},
        SITE.format(language="fr") + '[build]\ncache = ".atlasgen"\n',
    )
    assert build(site).exit_code == 0
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert '<p class="embed__provider">Vidéo YouTube</p>' in page
    assert 'data-embed-title="Vidéo YouTube\u00a0: Le sommet en images"' in page
    assert ">Charger la vidéo depuis YouTube</button>" in page
    assert "<span>Son chargement vous connecte à YouTube.</span>" in page
    assert 'aria-label="Galerie de 2 images"' in page
    # A site's own words render the body again, though the story did not change.
    (site / "i18n").mkdir()
    (site / "i18n/fr.toml").write_text('[embed]\nvideo = "Vidéo sur {provider}"\n')
    assert build(site).exit_code == 0
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert '<p class="embed__provider">Vidéo sur YouTube</p>' in page
