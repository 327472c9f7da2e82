"""What each template of a theme is given: its variables and their view types.

This is the contract between atlasgen and a theme, written down once: `atlasgen theme
list` shows it, docs/theming.md is generated from it and the views' own field comments,
and a test renders the sample site and checks that every template receives exactly
these variables, of these types. A template added to the built-in theme needs an entry
here (the test names it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .breaking import BreakingView
from .tickers import TickerData, TickerSlots
from .views import (
    ArticleCard,
    ArticleDetail,
    FrontView,
    ListingView,
    LiveView,
    PageView,
    SiteView,
    TermsView,
)


@dataclass(frozen=True)
class Variable:
    name: str
    kind: Any  #: a view class, a plain type, `tuple[X, ...]` or `X | None`
    note: str = ""


@dataclass(frozen=True)
class TemplateContext:
    name: str  #: the path under templates/, e.g. "partials/header.html"
    renders: str  #: one line on what it makes
    variables: tuple[Variable, ...] = ()
    #: True for a file of macros, imported by other templates: its "variables" are the
    #: macros' parameters, read from the template itself.
    macros: bool = False
    #: Set for a template that is extended or included rather than rendered on its own:
    #: it sees the context of the one that uses it.
    within: str = ""


SITE = Variable("site", SiteView, "the publication: name, navigation, newsletter")
TICKERS = Variable("tickers", TickerSlots, "the header's tickers and banner, ready to paste")
PAGE = Variable(
    "page", PageView, "the page's title, description, canonical URL, feeds, language versions"
)
#: What every page template is given, before its own variables.
PAGE_VARIABLES = (SITE, TICKERS, PAGE)


def _page(name: str, renders: str, *own: Variable) -> TemplateContext:
    return TemplateContext(name, renders, (*PAGE_VARIABLES, *own))


TEMPLATES: tuple[TemplateContext, ...] = (
    TemplateContext(
        "base.html",
        "the layout every page extends: head, tickers, header, <main>, footer",
        PAGE_VARIABLES,
        within="every page template (it sees the page's variables too)",
    ),
    _page(
        "front.html",
        "the front page: the lead, the top stories, then each section",
        Variable("front", FrontView),
    ),
    _page(
        "article.html",
        "an article's page",
        Variable("article", ArticleCard, "what any page shows of the story"),
        Variable("detail", ArticleDetail, "what only its own page shows: body, takeaways..."),
        Variable("live", LiveView | None, "a live blog's updates and state; None otherwise"),
    ),
    _page(
        "list.html",
        "a section, tag, author or month page, paginated",
        Variable("listing", ListingView),
        Variable("description", Markup, "a declared section's description as HTML, or empty"),
    ),
    _page("terms.html", "the index of every tag, author or month", Variable("terms", TermsView)),
    _page("search.html", "the search page (with `[search] enabled`)"),
    _page(
        "404.html",
        "the not-found page",
        Variable("latest", tuple[ArticleCard, ...], "the newest stories, to offer instead"),
    ),
    _page(
        "gone.html",
        "the page left at a URL withdrawn in `content/_data/gone.toml`",
        Variable("gone", dict, 'a mapping: "url" (href) and "reason" ("" if none)'),
    ),
    TemplateContext(
        "redirect.html",
        "the page at an alias URL, sending the reader on to the story",
        (SITE, TICKERS, PAGE, Variable("target", ArticleCard, "the story it redirects to")),
    ),
    TemplateContext(
        "partials/header.html",
        "the masthead and section navigation, rendered once per build and section",
        (
            SITE,
            Variable("home", bool, "true on the front page"),
            Variable("section_url", str, "on a story's page: its section's href, else empty"),
            Variable("section_name", str, "on a section's own page: its name, else empty"),
        ),
    ),
    TemplateContext(
        "partials/search-box.html",
        "the header's search form (included by the header when search is on)",
        (
            SITE,
            Variable("home", bool),
            Variable("section_url", str),
            Variable("section_name", str),
        ),
        within="partials/header.html",
    ),
    TemplateContext("partials/footer.html", "the footer, rendered once per build", (SITE,)),
    TemplateContext(
        "partials/newsletter.html",
        "the newsletter sign-up box under articles (when `[newsletter]` is set)",
        (SITE,),
    ),
    TemplateContext(
        "partials/card.html",
        "macros for a story's card, its kicker and time line, and a responsive picture",
        macros=True,
    ),
    TemplateContext(
        "partials/languages.html",
        "the macro `languages(alternates, label)`: the language switcher, a link to each"
        " AlternateView that is not the page itself (a story's translations, the other"
        " editions' front pages)",
        macros=True,
    ),
    TemplateContext(
        "partials/update.html",
        "the macro `update(u)` for one live update (an UpdateView): on the blog's page and"
        " in its live.json",
        macros=True,
    ),
    TemplateContext(
        "tickers/clocks.html",
        "the world clocks, published as /_includes/clocks.html",
        (SITE, Variable("tickers", TickerData)),
    ),
    TemplateContext(
        "tickers/markets.html",
        "the market quotes, published as /_includes/markets.html",
        (SITE, Variable("tickers", TickerData)),
    ),
    TemplateContext(
        "tickers/latest.html",
        "the latest-news strip, published as /_includes/latest.html",
        (SITE, Variable("tickers", TickerData)),
    ),
    TemplateContext(
        "tickers/breaking.html",
        "the breaking-news banner, published as /_includes/breaking.html",
        (SITE, Variable("breaking", BreakingView | None, "none when there is no banner")),
    ),
)

BY_NAME = {template.name: template for template in TEMPLATES}
