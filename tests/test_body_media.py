"""Body media on tiny real sites: pictures as figures with the hero's variants, galleries,
video and audio players, their feed enclosures, embeds in feeds, errors at the file's own
line, and rebuilds when a picture a body shows changes."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from conftest import NOW, article, build, clean_tree, jpeg, make_site, tree

from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.content.markdown import MarkdownRenderer

PICTURE = jpeg(1200, 800, "navy")
CLIP = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 1000  #: stands in for an MP4: never decoded
SOUND = b"ID3" + b"\x00" * 500


def _site(tmp_path: Path, body: str, files: dict[str, bytes] | None = None) -> Path:
    """A site of one story with this body, and these files under content/."""
    found: dict[str, str | bytes] = {"content/world/a.md": article("A story", body=body)}
    found.update({f"content/{name}": data for name, data in (files or {}).items()})
    return make_site(tmp_path / "site", found)


def _page(site: Path) -> str:
    return (site / "public/world/a/index.html").read_text()


def test_a_picture_alone_is_a_figure_with_variants_sizes_and_its_caption(tmp_path: Path) -> None:
    body = 'Intro.\n\n![Ferries at the quay](/images/quay.jpg "The quay at dawn.")\n\nMore.'
    site = _site(tmp_path, body, {"images/quay.jpg": PICTURE})
    result = build(site)
    assert result.exit_code == 0, result.output
    page = _page(site)
    figure = re.search(r'<figure class="figure">.*?</figure>', page).group()
    assert '<source type="image/webp" srcset="/static/img/quay-480.' in figure
    assert re.search(r'<img src="/static/img/quay-960\.[0-9a-f]{10}\.jpg" srcset="', figure)
    assert 'sizes="(min-width: 40rem) 36rem, calc(100vw - 2rem)"' in figure
    assert 'alt="Ferries at the quay" width="1200" height="800" loading="lazy"' in figure
    assert figure.endswith("<figcaption>The quay at dawn.</figcaption></figure>")
    written = sorted(p.name.split(".")[0] for p in (site / "public/static/img").iterdir())
    assert written == ["quay-1200", "quay-1200", "quay-480", "quay-480", "quay-960", "quay-960"]


def test_a_story_that_opens_with_a_picture_loads_it_at_once(tmp_path: Path) -> None:
    site = _site(tmp_path, "![A map](/images/quay.jpg)\n\nText.", {"images/quay.jpg": PICTURE})
    assert build(site).exit_code == 0
    assert 'alt="A map" width="1200" height="800" decoding="async">' in _page(site)


def test_a_picture_from_another_site_is_kept_and_loads_lazily(tmp_path: Path) -> None:
    site = _site(tmp_path, 'Text.\n\n![A chart](https://cdn.example.org/c.png "Source: ONS")')
    assert build(site).exit_code == 0
    assert (
        '<figure class="figure"><img src="https://cdn.example.org/c.png" alt="A chart"'
        ' loading="lazy" decoding="async"><figcaption>Source: ONS</figcaption></figure>'
    ) in _page(site)


def test_a_missing_body_picture_is_an_error_at_its_line(tmp_path: Path) -> None:
    body = "Text.\n\nMore text.\n\n![A map](/images/map.png)\n![Two](../../images/gone.jpg)"
    site = _site(tmp_path, body)
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/world/a.md:10: image: '/images/map.png' is not a file under content/",
        "content/world/a.md:11: image: '../../images/gone.jpg' is not a file under content/",
    ]
    assert not (site / "public").exists()


def test_an_empty_alt_is_a_warning_and_an_error_when_strict(tmp_path: Path) -> None:
    site = _site(tmp_path, "Text.\n\n![](/images/quay.jpg)", {"images/quay.jpg": PICTURE})
    result = build(site)
    assert result.exit_code == 0
    message = (
        "content/world/a.md:8: warning: image: the picture has no alt text (describe it for"
        " readers who cannot see it: ![what it shows](...))"
    )
    assert message in result.stderr
    strict = build(site, "--strict")
    assert strict.exit_code == 1
    assert message in strict.stderr


def test_pictures_on_lines_of_their_own_make_a_gallery(tmp_path: Path) -> None:
    body = (
        "Text.\n\n"
        '![First](/images/one.jpg "One.")\n'
        '![Second](/images/two.jpg "Two.")\n'
        "![Third](https://cdn.example.org/3.jpg)\n"
    )
    site = _site(
        tmp_path,
        body,
        {"images/one.jpg": jpeg(800, 600, "red"), "images/two.jpg": jpeg(640, 480, "blue")},
    )
    assert build(site).exit_code == 0
    page = _page(site)
    gallery = re.search(r'<div class="gallery".*?</div>', page).group()
    assert gallery.startswith(
        '<div class="gallery" role="group" aria-label="Gallery of 3 pictures">'
    )
    assert gallery.count('<figure class="gallery__item">') == 3
    assert re.search(
        r'<a class="gallery__open" href="/static/img/one-800\.[0-9a-f]{10}\.jpg"'
        r' aria-label="First \(full size\)">',
        gallery,
    )
    assert "<figcaption>One.</figcaption>" in gallery and "<figcaption>Two.</figcaption>" in gallery
    assert '<img src="https://cdn.example.org/3.jpg" alt="Third" loading="lazy"' in gallery
    assert "<script" not in gallery


def test_a_video_link_alone_is_a_player_with_its_poster_and_enclosure(tmp_path: Path) -> None:
    body = "Text.\n\n[The launch, filmed from the quay](/media/launch.mp4)"
    files = {"media/launch.mp4": CLIP, "media/launch.jpg": jpeg(320, 180, "grey")}
    site = _site(tmp_path, body, files)
    result = build(site)
    assert result.exit_code == 0, result.output
    assert (
        '<figure class="media media--video"><video controls preload="none"'
        ' poster="/media/launch.jpg"><source src="/media/launch.mp4" type="video/mp4">'
        '<a href="/media/launch.mp4">The launch, filmed from the quay</a></video>'
        "<figcaption>The launch, filmed from the quay</figcaption></figure>"
    ) in _page(site)
    assert (site / "public/media/launch.mp4").read_bytes() == CLIP
    assert (site / "public/media/launch.jpg").exists()
    item = feedparser.parse((site / "public/feed.xml").read_bytes()).entries[0]
    assert [(e.href, e.length, e.type) for e in item.enclosures] == [
        ("https://news.example.org/media/launch.mp4", str(len(CLIP)), "video/mp4")
    ]


def test_an_audio_link_alone_is_an_audio_player(tmp_path: Path) -> None:
    site = _site(tmp_path, "[Listen](/media/brief.mp3)", {"media/brief.mp3": SOUND})
    assert build(site).exit_code == 0
    assert (
        '<audio controls preload="none"><source src="/media/brief.mp3" type="audio/mpeg">'
        '<a href="/media/brief.mp3">Listen</a></audio>'
    ) in _page(site)
    rss = (site / "public/feed.xml").read_text()
    assert f'<enclosure url="https://news.example.org/media/brief.mp3" length="{len(SOUND)}"' in rss


def test_a_missing_video_is_an_error_at_its_line(tmp_path: Path) -> None:
    result = build(_site(tmp_path, "Text.\n\n[Clip](/media/none.webm)"))
    assert result.exit_code == 1
    assert "content/world/a.md:8: video: '/media/none.webm' is not a file under content/" in (
        result.stderr
    )


def test_an_embed_loads_its_script_and_feeds_carry_only_its_link(tmp_path: Path) -> None:
    site = _site(tmp_path, "Text.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ")
    (site / "content/world/b.md").write_text(article("Plain story", body="Only words."))
    assert build(site).exit_code == 0
    page = _page(site)
    assert re.search(r'<script src="/static/embed\.[0-9a-f]{10}\.js" defer></script>', page)
    assert "/static/embed." not in (site / "public/world/b/index.html").read_text()
    rss = (site / "public/feed.xml").read_text()
    assert "youtube-nocookie" not in rss and "embed__load" not in rss
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener"&gt;' in rss


def test_a_changed_body_picture_renders_its_page_again(tmp_path: Path) -> None:
    site = _site(tmp_path, "Text.\n\n![A map](/images/quay.jpg)", {"images/quay.jpg": PICTURE})
    assert build(site).exit_code == 0
    before = _page(site)
    (site / "content/images/quay.jpg").write_bytes(jpeg(1000, 500, "green"))
    result = build(site)
    assert result.exit_code == 0
    after = _page(site)
    assert after != before and 'width="1000" height="500"' in after
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_body_picture_is_listed_once_with_the_hero_picture_of_another_story(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("A story", body="![Quay](/images/quay.jpg)"),
            "content/world/b.md": article(
                "B story", image="{src: /images/quay.jpg, alt: Quay}", body="Text."
            ),
            "content/images/quay.jpg": PICTURE,
        },
    )
    assert build(site).exit_code == 0
    assert len(list((site / "public/static/img").iterdir())) == 6


def test_a_rebuild_takes_what_bodies_show_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, "Text.\n\n![A map](/images/quay.jpg)", {"images/quay.jpg": PICTURE})
    parsed: list[str] = []
    media = MarkdownRenderer.media
    monkeypatch.setattr(MarkdownRenderer, "media", lambda r, t: parsed.append(t) or media(r, t))
    assert build(site).exit_code == 0
    assert len(parsed) == 1
    (site / "content/images/quay.jpg").write_bytes(jpeg(600, 400, "teal"))
    assert build(site).exit_code == 0
    assert len(parsed) == 1  # the body was not parsed again; the picture was measured again
    assert 'width="600" height="400"' in _page(site)


def test_a_previews_quick_page_shows_body_pictures_as_the_build_does(tmp_path: Path) -> None:
    body = "Text.\n\n![A map](/images/quay.jpg)\n\nhttps://youtu.be/dQw4w9WgXcQ"
    site = _site(tmp_path, body, {"images/quay.jpg": PICTURE})
    options = BuildOptions(output=site / "preview", preview=True, jobs=1, now=NOW)
    quick = build_site(site, options).quick
    assert quick is not None
    story = "content/world/a.md"
    (site / story).write_text(article("A story", body=body.replace("Text.", "New text.")))
    page = quick.page_edit(story)
    assert page is not None
    build_site(site, options)
    assert page.html == (site / "preview" / page.path).read_text(encoding="utf-8")
    assert "/static/img/quay-960." in page.html and "/static/embed." in page.html
