"""Markdown as HTML: an article's body, rendered once per build (its page and the
full-content feeds share it) and, with a build cache, once per change of its file or of
a picture or media file it shows; and
single lines (takeaways, a section's description) as inline HTML."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..content.bodywords import BodyWords, english_words
from ..content.markdown import MarkdownRenderer
from ..content.mediaplan import BodyMedia
from ..content.model import Article
from ..core.cache import BuildCache
from ..core.hashing import digest


def _body_of(article: Article) -> str:
    return article.body


class ArticleBodies:
    """`read_body`: an article's Markdown, which the loader leaves in its file."""

    def __init__(
        self,
        markup: MarkdownRenderer,
        cache: BuildCache | None = None,
        read_body: Callable[[Article], str] = _body_of,
        media: BodyMedia | None = None,
        words: BodyWords | None = None,
    ) -> None:
        self.markup, self.cache, self.read_body = markup, cache, read_body
        self.media = media or BodyMedia()
        #: What atlasgen writes into a body itself (an embed's button), in its language.
        self.words = words or english_words()
        self._bodies: dict[str, str] = {}  #: source -> HTML
        self._salt = ""  #: the Markdown settings' part of `cache_key`

    def html(self, article: Article) -> str:
        """The article's body as HTML."""
        found = self._bodies.get(article.source)
        if found is None:
            key = self.cache_key(article)
            cached = self.cache.markdown.get(key) if self.cache else None
            found = cached if cached is not None else self._render(article)
            if self.cache is not None and cached is None:
                self.cache.markdown.put(key, found)
            self._bodies[article.source] = found
        return found

    def _render(self, article: Article) -> str:
        env = {
            "page_url": article.url,
            "media": self.media.files,
            "hero": bool(article.image),
            "words": self.words,
        }
        return self.markup.render(self.read_body(article), env)

    def cache_key(self, article: Article) -> str:
        """The build cache's key of an article's rendered body: the hash of the file it
        was parsed from (`Article.key`; the body itself when it has none), the Markdown
        settings, the raw-HTML sanitiser's rules, the words atlasgen writes into it (an
        embed's button) and what the body shows of the site's files (pictures, video,
        audio)."""
        settings, policy, words = self.markup.settings, self.markup.policy, self.words.key
        media = self.media.stamp(article)
        made = (str(settings.html), settings.base_path, policy, words)
        if not article.key:
            return digest("markdown", article.body, *made, media)
        if not self._salt:  # made once: a build asks for every article's key
            self._salt = digest("markdown", *made, "media 1")
        return f"{article.key}:{self._salt}:{media}" if media else f"{article.key}:{self._salt}"

    def takeaways(self, article: Article) -> tuple[Markup, ...]:
        """The article's takeaways as inline HTML, each."""
        return tuple(map(self.inline, article.takeaways))

    def inline(self, text: str) -> Markup:
        """A line of Markdown (a takeaway, a section's description) as inline HTML."""
        return Markup(self.markup.render_inline(text))
