"""The feeds a page names in <link rel="alternate">: the site's, and its list's own."""

from __future__ import annotations

from .links import Links
from .views import FeedLink

RSS, ATOM = "application/rss+xml", "application/atom+xml"


class FeedLinks:
    """Feed links of one site, each tuple made once: every page names the site's feeds,
    and every page of a section or tag the same list's feed."""

    def __init__(self, title: str, links: Links) -> None:
        self.title, self.links = title, links
        self._site: tuple[FeedLink, ...] | None = None
        self._lists: dict[tuple[tuple[str, str], ...], tuple[FeedLink, ...]] = {}

    def links_for(self, *extra: tuple[str, str]) -> tuple[FeedLink, ...]:
        """The edition's RSS and Atom feeds, then any (title, site URL) RSS feeds given."""
        title, href, local = self.title, self.links.href, self.links.local
        if self._site is None:
            self._site = (
                FeedLink(f"{title} (RSS)", local("/feed.xml"), RSS),
                FeedLink(f"{title} (Atom)", local("/atom.xml"), ATOM),
            )
        if not extra:
            return self._site
        found = self._lists.get(extra)
        if found is None:
            more = (FeedLink(f"{title}: {name}", href(url), RSS) for name, url in extra)
            found = self._lists[extra] = (*self._site, *more)
        return found
