"""The words atlasgen itself writes into a story's body, in the site's language: an
embed's facade ("YouTube video", "Load video from YouTube"), a gallery's label, a video's
fallback link. They come from the theme's interface strings (the `embed` and `media`
tables of `i18n/<language>.toml`), so a site translates or overrides them like any other;
a rendered body is cached under their `key`, so changing one renders the bodies again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..core.hashing import digest
from ..theme.i18n import Translator, english
from ..theme.templates import ATLAS

#: What a facade's words call the player, by the provider's kind of embed.
BOXES = {
    "video": "video",
    "short": "video",
    "post": "post",
    "audio": "player",
    "podcast": "player",
    "chart": "chart",
}
TABLES = ("embed.", "media.")  #: the catalog's tables of the body's words


@dataclass(frozen=True)
class BodyWords:
    strings: Translator

    @cached_property
    def key(self) -> str:
        """What the words are, for the cache key of a rendered body: only the body's
        strings count, so a change to a page's label renders no body again."""
        found = self.strings.forms
        names = [k for k in self.strings.names() if k.startswith(TABLES)]
        return digest("body words", self.strings.language, *(f"{k}={found(k)}" for k in names))

    def embed(self, kind: str, provider: str) -> str:
        """ "YouTube video": the facade's heading."""
        return self.strings.text(f"embed.{BOXES[kind]}", provider=provider)

    def titled(self, label: str, title: str) -> str:
        """ "YouTube video: The storm": the player's title, for screen readers."""
        return self.strings.text("embed.titled", label=label, title=title)

    def load(self, kind: str, provider: str) -> str:
        return self.strings.text(f"embed.load_{BOXES[kind]}", provider=provider)

    def connects(self, provider: str) -> str:
        return self.strings.text("embed.connects", provider=provider)

    def gallery(self, count: int) -> str:
        return self.strings.text("media.gallery", count=count)

    def full_size(self, name: str) -> str:
        return self.strings.text("media.full_size", name=name)

    def picture(self, number: int) -> str:
        return self.strings.text("media.picture", number=self.strings.number(number))

    def download(self, kind: str) -> str:
        """A video's or audio file's fallback link, when the writer gave it no text."""
        return self.strings.text(f"media.download_{kind}")


def english_words() -> BodyWords:
    """The Atlas theme's English words: for a body rendered without a loaded site."""
    return BodyWords(english(ATLAS))
