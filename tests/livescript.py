"""Finding live script in HTML as a browser would parse it (html5lib: the HTML5 parsing
algorithm), for the raw-HTML tests: script elements, event handlers, script URLs,
`srcdoc`, foreign frames and the elements that load code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

import html5lib

PLAYER_HOSTS_IN_TESTS = ("www.youtube-nocookie.com", "player.vimeo.com")
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "dynsrc",
    "lowsrc",
    "cite",
    "xlink:href",
    "codebase",
    "manifest",
}
_CODE_ELEMENTS = {"object", "embed", "applet", "base", "frame", "frameset", "svg", "math", "style"}
_PICTURE_DATA = re.compile(r"data:image/(png|gif|jpeg|webp|avif)[;,]")
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def _scheme(value: str) -> str:
    plain = _IGNORED.sub("", value).lower()
    found = re.match(r"([a-z][a-z0-9+.\-]*):", plain)
    return found.group(1) if found else ""


def _elements(root: Any) -> Iterator[Element]:
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].lower()


def live_script(html: str, fragment: bool = False, own_scripts: str = "/static/") -> list[str]:
    """What in `html` could run code. The site's own scripts (JSON-LD data, and files
    under `own_scripts`) are not counted."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    root = parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found: list[str] = []
    for element in _elements(root):
        found.extend(_element_problems(element, own_scripts))
    return found


def _element_problems(element: Element, own_scripts: str) -> Iterator[str]:
    tag = _local(element.tag)
    attrs = {k.rpartition("}")[2].lower(): v for k, v in element.attrib.items()}
    if tag == "script":
        own = attrs.get("src", "").startswith(own_scripts) and not (element.text or "").strip()
        if attrs.get("type") != "application/ld+json" and not own:
            yield f"<script {attrs}>{element.text or ''}"
    if tag in _CODE_ELEMENTS:
        yield f"<{tag} {attrs}>"
    if tag == "iframe":
        src = attrs.get("src", "")
        host = re.match(r"https://([^/?#]+)/", src)
        if src and (host is None or host.group(1) not in PLAYER_HOSTS_IN_TESTS):
            yield f"<iframe src={src!r}>"
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        target = attrs.get("content", "").partition("url=")[2]
        if _scheme(target) in ("javascript", "vbscript", "data"):
            yield f"<meta refresh {target!r}>"
    for name, value in attrs.items():
        yield from _attribute_problems(tag, name, value)


def _attribute_problems(tag: str, name: str, value: str) -> Iterator[str]:
    if name.startswith("on") or name == "srcdoc":
        yield f"<{tag} {name}=...>"
    if name == "style" and re.search(r"expression|javascript|behavior|url\(", value, re.I):
        yield f"<{tag} style={value!r}>"
    urls = [value]
    if name in ("srcset", "imagesrcset"):
        urls = [part.split()[0] for part in value.split(",") if part.split()]
    elif name not in _URL_ATTRIBUTES:
        return
    for url in urls:
        scheme = _scheme(url)
        picture = tag == "img" and name == "src" and _PICTURE_DATA.match(url.strip().lower())
        if scheme in ("javascript", "vbscript", "livescript") or (scheme == "data" and not picture):
            yield f"<{tag} {name}={url!r}>"
