"""The files of a site that are not pages: feeds, sitemaps, robots.txt, _redirects."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from datetime import datetime

from .config import SiteConfig
from .feeds import FeedChannel, FeedItem, absolute_urls, atom_feed, rss_feed
from .indexes import Indexes
from .model import Article
from .pages import PlannedPage, RenderedPage
from .seo import NewsEntry, SitemapEntry, news_sitemap, robots_txt, sitemaps
from .urls import output_path
from .views import ViewFactory


def publish_files(
    articles: tuple[Article, ...],
    indexes: Indexes,
    planned: Sequence[PlannedPage],
    views: ViewFactory,
    config: SiteConfig,
    now: datetime,
) -> list[RenderedPage]:
    """Every non-page file of the site, ready to write."""
    files = _feeds(articles, indexes, views, config, now)
    sitemap_url = views.absolute("/sitemap.xml")
    entries = [
        SitemapEntry(
            views.absolute(p.url), p.modified.astimezone(config.tz) if p.modified else None
        )
        for p in planned
        if p.in_sitemap
    ]
    for name, text in sitemaps(entries, sitemap_url).items():
        files.append(_file(f"/{name}", text))
    news = [
        NewsEntry(views.absolute(a.url), a.title, a.published.astimezone(config.tz))
        for a in articles
        if not a.draft
    ]
    files.append(_file("/news-sitemap.xml", news_sitemap(news, now, config.title, config.language)))
    files.append(_file("/robots.txt", robots_txt(sitemap_url, views.absolute("/news-sitemap.xml"))))
    files.append(_file("/_redirects", redirects(articles, views)))
    return files


def redirects(articles: Sequence[Article], views: ViewFactory) -> str:
    """Netlify/Cloudflare Pages `_redirects`: one permanent redirect per alias."""
    lines = [
        f"{views.href(alias)} {views.href(a.url)} 301" for a in articles for alias in a.aliases
    ]
    return "".join(line + "\n" for line in sorted(lines))


def _feeds(
    articles: tuple[Article, ...],
    indexes: Indexes,
    views: ViewFactory,
    config: SiteConfig,
    now: datetime,
) -> list[RenderedPage]:
    count, full = config.feeds.items, config.feeds.full_content
    site_items = [_item(a, views, full, config) for a in articles[:count]]
    home = _channel(config.title, config.tagline, "/", "/feed.xml", views, config, now)
    files = [
        _file("/feed.xml", rss_feed(home, site_items).decode("utf-8")),
        _file(
            "/atom.xml",
            atom_feed(
                _channel(config.title, config.tagline, "/", "/atom.xml", views, config, now),
                site_items,
            ).decode("utf-8"),
        ),
    ]
    for section in indexes.sections:
        page = f"/{section.slug}/"
        channel = _channel(
            f"{config.title}: {section.name}",
            f"The latest {section.name} news",
            page,
            f"{page}feed.xml",
            views,
            config,
            now,
        )
        items = [_item(a, views, full, config) for a in section.articles[:count]]
        files.append(_file(f"{page}feed.xml", rss_feed(channel, items).decode("utf-8")))
    for tag in indexes.tags.groups:
        # Tag feeds carry summaries only: hundreds of tags with full bodies would
        # multiply the site's size for little gain; the site and section feeds are full.
        page = f"/tags/{tag.slug}/"
        channel = _channel(
            f"{config.title}: {tag.name}",
            f"Stories tagged {tag.name}",
            page,
            f"{page}feed.xml",
            views,
            config,
            now,
        )
        items = [_item(a, views, False, config) for a in tag.articles[:count]]
        files.append(_file(f"{page}feed.xml", rss_feed(channel, items).decode("utf-8")))
    return files


def _channel(
    title: str,
    description: str,
    page: str,
    feed: str,
    views: ViewFactory,
    config: SiteConfig,
    now: datetime,
) -> FeedChannel:
    return FeedChannel(
        title,
        views.absolute(page),
        views.absolute(feed),
        description or title,
        config.language,
        views.logo,
        now.astimezone(config.tz),
        config.title,
    )


def _item(article: Article, views: ViewFactory, full: bool, config: SiteConfig) -> FeedItem:
    card = views.card(article)
    image, image_type = "", ""
    if card.image is not None:
        image = card.image.absolute
        image_type = mimetypes.guess_type(image)[0] or "image/jpeg"
    zone = config.tz
    return FeedItem(
        title=article.title,
        link=card.permalink,
        published=article.published.astimezone(zone),
        modified=article.modified.astimezone(zone),
        authors=article.authors,
        categories=(article.category, *article.tags),
        summary=article.dek,
        content_html=absolute_urls(views.body_html(article), card.permalink) if full else "",
        image=image,
        image_type=image_type,
    )


def _file(url: str, text: str) -> RenderedPage:
    return RenderedPage(url, output_path(url), text)
