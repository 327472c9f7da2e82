"""Reading a content file: its bytes, its text (UTF-8, or an error at the line of the first
byte that is not), an article file's cache key, and an article's body read again."""

from __future__ import annotations

from pathlib import Path

from ..config import SiteConfig
from ..core.errors import BuildError, Diagnostic, error
from ..core.hashing import digest
from ..core.lines import line_at
from .model import Article


def read_bytes(path: str | Path, source: str, found: list[Diagnostic]) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        found.append(error(source, 0, "", f"cannot read the file: {exc.strerror or exc}"))
        return None


def decoded(raw: bytes, source: str, found: list[Diagnostic]) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_at(raw[: exc.start].decode("utf-8"), exc.start)  # valid up to there
        found.append(
            error(
                source,
                line,
                "",
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8",
            )
        )
        return None


def read_text(path: str | Path, source: str, found: list[Diagnostic]) -> str | None:
    raw = read_bytes(path, source, found)
    return None if raw is None else decoded(raw, source, found)


def parse_settings(config: SiteConfig) -> str:
    """What parsing an article reads besides its file (part of its key), and what it
    keeps of it ("links 2": a cache from before `Article.links` has none to give, one from
    before "links 2" lacks the anchors of the page itself; "live 1": one from before
    live blogs read `live` as an unknown key; "alt 1": nor the warnings for pictures
    without alt text)."""
    settings = f"{config.timezone}\n{config.default_author}\n{config.build.permalink}"
    if config.languages:  # (a site in one language keeps its cached stories)
        settings += "\nlanguages " + " ".join(config.languages)
    return f"{settings}\nlinks 2 live 1\nalt 1"


def article_key(source: str, raw: bytes, settings: str) -> str:
    """The build cache's key of an article file's parsed entry."""
    return digest("article", source, raw, settings)


def read_article(
    path: str, source: str, settings: str, found: list[Diagnostic]
) -> tuple[str, str] | None:
    """An article file's key and text; None (with the problem in `found`) if it cannot
    be read or is not UTF-8."""
    raw = read_bytes(path, source, found)
    text = None if raw is None else decoded(raw, source, found)
    if raw is None or text is None:
        return None
    return article_key(source, raw, settings), text


def read_body(site_dir: Path, article: Article, config: SiteConfig) -> str:
    """An article's Markdown body, read again from its file if the loader left it there;
    an error if the file changed since it was loaded (its text would not be the one
    this build planned and cached for)."""
    if article.body_start < 0:
        return article.body
    found: list[Diagnostic] = []
    raw = read_bytes(f"{site_dir}/{article.source}", article.source, found)
    if raw is not None and article_key(article.source, raw, parse_settings(config)) == article.key:
        text = decoded(raw, article.source, found)
        if text is not None:
            return text[article.body_start :]
    raise BuildError(
        found
        or [error(article.source, 0, "", "changed while the site was built", "build it again")]
    )
