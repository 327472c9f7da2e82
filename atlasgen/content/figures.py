"""The HTML of pictures, figures, galleries, video and audio in a story's body.

A local picture gets what the hero gets (images.py): `<picture>` with a WebP `srcset`,
the original format as fallback, `sizes` for the text column, its own `width` and
`height` (so the page does not move as it loads), and lazy loading unless it opens the
story. A picture from another site is kept as written, loading lazily. Every value that
reaches an attribute or text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .bodywords import BodyWords
from .images import ImageSet

#: The text column's width (the theme's --measure, 36rem) and a gallery cell's.
SIZES = "(min-width: 40rem) 36rem, calc(100vw - 2rem)"
GALLERY_SIZES = "(min-width: 40rem) 18rem, calc(50vw - 1.5rem)"

Href = Callable[[str], str]  #: a site path ("/static/img/a.webp") -> the href a page uses


@dataclass(frozen=True)
class Picture:
    """One picture of the body as the writer wrote it, and what the build knows of it."""

    src: str  #: the destination as written (already normalised by Markdown)
    alt: str
    title: str  #: the Markdown title: the caption
    found: ImageSet | None = None  #: the local picture's variants; None for other sites'
    eager: bool = False  #: the story opens with it: load it at once


def picture_html(picture: Picture, href: Href, sizes: str = SIZES) -> str:
    """`<picture>` with its variants, or a plain `<img>` for a picture from elsewhere."""
    found = picture.found
    alt = escape(picture.alt)
    loading = ' decoding="async"' if picture.eager else ' loading="lazy" decoding="async"'
    fallback = found.fallback if found is not None else None
    if found is None or fallback is None:
        return f'<img src="{escape(href(picture.src))}" alt="{alt}"{loading}>'

    def srcset(fmt: str) -> str:
        return escape(", ".join(f"{href(v.path)} {v.width}w" for v in found.of_format(fmt)))

    img = (
        f'<img src="{escape(href(fallback.path))}" srcset="{srcset(fallback.format)}"'
        f' sizes="{sizes}" alt="{alt}" width="{found.width}" height="{found.height}"{loading}>'
    )
    if fallback.format == "webp":
        return f"<picture>{img}</picture>"
    return (
        f'<picture><source type="image/webp" srcset="{srcset("webp")}" sizes="{sizes}">'
        f"{img}</picture>"
    )


def _caption(picture: Picture) -> str:
    return f"<figcaption>{escape(picture.title)}</figcaption>" if picture.title else ""


def figure_html(picture: Picture, href: Href) -> str:
    """A picture alone in its paragraph: a figure, its Markdown title as the caption."""
    return f'<figure class="figure">{picture_html(picture, href)}{_caption(picture)}</figure>\n'


def gallery_html(pictures: Sequence[Picture], href: Href, words: BodyWords) -> str:
    """Pictures on lines of their own in one paragraph: a grid of figures. Each local
    picture links to its largest copy, so a keyboard can reach and open every one."""
    items = []
    for number, picture in enumerate(pictures, 1):
        shown = picture_html(picture, href, GALLERY_SIZES)
        large = _largest(picture)
        if large:
            name = picture.alt or picture.title or words.picture(number)
            shown = (
                f'<a class="gallery__open" href="{escape(href(large))}"'
                f' aria-label="{escape(words.full_size(name))}">{shown}</a>'
            )
        items.append(f'<figure class="gallery__item">{shown}{_caption(picture)}</figure>')
    label = escape(words.gallery(len(pictures)))
    return f'<div class="gallery" role="group" aria-label="{label}">' + "".join(items) + "</div>\n"


def _largest(picture: Picture) -> str:
    """The site path of the widest copy in the picture's own format ("" if none)."""
    found = picture.found
    if found is None:
        return ""
    own = [v for v in found.variants if v.format != "webp"] or list(found.variants)
    return own[-1].path if own else picture.src


@dataclass(frozen=True)
class MediaLink:
    """A link alone in its paragraph to a video or audio file of the site."""

    src: str  #: the destination as written
    text: str  #: the link's text ("" when it was the path itself): the caption
    kind: str  #: "video" or "audio"
    poster: str = ""  #: site path of a same-named picture, for a video
    type: str = ""  #: the file's MIME type


def media_html(media: MediaLink, href: Href, words: BodyWords) -> str:
    """`<video controls preload="none">` or `<audio controls preload="none">`: nothing is
    fetched until the reader presses play. Inside, for browsers that play neither, the
    link as written."""
    label = media.text or words.download(media.kind)
    link = f'<a href="{escape(href(media.src))}">{escape(label)}</a>'
    source = f'<source src="{escape(href(media.src))}" type="{escape(media.type)}">'
    if media.kind == "audio":
        player = f'<audio controls preload="none">{source}{link}</audio>'
    else:
        poster = f' poster="{escape(href(media.poster))}"' if media.poster else ""
        player = f'<video controls preload="none"{poster}>{source}{link}</video>'
    caption = f"<figcaption>{escape(media.text)}</figcaption>" if media.text else ""
    return f'<figure class="media media--{media.kind}">{player}{caption}</figure>\n'
