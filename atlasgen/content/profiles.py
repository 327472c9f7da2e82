"""Author profiles from content/_data/authors.(toml|json|yaml): a bio and a photo per name.

[[author]]
name = "Priya Raman"
bio = "Technology correspondent covering AI and chips."
photo = "/images/people/priya-raman.jpg"     # under content/, or an https:// URL
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.errors import Diagnostic, error

DATA_NAME = "authors"
KEYS = ("name", "bio", "photo", "url")


@dataclass(frozen=True)
class Profile:
    name: str
    bio: str = ""
    photo: str = ""  #: site path ("/images/a.jpg") or https URL
    url: str = ""  #: the author's own page elsewhere, optional


def load_profiles(
    data: Mapping[str, Any], sources: Mapping[str, str], static: set[str]
) -> tuple[dict[str, Profile], list[Diagnostic]]:
    """Profiles by casefolded name; `static` holds the content files a photo may name."""
    if DATA_NAME not in data:
        return {}, []
    source = sources.get(DATA_NAME, f"content/_data/{DATA_NAME}")
    document = data[DATA_NAME]
    entries = document.get("author") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return {}, [
            error(
                source,
                0,
                "author",
                "expected a list of author entries",
                '[[author]] name = "…" bio = "…"',
            )
        ]
    profiles: dict[str, Profile] = {}
    found: list[Diagnostic] = []
    for number, entry in enumerate(entries, start=1):
        label = f"author {number}"
        if not isinstance(entry, dict):
            found.append(error(source, 0, label, "expected a table with a name"))
            continue
        problems = [f"{key}: unknown key" for key in entry if key not in KEYS]
        problems += [
            f"{key}: expected text, got {entry[key]!r}"
            for key in KEYS
            if key in entry and not isinstance(entry[key], str)
        ]
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append("name: is required text")
        else:
            label += f" ({name.strip()})"
        photo = entry.get("photo", "")
        if isinstance(photo, str) and photo and not photo.startswith("https://"):
            photo = "/" + photo.lstrip("/")
            if photo.lstrip("/") not in static:
                problems.append(f"photo: {photo!r} is not a file under content/")
        if isinstance(name, str) and name.strip().casefold() in profiles:
            problems.append("name: listed twice")
        if problems:
            found += [error(source, 0, label, p) for p in problems]
            continue
        assert isinstance(name, str)
        profiles[name.strip().casefold()] = Profile(
            name.strip(), str(entry.get("bio", "")).strip(), str(photo), str(entry.get("url", ""))
        )
    return profiles, found
