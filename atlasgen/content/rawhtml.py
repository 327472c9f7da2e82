"""Raw HTML in Markdown, made safe with nh3 (the Python binding of Ammonia), its only
importer.

A site that sets `markdown.html = true` lets writers paste HTML: a table from a
spreadsheet, a `<details>` box, a video player's iframe. That HTML goes through an
allowlist: the elements and attributes an article can use, and nothing that runs code.
Ammonia parses with html5ever (the HTML5 parsing algorithm a browser uses), so a vector
that relies on the browser reading markup differently from the filter (unclosed tags,
`<a/href=…>`, entities, mixed case, `svg`/`math` namespaces) is read as the browser
would read it, and the output is serialised afresh.

What is refused, whatever the spelling:

- `script`, `style`, `svg`, `math`, `template`, `noscript`, `object`, `embed` and the other
  elements whose content runs or is parsed in another way: dropped with their content;
  any other element not on the list (forms, `meta`, `base`, `link`…): the tag is dropped,
  its text kept;
- every `on…` attribute, `srcdoc`, `formaction`, and `style` beyond `text-align`;
- URLs other than http(s), mailto, tel and relative ones: `javascript:`, `vbscript:`,
  `data:` (except a PNG, GIF, JPEG, WebP or AVIF picture in an `img`), `file:`…;
- an `iframe` whose `src` is not https on one of `PLAYER_HOSTS`: it loses its `src`.

The Markdown renderer's own output (heading ids, tables' alignment, footnotes, code
classes) is on the list, so a body is rendered and then cleaned whole.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from urllib.parse import urlsplit

import nh3

from .embeds import PLAYER_HOSTS as EMBED_PLAYER_HOSTS

#: The hosts whose players an `iframe` in raw HTML may show (https only): those of the
#: embed providers (embeds.py), so a provider added there is allowed here too. YouTube's
#: is its no-cookie host, as for embeds.
PLAYER_HOSTS = EMBED_PLAYER_HOSTS

TAGS = frozenset(
    {
        *("a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br"),
        *("caption", "cite", "code", "col", "colgroup", "data", "dd", "del", "details"),
        *("dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2"),
        *("h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark"),
        *("ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section"),
        *("small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"),
        *("audio", "video", "track", "iframe"),
    }
)

#: Elements dropped with everything inside them: they run code, or their content is
#: parsed by other rules (foreign content, raw text) that mutation XSS plays on.
DROPPED_WITH_CONTENT = frozenset(
    {
        *("script", "style", "svg", "math", "template", "noscript", "object", "embed"),
        *("applet", "noembed", "noframes", "xmp", "plaintext", "frameset", "title"),
        *("textarea", "select"),
    }
)

_MEDIA = {"src", "width", "height", "preload", "controls", "loop", "muted"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "video": {*_MEDIA, "poster", "playsinline"},
    "audio": _MEDIA,
    "track": {"src", "kind", "srclang", "label", "default"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
}

SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})  #: data: checked below
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster"})
_PICTURE_DATA = re.compile(r"data:image/(?:png|gif|jpeg|webp|avif)[;,]")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  #: what browsers skip or strip
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(html: str) -> str:
    """`html` with nothing in it that can run code (see the module's docstring)."""
    return str(
        nh3.clean(
            html,
            tags=set(TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes=ATTRIBUTES,
            attribute_filter=_kept_value,
            strip_comments=True,
            link_rel=None,
            url_schemes=set(SCHEMES),
            filter_style_properties={"text-align"},
        )
    )


def _kept_value(element: str, attribute: str, value: str) -> str | None:
    """An allowed attribute's value, or None to drop it: URLs by their scheme, as a
    browser reads them (whitespace and control characters ignored, any case)."""
    if attribute == "srcset":
        urls = (part.split()[0] for part in value.split(",") if part.split())
        return value if all(_safe_url(element, url) for url in urls) else None
    if attribute not in _URL_ATTRIBUTES:
        return value
    if element == "iframe":
        return value if _player_url(value) else None
    return value if _safe_url(element, value) else None


def _safe_url(element: str, value: str) -> bool:
    plain = _IGNORED_IN_URLS.sub("", value).lower()
    scheme = _SCHEME.match(plain)
    if scheme is None:
        return True  # relative: a path, a query or a fragment of this site
    if scheme.group(1) == "data":
        return element == "img" and _PICTURE_DATA.match(plain) is not None
    return scheme.group(1) in _SAFE_SCHEMES


def _player_url(value: str) -> bool:
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme == "https" and (parts.hostname or "") in PLAYER_HOSTS


#: What changes the cleaning: part of the key of every body cached after it.
POLICY = repr(
    (
        version("nh3"),
        sorted(TAGS),
        sorted(DROPPED_WITH_CONTENT),
        sorted((k, sorted(v)) for k, v in ATTRIBUTES.items()),
        sorted(SCHEMES),
        sorted(PLAYER_HOSTS),
    )
)
