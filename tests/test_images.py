"""Responsive images: variants, markup, the content-hash cache, determinism, errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import article, build, make_site, tree
from PIL import Image

import atlasgen.content.images

HERO = "{src: /images/pic.%s, alt: A test picture}"
VARIANT = re.compile(r"static/img/pic-(\d+)\.([0-9a-f]{10})\.(webp|jpg|png)$")


def picture(width: int, height: int, fmt: str = "JPEG", orientation: int = 0) -> bytes:
    """A gradient, so that encoders have real work to do."""
    image = Image.new("RGB", (width, height))
    image.putdata(
        [(x * 255 // width, y * 255 // height, 128) for y in range(height) for x in range(width)]
    )
    buffer = io.BytesIO()
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def site_with(tmp_path: Path, data: bytes, suffix: str = "jpg", toml: str = "") -> Path:
    from conftest import SITE_TOML

    return make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("Story A", image=HERO % suffix),
            f"content/images/pic.{suffix}": data,
        },
        SITE_TOML + toml,
    )


def variants(public: Path) -> dict[str, tuple[int, int]]:
    """Generated files (relative path) -> pixel size."""
    found = {}
    for path in sorted((public / "static/img").glob("*")):
        with Image.open(path) as image:
            found[path.relative_to(public).as_posix()] = image.size
    return found


def widths_and_formats(public: Path) -> list[tuple[int, str]]:
    found = []
    for rel in variants(public):
        match = VARIANT.search(rel)
        assert match, rel
        found.append((int(match.group(1)), match.group(3)))
    return sorted(found)


def test_a_local_hero_is_published_in_three_widths_as_webp_and_in_its_own_format(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, picture(1600, 900))
    assert build(site).exit_code == 0
    public = site / "public"
    assert widths_and_formats(public) == [
        (480, "jpg"), (480, "webp"), (960, "jpg"), (960, "webp"), (1600, "jpg"), (1600, "webp")
    ]  # fmt: skip
    assert set(variants(public).values()) == {(480, 270), (960, 540), (1600, 900)}
    assert (public / "images/pic.jpg").is_file()  # the original stays, for feeds and sharing


def test_the_article_page_offers_the_variants_with_sizes_and_dimensions(tmp_path: Path) -> None:
    site = site_with(tmp_path, picture(1600, 900))
    assert build(site).exit_code == 0
    html = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    hero = re.search(r"<picture>.*?</picture>", html, re.S)
    assert hero is not None
    markup = hero.group(0)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', markup)
    assert webp is not None
    assert [c.split()[1] for c in webp.group(1).split(", ")] == ["480w", "960w", "1600w"]
    assert 'srcset="/static/img/pic-480.' in markup and ".jpg 480w" in markup
    assert re.search(r'<img src="/static/img/pic-960\.[0-9a-f]{10}\.jpg"', markup)
    assert 'width="1600" height="900"' in markup
    assert 'fetchpriority="high"' in markup and 'loading="lazy"' not in markup
    assert 'alt="A test picture"' in markup
    # Open Graph and JSON-LD keep the original, absolute
    assert 'property="og:image" content="https://news.example.org/images/pic.jpg"' in html


def test_list_pictures_are_lazy_below_the_first(tmp_path: Path) -> None:
    from conftest import SITE_TOML

    files: dict[str, str | bytes] = {
        f"content/world/s{i}.md": article(
            f"Story {i}", f"2026-11-2{i}T10:00:00Z", image=HERO % "png"
        )
        for i in range(1, 4)
    }
    files["content/images/pic.png"] = picture(800, 450, "PNG")
    site = make_site(tmp_path / "site", files, SITE_TOML)
    assert build(site).exit_code == 0
    html = (site / "public/world/index.html").read_text(encoding="utf-8")
    imgs = re.findall(r"<img [^>]*class=\"row__img\"[^>]*>", html)
    assert len(imgs) == 3
    assert "loading" not in imgs[0] and "fetchpriority" not in imgs[0]
    assert all('loading="lazy"' in img for img in imgs[1:])
    assert all('sizes="(max-width: 36rem) 6.5rem, 13rem"' in img for img in imgs)
    # three articles, one picture: one set of variants, no clash
    assert widths_and_formats(site / "public") == [
        (480, "png"), (480, "webp"), (800, "png"), (800, "webp")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("size", "expected"),
    [((700, 400), [480, 700]), ((300, 200), [300]), ((2400, 1200), [480, 960, 1600])],
)
def test_pictures_are_never_upscaled(
    tmp_path: Path, size: tuple[int, int], expected: list[int]
) -> None:
    site = site_with(tmp_path, picture(*size, "PNG"), "png")
    assert build(site).exit_code == 0
    found = widths_and_formats(site / "public")
    assert sorted({w for w, _ in found}) == expected
    assert {f for _, f in found} == {"png", "webp"}


def test_a_webp_original_gets_webp_variants_only(tmp_path: Path) -> None:
    site = site_with(tmp_path, picture(1000, 500, "WEBP"), "webp")
    assert build(site).exit_code == 0
    assert widths_and_formats(site / "public") == [(480, "webp"), (960, "webp"), (1000, "webp")]
    html = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert "<picture>" not in html and 'srcset="/static/img/pic-480.' in html


def test_a_gif_and_an_external_picture_are_used_as_they_are(tmp_path: Path) -> None:
    from conftest import SITE_TOML

    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article("Story A", image=HERO % "gif"),
            "content/world/b.md": article(
                "Story B", image="{src: 'https://img.example.com/b.jpg', alt: B}"
            ),
            "content/images/pic.gif": picture(600, 300, "GIF"),
        },
        SITE_TOML,
    )
    assert build(site).exit_code == 0
    assert not (site / "public/static/img").exists()
    a = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert '<img src="/images/pic.gif" alt="A test picture" width="600" height="300"' in a
    b = (site / "public/world/b/index.html").read_text(encoding="utf-8")
    assert '<img src="https://img.example.com/b.jpg" alt="B" fetchpriority="high"' in b
    assert "srcset" not in a + b


def test_a_rotated_photo_is_published_upright(tmp_path: Path) -> None:
    site = site_with(tmp_path, picture(600, 300, orientation=6))  # EXIF: turn 90° clockwise
    assert build(site).exit_code == 0
    assert set(variants(site / "public").values()) == {(300, 600)}
    html = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert 'width="300" height="600"' in html


def test_an_unchanged_picture_is_processed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with(tmp_path, picture(1200, 600))
    assert build(site).exit_code == 0
    first = variants(site / "public")
    cached = sorted(p.name for p in (site / ".atlasgen/cache/images").rglob("*") if p.is_file())
    assert cached == [
        *("1200.jpg", "1200.webp", "480.jpg", "480.webp", "960.jpg", "960.webp"),
        "last-used.json",  # imagecache.py: when each picture was last used
        "seal",  # the keyed hash of the variants
    ]

    def refuse(*args: object) -> None:
        raise AssertionError("processed again")

    monkeypatch.setattr(atlasgen.content.images, "render_variants", refuse)
    assert build(site, "--output", str(tmp_path / "elsewhere")).exit_code == 0
    assert tree(tmp_path / "elsewhere/static/img") == tree(site / "public/static/img")
    assert build(site).exit_code == 0  # and with the previous output there
    assert variants(site / "public") == first


def test_an_edited_picture_gets_new_urls(tmp_path: Path) -> None:
    site = site_with(tmp_path, picture(1200, 600))
    assert build(site).exit_code == 0
    before = set(variants(site / "public"))
    (site / "content/images/pic.jpg").write_bytes(picture(1200, 500))
    assert build(site).exit_code == 0
    after = set(variants(site / "public"))
    assert before.isdisjoint(after) and len(after) == 6
    html = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert all(name.removeprefix("static/img/") in html for name in after)


def test_processing_gives_the_same_bytes_every_time(tmp_path: Path) -> None:
    data = picture(1700, 900)
    trees = []
    for number in range(2):
        site = site_with(tmp_path / str(number), data, toml='\n[build]\ncache = ""\n')
        assert build(site, "--jobs", str(number + 1)).exit_code == 0
        assert not (site / ".atlasgen").exists()
        trees.append(tree(site / "public/static/img"))
    assert trees[0] == trees[1] and len(trees[0]) == 6


def test_a_missing_picture_is_an_error_naming_the_article_and_line(tmp_path: Path) -> None:
    from conftest import SITE_TOML

    site = make_site(
        tmp_path / "site",
        {"content/world/a.md": article("Story A", image=HERO % "jpg")},
        SITE_TOML,
    )
    result = build(site)
    assert result.exit_code == 1
    assert "content/world/a.md:5: image: src '/images/pic.jpg' is not a file under content/" in (
        result.stderr
    )


def test_a_file_that_is_no_picture_is_an_error_naming_the_article_and_line(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, b"<html>not a picture</html>")
    result = build(site)
    assert result.exit_code == 1
    assert "content/world/a.md:5: image: '/images/pic.jpg' is not a readable image" in (
        result.stderr
    )


def test_a_damaged_picture_fails_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    good = picture(1200, 600)
    site = site_with(tmp_path, good)
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/images/pic.jpg").write_bytes(good[: len(good) // 3])  # header intact
    result = build(site)
    assert result.exit_code == 1
    assert "content/world/a.md:5: image: '/images/pic.jpg' cannot be processed: " in (result.stderr)
    assert tree(site / "public") == before
