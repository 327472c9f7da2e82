"""The pager under a list's pages: which of its pages each one links to.

A tag on 9,000 stories has 450 pages: linking every one from each would make the pages
of a list grow with the square of its length, for a reader who wants the next. So a
short list links all its pages, a long one the first, the last and a few around this one.
"""

from __future__ import annotations

from ..core.urls import page_url
from .links import Links
from .views import Link, Pagination

PAGER_ALL = 9  #: a list of up to this many pages links every one from each
PAGER_NEAR = 2  #: else: the first, the last, and this many on each side of the current


class Pager:
    """Pagination views; each page's link is made once (a list's pages share them)."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self._pages: dict[tuple[str, int], Link] = {}  #: (list, page number) -> its link

    def pagination(self, first_url: str, number: int, total: int) -> Pagination:
        """Page `number` of `total` of the list whose first page is `first_url`."""
        href = self.links.href
        return Pagination(
            number=number,
            total=total,
            prev_url=href(page_url(first_url, number - 1)) if number > 1 else "",
            next_url=href(page_url(first_url, number + 1)) if number < total else "",
            pages=self.page_links(first_url, number, total),
        )

    def page_links(self, first_url: str, number: int, total: int) -> tuple[Link, ...]:
        """The pages a list's page links to, by number (see Pagination.pages)."""
        if total <= PAGER_ALL:
            shown = list(range(1, total + 1))
        else:
            near = range(max(1, number - PAGER_NEAR), min(total, number + PAGER_NEAR) + 1)
            shown = sorted({1, *near, total})
        links: list[Link] = []
        for n in shown:
            if links and int(links[-1].name) != n - 1:
                links.append(Link("…", ""))
            links.append(self._page_link(first_url, n))
        return tuple(links)

    def _page_link(self, first_url: str, n: int) -> Link:
        found = self._pages.get((first_url, n))
        if found is None:
            found = self._pages[first_url, n] = Link(
                str(n), self.links.href(page_url(first_url, n))
            )
        return found
