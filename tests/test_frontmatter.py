"""Front matter, key by key, through `parse_article` on strings: no disk.

Every problem is asserted as the exact line a writer sees (`Diagnostic.format()`), so a
changed message or a line that drifts off the writer's own line fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlasgen.content.frontmatter import parse_article
from atlasgen.content.model import Article, Correction, Image
from atlasgen.content.yamllines import Loader, _document

LONDON = ZoneInfo("Europe/London")
SOURCE = "content/x.md"
HEAD = ("title: A headline", "published: 2026-04-09T11:32:58+01:00", "category: Technology")
# With HEAD, the first extra key is on line 5 of the file.


def front(*lines: str, body: str = "Body text.") -> str:
    """An article file: '---', the given front-matter lines, '---', the body."""
    return "\n".join(["---", *lines, "---", body, ""])


def parse(
    text: str, source: str = SOURCE, default_author: str = "Atlas Staff"
) -> tuple[Article | None, list[str]]:
    article, diagnostics = parse_article(text, source, LONDON, default_author)
    return article, [d.format() for d in diagnostics]


def parsed(text: str, **kwargs: str) -> Article:
    """The article of a text that must parse with no diagnostics at all."""
    article, messages = parse(text, **kwargs)
    assert messages == []
    assert article is not None
    return article


def problems(*lines: str) -> list[str]:
    """The messages for front matter that must fail."""
    article, messages = parse(front(*lines))
    assert article is None
    return messages


def published(value: str) -> datetime:
    return parsed(front("title: T", f"published: {value}", "category: C")).published


# -- a whole article ------------------------------------------------------------------


def test_the_design_example_parses_into_every_field() -> None:
    article = parsed(
        front(
            "title: Meta challenges rivals with new closed Muse Spark AI model",
            "dek: Meta unveils Muse Spark AI as a closed-source model.",
            "category: Technology",
            "tags: [Meta, Artificial intelligence]",
            "authors: [Atlas Staff]",
            "published: 2026-04-09T11:32:58+01:00",
            "updated: 2026-04-09T11:40:06+01:00",
            "takeaways:",
            "  - Meta's new *Muse Spark* model is closed, a shift from its open releases.",
            "  - It will power Meta's own chatbot.",
            "image:",
            "  src: /images/muse-spark.jpg",
            "  alt: A stage with the Muse Spark logo",
            "  credit: A360",
            body="Body in *Markdown*.",
        ),
        source="content/tech/muse-spark.md",
    )
    assert article.source == "content/tech/muse-spark.md"
    assert article.slug == "muse-spark"
    assert article.title == "Meta challenges rivals with new closed Muse Spark AI model"
    assert article.dek == "Meta unveils Muse Spark AI as a closed-source model."
    assert article.category == "Technology"
    assert article.category_slug == "technology"
    assert article.tags == ("Meta", "Artificial intelligence")
    assert article.authors == ("Atlas Staff",)
    assert article.published.isoformat() == "2026-04-09T11:32:58+01:00"
    assert article.updated is not None
    assert article.updated.isoformat() == "2026-04-09T11:40:06+01:00"
    assert article.takeaways == (
        "Meta's new *Muse Spark* model is closed, a shift from its open releases.",
        "It will power Meta's own chatbot.",
    )
    assert article.image == Image(
        src="/images/muse-spark.jpg", alt="A stage with the Muse Spark logo", credit="A360"
    )
    assert (article.related, article.aliases, article.corrections) == ((), (), ())
    assert article.draft is False
    assert dict(article.extra) == {}
    assert article.body == "Body in *Markdown*.\n"
    assert article.body_line == 17


def test_each_key_remembers_its_line_in_the_file() -> None:
    article = parsed(front(*HEAD, "tags:", "  - One", "  - Two"))
    assert article.line_of("title") == 2
    assert article.line_of("category") == 4
    assert article.line_of("tags") == 5
    assert article.line_of("tags", 1) == 7


def test_every_problem_in_one_article_is_reported_at_once() -> None:
    assert problems("title: [a]", "published: soon", "category: C", "slug: X Y") == [
        "content/x.md:2: title: expected text, got a list",
        "content/x.md:3: published: 'soon' is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)",
        "content/x.md:5: slug: 'X Y' is not a valid slug (lowercase letters, digits and "
        "single hyphens, e.g. 'x-y')",
    ]


# -- title, published, category: required -----------------------------------------------


def test_missing_required_keys_are_each_an_error() -> None:
    assert problems("dek: Only a dek") == [
        "content/x.md:1: title: is required",
        "content/x.md:1: published: is required",
        "content/x.md:1: category: is required",
    ]


def test_an_empty_front_matter_block_misses_every_required_key() -> None:
    article, messages = parse("---\n---\nBody\n")
    assert article is None
    assert messages == [
        "content/x.md:1: title: is required",
        "content/x.md:1: published: is required",
        "content/x.md:1: category: is required",
    ]


def test_the_title_is_plain_text_with_surrounding_space_removed() -> None:
    article = parsed(front("title: '  Spaced out  '", *HEAD[1:]))
    assert article.title == "Spaced out"


def test_an_empty_title_is_an_error() -> None:
    assert problems("title: ''", *HEAD[1:]) == ["content/x.md:2: title: must not be empty"]
    assert problems("title:", *HEAD[1:]) == ["content/x.md:2: title: is empty"]


def test_a_yaml_boolean_title_says_to_use_quotes() -> None:
    assert problems("title: no", *HEAD[1:]) == [
        "content/x.md:2: title: expected text, got false "
        "(YAML reads yes/no/on/off as true/false; put the text in quotes)"
    ]


def test_a_numeric_title_says_to_use_quotes() -> None:
    assert problems("title: 2026", *HEAD[1:]) == [
        "content/x.md:2: title: expected text, got the number 2026 (put the text in quotes)"
    ]
    assert parsed(front("title: '2026'", *HEAD[1:])).title == "2026"


def test_a_category_that_is_not_text_is_an_error() -> None:
    assert problems("title: T", "published: 2026-04-09", "category: [World, Tech]") == [
        "content/x.md:4: category: expected text, got a list"
    ]


def test_a_published_value_that_is_not_a_timestamp_is_an_error() -> None:
    assert problems("title: T", "category: C", "published: April 9th") == [
        "content/x.md:4: published: 'April 9th' is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)"
    ]


def test_a_number_for_published_is_not_a_timestamp() -> None:
    assert problems("title: T", "category: C", "published: 2026") == [
        "content/x.md:4: published: 2026 is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)"
    ]


def test_an_impossible_date_is_an_error_at_its_line() -> None:
    expected = [
        "content/x.md:4: published: '2026-02-30' is not a valid timestamp: "
        "day is out of range for month"
    ]
    assert problems("title: T", "category: C", "published: 2026-02-30") == expected
    assert problems("title: T", "category: C", "published: '2026-02-30'") == expected


# -- time rules ---------------------------------------------------------------------------


def test_a_timestamp_with_an_offset_is_that_instant() -> None:
    moment = published("2026-04-09T11:32:58+05:30")
    assert moment.isoformat() == "2026-04-09T11:32:58+05:30"
    assert moment == datetime(2026, 4, 9, 6, 2, 58, tzinfo=UTC)


def test_a_timestamp_in_utc_with_z_is_that_instant() -> None:
    assert published("2026-07-15T09:30:00Z").isoformat() == "2026-07-15T09:30:00+00:00"


def test_a_naive_winter_time_is_london_time_at_plus_zero() -> None:
    moment = published("2026-01-15T09:30:00")
    assert moment.isoformat() == "2026-01-15T09:30:00+00:00"
    assert moment.utcoffset() == timedelta(0)


def test_a_naive_summer_time_is_london_time_at_plus_one() -> None:
    moment = published("2026-07-15 09:30")
    assert moment.isoformat() == "2026-07-15T09:30:00+01:00"
    assert moment == datetime(2026, 7, 15, 8, 30, tzinfo=UTC)


def test_a_quoted_naive_time_follows_the_same_rule() -> None:
    assert published("'2026-07-15T09:30:00'").isoformat() == "2026-07-15T09:30:00+01:00"


def test_a_bare_date_is_midnight_in_the_site_zone() -> None:
    assert published("2026-07-15").isoformat() == "2026-07-15T00:00:00+01:00"
    assert published("2026-01-15").isoformat() == "2026-01-15T00:00:00+00:00"


def test_a_time_in_the_spring_forward_gap_is_an_error() -> None:
    assert problems("title: T", "published: 2026-03-29 01:30", "category: C") == [
        "content/x.md:3: published: 2026-03-29 01:30:00 does not exist in Europe/London "
        "(the clocks go forward then) (add an offset such as +01:00)"
    ]


def test_a_time_in_the_autumn_fold_warns_and_takes_the_first_occurrence() -> None:
    article, messages = parse(front("title: T", "published: 2026-10-25 01:30", "category: C"))
    assert messages == [
        "content/x.md:3: warning: published: 2026-10-25 01:30:00 happens twice in "
        "Europe/London (the clocks go back); taken as 2026-10-25T01:30:00+01:00 "
        "(add an offset to say which)"
    ]
    assert article is not None
    assert article.published.isoformat() == "2026-10-25T01:30:00+01:00"
    assert article.published == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


# -- dek, slug ------------------------------------------------------------------------------


def test_the_dek_is_optional_text() -> None:
    assert parsed(front(*HEAD)).dek == ""
    assert parsed(front(*HEAD, "dek: The short version")).dek == "The short version"
    assert problems(*HEAD, "dek: 42") == [
        "content/x.md:5: dek: expected text, got the number 42 (put the text in quotes)"
    ]


def test_the_slug_defaults_to_the_file_name() -> None:
    article = parsed(front(*HEAD), source="content/tech/muse-spark-2.md")
    assert article.slug == "muse-spark-2"


def test_an_explicit_slug_wins_over_the_file_name() -> None:
    article = parsed(front(*HEAD, "slug: the-real-slug"), source="content/tech/draft-1.md")
    assert article.slug == "the-real-slug"


def test_an_invalid_slug_is_an_error_with_a_suggestion() -> None:
    assert problems(*HEAD, "slug: Muse_Spark") == [
        "content/x.md:5: slug: 'Muse_Spark' is not a valid slug "
        "(lowercase letters, digits and single hyphens, e.g. 'muse-spark')"
    ]
    assert problems(*HEAD, "slug: double--hyphen") == [
        "content/x.md:5: slug: 'double--hyphen' is not a valid slug "
        "(lowercase letters, digits and single hyphens, e.g. 'double-hyphen')"
    ]


def test_a_file_name_that_is_not_a_slug_needs_an_explicit_slug() -> None:
    article, messages = parse(front(*HEAD), source="content/tech/Muse Spark.md")
    assert article is None
    assert messages == [
        "content/tech/Muse Spark.md:1: slug: the file name 'Muse Spark' is not a valid slug "
        "(rename the file or add 'slug: muse-spark')"
    ]
    fixed = parsed(front(*HEAD, "slug: muse-spark"), source="content/tech/Muse Spark.md")
    assert fixed.slug == "muse-spark"


# -- tags and authors -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["tags", "authors"])
def test_names_may_be_a_list_or_a_single_string(key: str) -> None:
    assert getattr(parsed(front(*HEAD, f"{key}: [Meta, AI]")), key) == ("Meta", "AI")
    assert getattr(parsed(front(*HEAD, f"{key}: Meta")), key) == ("Meta",)


@pytest.mark.parametrize("key", ["tags", "authors"])
def test_repeated_names_are_kept_once_in_order(key: str) -> None:
    article = parsed(front(*HEAD, f"{key}: [AI, Meta, AI]"))
    assert getattr(article, key) == ("AI", "Meta")


def test_authors_default_to_the_site_default_author() -> None:
    assert parsed(front(*HEAD)).authors == ("Atlas Staff",)
    assert parsed(front(*HEAD, "authors: [Jo Bloggs]")).authors == ("Jo Bloggs",)
    assert parsed(front(*HEAD), default_author="").authors == ()


def test_a_name_with_no_letters_or_digits_is_an_error_at_its_item() -> None:
    assert problems(*HEAD, "tags:", "  - Fine", "  - '!!!'") == [
        "content/x.md:7: tags: '!!!' has no letters or digits to make a URL from"
    ]


def test_names_that_are_not_a_list_are_an_error() -> None:
    assert problems(*HEAD, "authors: {name: Jo}") == [
        "content/x.md:5: authors: expected a list of names, got a mapping (e.g. [Meta, AI])"
    ]
    assert problems(*HEAD, "tags: [[a, b]]") == [
        "content/x.md:5: tags: expected a list of names, got a nested list"
    ]


# -- updated ------------------------------------------------------------------------------


def test_updated_follows_the_time_rules() -> None:
    article = parsed(front(*HEAD, "updated: 2026-04-09 12:00"))
    assert article.updated is not None
    assert article.updated.isoformat() == "2026-04-09T12:00:00+01:00"
    assert article.modified == article.updated


def test_updated_may_equal_published() -> None:
    article = parsed(front(*HEAD, "updated: 2026-04-09T10:32:58Z"))
    assert article.updated == article.published


def test_updated_before_published_is_an_error() -> None:
    assert problems(*HEAD, "updated: 2026-04-09T11:00:00+01:00") == [
        "content/x.md:5: updated: 2026-04-09T11:00:00+01:00 is before published "
        "(2026-04-09T11:32:58+01:00)"
    ]


def test_updated_that_is_not_a_timestamp_is_an_error() -> None:
    assert problems(*HEAD, "updated: later") == [
        "content/x.md:5: updated: 'later' is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)"
    ]


# -- takeaways -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_one_to_six_takeaways_are_allowed(count: int) -> None:
    items = [f"  - Point {n}" for n in range(1, count + 1)]
    article = parsed(front(*HEAD, "takeaways:", *items))
    assert article.takeaways == tuple(f"Point {n}" for n in range(1, count + 1))


@pytest.mark.parametrize("count", [0, 7])
def test_zero_or_seven_takeaways_are_rejected(count: int) -> None:
    items = ", ".join(f"Point {n}" for n in range(1, count + 1))
    assert problems(*HEAD, f"takeaways: [{items}]") == [
        f"content/x.md:5: takeaways: has {count} items; give 1 to 6"
    ]


def test_takeaways_keep_their_inline_markdown_as_text() -> None:
    article = parsed(front(*HEAD, "takeaways:", "  - A *new* model, [see](https://e.org)"))
    assert article.takeaways == ("A *new* model, [see](https://e.org)",)


def test_a_number_among_takeaways_is_rejected_at_its_own_line() -> None:
    assert problems(*HEAD, "takeaways:", "  - First point", "  - 2", "  - Third") == [
        "content/x.md:7: takeaways: expected text, got the number 2 (put the text in quotes)"
    ]


def test_takeaways_that_are_not_a_list_are_an_error() -> None:
    assert problems(*HEAD, "takeaways: Just one") == [
        "content/x.md:5: takeaways: expected a list of 1–6 short texts, got text"
    ]


# -- image ----------------------------------------------------------------------------------


def test_an_image_has_src_alt_credit_and_caption() -> None:
    article = parsed(
        front(
            *HEAD,
            "image:",
            "  src: images/a.jpg",
            "  alt: A stage",
            "  credit: A360",
            "  caption: The launch",
        )
    )
    assert article.image == Image(
        src="/images/a.jpg", alt="A stage", credit="A360", caption="The launch"
    )
    assert not article.image.external


def test_an_https_image_url_is_kept_as_is() -> None:
    article = parsed(
        front(*HEAD, "image:", "  src: https://cdn.example.org/a.jpg", "  alt: A stage")
    )
    assert article.image is not None
    assert article.image.src == "https://cdn.example.org/a.jpg"
    assert article.image.external


def test_an_image_needs_alt_text() -> None:
    assert problems(*HEAD, "image:", "  src: /a.jpg") == [
        "content/x.md:5: image: alt is required with an image "
        "(describe the picture for readers who cannot see it)"
    ]


def test_an_image_needs_a_src() -> None:
    assert problems(*HEAD, "image:", "  alt: A stage") == ["content/x.md:5: image: src is required"]


@pytest.mark.parametrize(
    "src", ["javascript:alert(1)", "http://example.org/a.jpg", "data:image/png;base64,AAAA"]
)
def test_an_image_src_that_is_neither_a_file_nor_https_is_rejected(src: str) -> None:
    assert problems(*HEAD, "image:", f"  src: '{src}'", "  alt: x") == [
        f"content/x.md:5: image: src {src!r} must be a file under content/ or an https:// URL"
    ]


@pytest.mark.parametrize("src", ["../secret.jpg", "/images/../../etc/passwd"])
def test_an_image_src_that_leaves_content_is_rejected(src: str) -> None:
    shown = "/" + src.lstrip("/")
    assert problems(*HEAD, "image:", f"  src: {src}", "  alt: x") == [
        f"content/x.md:5: image: src {shown!r} must not leave content/"
    ]


def test_an_unknown_image_key_suggests_the_right_one() -> None:
    assert problems(*HEAD, "image:", "  src: /a.jpg", "  alt: x", "  captoin: y") == [
        "content/x.md:5: image: unknown key 'captoin' (did you mean 'caption'?)"
    ]


def test_an_image_given_as_a_path_only_shows_the_mapping_to_write() -> None:
    assert problems(*HEAD, "image: /a.jpg") == [
        "content/x.md:5: image: expected a mapping with src and alt "
        "(image:\\n  src: /images/a.jpg\\n  alt: What the picture shows)"
    ]


# -- related, aliases, corrections ------------------------------------------------------


def test_related_is_a_list_of_slugs() -> None:
    assert parsed(front(*HEAD, "related: [one, two-2]")).related == ("one", "two-2")
    assert parsed(front(*HEAD, "related: one")).related == ("one",)


def test_a_bad_related_slug_is_an_error_at_its_item() -> None:
    assert problems(*HEAD, "related:", "  - good-one", "  - Bad One") == [
        "content/x.md:7: related: 'Bad One' is not a valid slug "
        "(lowercase letters, digits and single hyphens, e.g. 'bad-one')"
    ]


def test_aliases_are_site_paths() -> None:
    article = parsed(front(*HEAD, "aliases: [/2024/04/old-story/, /old.html]"))
    assert article.aliases == ("/2024/04/old-story/", "/old.html")


def test_an_alias_must_start_with_a_slash() -> None:
    assert problems(*HEAD, "aliases:", "  - /fine/", "  - old-story/") == [
        "content/x.md:7: aliases: 'old-story/' is not a site path (e.g. /2024/04/old-story/)"
    ]


def test_an_alias_must_not_climb_out_of_the_site() -> None:
    assert problems(*HEAD, "aliases: [/a/../../b/]") == [
        "content/x.md:5: aliases: '/a/../../b/' is not a site path (e.g. /2024/04/old-story/)"
    ]


def test_corrections_are_dated_texts() -> None:
    article = parsed(
        front(
            *HEAD,
            "corrections:",
            "  - date: 2026-04-10 09:00",
            "    text: An earlier version misnamed the model.",
        )
    )
    assert article.corrections == (
        Correction(
            datetime(2026, 4, 10, 8, 0, tzinfo=UTC), "An earlier version misnamed the model."
        ),
    )
    assert article.corrections[0].date.isoformat() == "2026-04-10T09:00:00+01:00"


def test_a_correction_of_the_wrong_shape_is_an_error_at_its_item() -> None:
    assert problems(
        *HEAD, "corrections:", "  - date: 2026-04-10", "    text: Fine.", "  - We fixed a typo."
    ) == ["content/x.md:8: corrections: each correction needs exactly 'date' and 'text'"]
    assert problems(*HEAD, "corrections:", "  - date: 2026-04-10", "    txt: Typo.") == [
        "content/x.md:6: corrections: each correction needs exactly 'date' and 'text'"
    ]
    assert problems(*HEAD, "corrections: We fixed a typo.") == [
        "content/x.md:5: corrections: expected a list of {date, text}, got text"
    ]


def test_a_correction_with_a_bad_date_is_an_error_at_its_item() -> None:
    assert problems(
        *HEAD,
        "corrections:",
        "  - date: 2026-04-10",
        "    text: Fine.",
        "  - date: soon",
        "    text: Typo.",
    ) == ["content/x.md:8: corrections: 'soon' is not a timestamp (e.g. 2026-04-09T11:32:58+01:00)"]


# -- draft, extra -----------------------------------------------------------------------------


def test_draft_is_true_or_false() -> None:
    assert parsed(front(*HEAD)).draft is False
    assert parsed(front(*HEAD, "draft: true")).draft is True
    assert parsed(front(*HEAD, "draft: false")).draft is False


def test_draft_as_the_string_yes_is_rejected() -> None:
    assert problems(*HEAD, 'draft: "yes"') == [
        "content/x.md:5: draft: expected true or false, got 'yes'"
    ]


def test_extra_is_a_mapping_passed_through_untouched() -> None:
    article = parsed(
        front(*HEAD, "extra:", "  kicker: Exclusive", "  scores: [1, 2]", "  live: true")
    )
    assert dict(article.extra) == {"kicker": "Exclusive", "scores": [1, 2], "live": True}


def test_extra_that_is_not_a_mapping_is_an_error() -> None:
    assert problems(*HEAD, "extra: [1, 2]") == [
        "content/x.md:5: extra: expected a mapping, got a list"
    ]


# -- unknown and duplicate keys ---------------------------------------------------------


def test_an_unknown_key_is_a_warning_that_suggests_the_likely_key() -> None:
    article, messages = parse(front(*HEAD, "publihsed: 2026-04-09"))
    assert article is not None
    assert messages == [
        "content/x.md:5: warning: publihsed: unknown key (did you mean 'published'?)"
    ]


def test_an_unknown_key_with_no_near_match_is_a_plain_warning() -> None:
    article, messages = parse(front(*HEAD, "zzz: 1"))
    assert article is not None
    assert messages == ["content/x.md:5: warning: zzz: unknown key"]


def test_a_key_given_twice_is_an_error() -> None:
    assert problems(*HEAD, "title: Another headline") == [
        "content/x.md:5: title: given twice (first on line 2)"
    ]


# -- the block itself and YAML syntax -----------------------------------------------------


def test_a_yaml_error_is_reported_at_the_files_own_line() -> None:
    assert problems(*HEAD, "dek: Meta: the model") == [
        "content/x.md:5: invalid YAML: mapping values are not allowed in this context "
        "(a value with ': ' in it needs quotes)"
    ]


def test_a_yaml_error_counts_blank_lines_before_the_front_matter() -> None:
    article, messages = parse("\n\n" + front(*HEAD, "dek: Meta: the model"))
    assert article is None
    assert messages == [
        "content/x.md:7: invalid YAML: mapping values are not allowed in this context "
        "(a value with ': ' in it needs quotes)"
    ]


def test_blank_lines_before_the_front_matter_are_allowed() -> None:
    article = parsed("\n \n" + front(*HEAD, "tags: [A]"))
    assert article.title == "A headline"
    assert article.line_of("tags") == 7


def test_a_yaml_error_after_a_byte_order_mark_keeps_the_files_line() -> None:
    article, messages = parse("\ufeff" + front(*HEAD, "dek: Meta: the model"))
    assert article is None
    assert messages == [
        "content/x.md:5: invalid YAML: mapping values are not allowed in this context "
        "(a value with ': ' in it needs quotes)"
    ]
    assert parsed("\ufeff" + front(*HEAD)).title == "A headline"


def test_an_unclosed_quote_points_at_the_line_that_opened_it() -> None:
    assert problems(*HEAD, 'dek: "Never closed', "tags: [A]") == [
        "content/x.md:5: invalid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar; reached line 7)"
    ]


def test_an_unclosed_bracket_points_at_the_line_that_opened_it() -> None:
    assert problems(*HEAD, "tags: [A, B", "dek: x") == [
        "content/x.md:5: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence; reached line 6)"
    ]


def test_a_file_with_no_front_matter_is_an_error() -> None:
    article, messages = parse("# Just a heading\n\nSome text.\n")
    assert article is None
    assert messages == [
        "content/x.md:1: no front matter "
        "(an article starts with a '---' line, then title, published, category)"
    ]


def test_front_matter_with_no_closing_line_is_an_error() -> None:
    article, messages = parse("---\ntitle: T\npublished: 2026-04-09\n\nBody\n")
    assert article is None
    assert messages == ["content/x.md:1: the front matter has no closing '---' line"]


def test_front_matter_that_is_a_list_is_an_error() -> None:
    assert problems("- title: T", "- category: C") == [
        "content/x.md:2: the front matter must be a mapping of keys to values "
        "(e.g. title: My headline)"
    ]


# -- YAML values: made directly where plain, always as the library makes them ---------------

#: Values the quick way makes itself (text, lists, text-keyed mappings) and values it must
#: leave to the library: numbers, dates, tags, anchors, merges, odd keys, errors.
YAML_VALUES = [
    "Plain words", "'quoted: text'", '"2026"', "yes", "~", "", "12", "1_000", "0x1f", "3.5",
    "2026-04-09", "2026-04-09T11:32:58+01:00", "2026-02-30", "!!str 5", "!!int '7'", "!!int x",
    "[a, b, 'c']", "{a: 1, b: [x]}", "[[a], {b: c}]", "{a: x, a: y}", "!!set {a, b}",
    "!!omap [a: 1]", "{<<: {x: 1}, y: 2}", "{=: 3}", "{1: a, true: b, null: c}", "{? [a] : c}",
    "!!binary aGk=", "&anchor shared", "*anchor", "&m {k: [v]}", "*m", "&r [*r]", "!custom x",
    "\n  - a\n  - [b]", "\n  k: v\n  l: [w]", "|\n  literal\n  text", "[a, *m]", "{x: *m}",
]  # fmt: skip
YAML_KEYS = ["title", "tags", "extra", "1", "'quoted key'", "yes", "<<", "? [a]\n"]


def library_value(front: str) -> object:
    """What PyYAML's own constructor makes of `front`, or the error it raises."""
    try:
        return _document(front, quick=False)[1]
    except Exception as exc:
        return type(exc), str(exc)


@given(st.lists(st.tuples(st.sampled_from(YAML_KEYS), st.sampled_from(YAML_VALUES)), max_size=8))
def test_front_matter_values_are_what_the_library_makes(pairs: list[tuple[str, str]]) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in pairs)
    try:
        value = _document(front, quick=True)[1]
    except Exception as exc:  # _load_yaml asks the library again, which shares or raises:
        # needed only where a value is used again (an alias) or is an error
        assert "*" in front or isinstance(library_value(front), tuple), exc
        return
    assert value == library_value(front)


def test_plain_front_matter_is_made_without_the_librarys_constructor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def construct(*args: object) -> None:
        raise AssertionError("constructed by the library")

    monkeypatch.setattr(Loader, "construct_document", construct)
    article = parsed(front(*HEAD, "tags: [A, B]", "image:", "  src: /a.jpg", "  alt: A"))
    assert article.tags == ("A", "B")


def test_a_value_used_twice_is_one_value_as_the_library_makes_it() -> None:
    article = parsed(front(*HEAD, "extra:", "  a: &x [1, 2]", "  b: *x", "  me: &m {up: *m}"))
    assert article.extra["a"] is article.extra["b"]
    assert article.extra["me"]["up"] is article.extra["me"]


def test_of_two_bad_values_the_one_the_library_meets_first_is_reported() -> None:
    # PyYAML makes top-level values before nested ones: line 6 is reported, not line 5.
    assert problems(*HEAD, "extra: {a: [1], b: !custom x}", "dek: !other y") == [
        "content/x.md:6: invalid YAML: could not determine a constructor for the tag '!other'"
    ]
