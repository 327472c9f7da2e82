"""The link check of a build: every internal link the writers put on the site, checked
against the pages and files this build publishes (site/linkcheck.py), in the load stage,
so that a dead link is reported with every other problem of the run.

The links come from stories' bodies and takeaways (found when each file was parsed and
kept in the build cache), live blogs' updates (`Article.updates`, where a story has
them), section descriptions, the data files, and whatever else a caller passes
(`extra`). A story page's anchors come from its body as rendered (through the build
cache, so the render stage finds it done), its updates' ids and the theme's fixed ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from ..content.datalinks import data_links
from ..content.images import claimed_paths
from ..content.markdown import MarkdownRenderer, MarkdownSettings
from ..content.model import Article, Link
from ..content.reading import read_body
from ..content.references import MARKDOWN, find_links
from ..core.errors import Diagnostic
from ..core.slugs import slugify
from ..site.bodies import ArticleBodies
from ..site.editions import split_editions
from ..site.gone import NGINX_MAP
from ..site.groupings import build_indexes
from ..site.linkcheck import LinkCheck, LinkUse, check_internal_links
from ..site.pageset import PageSources, SitePages, site_pages
from ..site.permanence import REGISTER
from .context import BuildContext
from .plan import Loaded

#: A fixed id in a template: `id="main"` (one made with {{ }} is not known before rendering).
_TEMPLATE_ID = re.compile(r"""\sid\s*=\s*["']([^"'{}<>\s]+)["']""")
_HTML_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")


def check_site_links(
    build: BuildContext,
    loaded: Loaded,
    earlier: Iterable[Diagnostic] = (),
    extra: Iterable[LinkUse] = (),
) -> list[Diagnostic]:
    """Every dead internal link and anchor of the site. A link to a story whose file
    failed to load this run is not called dead: the file's own errors are reported; nor
    is a link an `earlier` error already names at its line (a missing picture that the
    body's media check reports)."""
    check = LinkCheck(
        build_pages(build, loaded),
        _anchors(build),
        build.config.base_path,
        theme_ids(loaded.theme.template_dirs),
        loaded.content.failed_slugs,
    )
    found = check_internal_links([*link_uses(build, loaded), *extra], check)
    named: dict[tuple[str, int], list[str]] = {}
    for problem in earlier:
        if problem.severity == "error":
            named.setdefault((problem.path, problem.line), []).append(problem.message)
    if not named:
        return found
    return [d for d in found if not _named(d, named.get((d.path, d.line), ()))]


def _named(problem: Diagnostic, messages: Iterable[str]) -> bool:
    target = problem.message.split(" ", 1)[0]
    return any(target in message for message in messages)


def link_uses(build: BuildContext, loaded: Loaded) -> list[LinkUse]:
    """The links of published stories, section descriptions and data files."""
    content = loaded.content
    uses = [
        LinkUse(article.source, link.line, link.target, article.url)
        for article in content.articles
        for link in article.links
        if _shown_as_link(link)
    ]
    for article in content.articles:  # a live blog's updates, shown on its page
        for update in getattr(article, "updates", ()):
            uses += [
                LinkUse(update.source, link.line, link.target, article.url)
                for link in update.links
                if _shown_as_link(link)
            ]
    sections = loaded.editorial.sections
    if sections is not None:
        for section in sections.sections:
            page = f"/{slugify(section.name)}/"
            first = section.description_line or section.line
            for link in find_links(section.description, first):
                if link.kind == MARKDOWN:  # inline Markdown, never raw HTML
                    uses.append(LinkUse(sections.source, link.line, link.target, page))
    for found in data_links(build.site_dir, content.data, content.data_sources):
        uses.append(LinkUse(found.source, found.line, found.target, "/"))
    return uses


def _shown_as_link(link: Link) -> bool:
    """Whether a link the scan found is checked: a Markdown link or image, not a code
    sample. Raw HTML's are not: where a site turns raw HTML on, the sanitiser decides
    which attributes a page keeps, and the scan cannot tell."""
    return link.kind == MARKDOWN


def build_pages(build: BuildContext, loaded: Loaded) -> SitePages:
    """The pages and files this build publishes."""
    content, config = loaded.content, build.config
    editions = split_editions(config.editions, content.articles)
    indexes, _ = build_indexes(editions[0].articles, config.tz, {})
    others = [(e.prefix, build_indexes(e.articles, config.tz, {})[0]) for e in editions[1:]]
    files = [f"/{rel}" for rel in loaded.release.published]
    files += [f"/static/{rel}" for rel in (*loaded.assets, *loaded.assets.values())]
    files += [f"/{path}" for path, _ in claimed_paths(loaded.images)]
    files += [f"/{REGISTER}", *([NGINX_MAP] if loaded.gone else [])]
    sources = PageSources(
        content.articles,
        (*content.scheduled, *content.drafts),
        indexes,
        config.build.page_size,
        files,
        config.search.enabled,
        others,
    )
    return site_pages(sources)


def _anchors(build: BuildContext) -> Callable[[Article], Collection[str]]:
    """The ids of a story's body (headings, footnotes, raw HTML). Each body is rendered
    once, and only when a link asks (through the build cache, which the render stage
    reads)."""
    config, site_dir = build.config, build.site_dir
    markup = MarkdownRenderer(
        MarkdownSettings(html=config.markdown.html, base_path=config.base_path)
    )
    bodies = ArticleBodies(markup, build.cache, lambda a: read_body(site_dir, a, config))
    known: dict[str, frozenset[str]] = {}

    def anchors(article: Article) -> frozenset[str]:
        found = known.get(article.source)
        if found is None:
            ids = set(_HTML_ID.findall(bodies.html(article)))
            ids.update(update.anchor for update in getattr(article, "updates", ()))
            found = known[article.source] = frozenset(ids)
        return found

    return anchors


def theme_ids(folders: Iterable[Path]) -> frozenset[str]:
    """The fixed ids of the templates: a theme's skip link target, its footer..."""
    found: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.html")):
                found.update(_TEMPLATE_ID.findall(path.read_text("utf-8", "replace")))
    return frozenset(found)
