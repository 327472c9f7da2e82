"""Hrefs and links, each made once a build.

An article's URL is linked five times on its own page (card, canonical, share links) and
again from lists, feeds and sitemaps; every card links its section, tags and authors.
So a site URL's href, and a link to a section's, tag's or author's page, is made the
first time it is asked for and kept for the rest of the build.
"""

from __future__ import annotations

from ..config import SiteConfig
from ..core.slugs import slugify
from ..core.urls import href
from .groupings import Indexes, Taxonomy
from .views import Link


class Links:
    """Site URLs as hrefs (base path included, percent-encoded) and absolute URLs, and
    links to the pages of sections, tags and authors."""

    def __init__(
        self, config: SiteConfig, indexes: Indexes | None = None, prefix: str = ""
    ) -> None:
        # Read on every link: the config's properties compute them each call.
        self.base_path, self.origin = config.base_path, config.origin
        #: the edition's URL prefix ("" or "/fr", editions.py): its lists' pages are there
        self.prefix = prefix
        self._indexes = indexes
        self._hrefs: dict[str, str] = {}  #: site URL -> href
        self._links: dict[tuple[str, str], Link] = {}  #: (name, kind) -> its link

    def href(self, url: str) -> str:
        found = self._hrefs.get(url)
        if found is None:
            found = self._hrefs[url] = href(self.base_path, url)
        return found

    def absolute(self, url: str) -> str:
        """`urls.absolute`, from the href made once."""
        return self.origin + self.href(url)

    def local(self, path: str) -> str:
        """The href of a page of this edition: "/tags/" -> "/fr/tags/" in French."""
        return self.href(self.prefix + path)

    def section(self, name: str) -> Link:
        return self._link(name, "")

    def tag(self, name: str) -> Link:
        return self._link(name, "tags")

    def author(self, name: str) -> Link:
        return self._link(name, "authors")

    def _link(self, name: str, kind: str) -> Link:
        """A link to a section (kind "") or to a tag's or an author's page."""
        found = self._links.get((name, kind))
        if found is None:
            slug = self._slug(name, kind) if kind else slugify(name)
            path = f"/{kind}/{slug}/" if kind else f"/{slug}/"
            found = self._links[name, kind] = Link(name, self.local(path))
        return found

    def _slug(self, name: str, kind: str) -> str:
        if self._indexes is None:
            return slugify(name)
        found: Taxonomy = self._indexes.tags if kind == "tags" else self._indexes.authors
        return found.slug(name)
