"""Preview builds (--drafts, --future) show held-back stories and leak none of them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import article, build, make_site

ROBOTS = '<meta name="robots" content="noindex">'
BODY = "Bank rates and bank bonds: the central bank moved rates."


def _site(tmp_path: Path) -> Path:
    tags = "[Banks, Rates]"
    return make_site(
        tmp_path / "site",
        {
            "content/world/public.md": article("Public", body=BODY, tags=tags),
            "content/world/older.md": article(
                "Older", published="2026-11-10T10:00:00+00:00", body=BODY, tags=tags
            ),
            "content/business/draft.md": article(
                "Draft",
                category="Business",
                body=BODY,
                tags="[Banks, Rates, Secret deal]",
                draft="true",
            ),
            "content/business/later.md": article(
                "Later", "2027-01-01T00:00:00+00:00", "Business", BODY, tags=tags
            ),
        },
    )


def test_held_back_stories_are_noindex_and_out_of_everything_that_travels(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    out = tmp_path / "preview"
    result = build(site, "--drafts", "--future", "--output", str(out))
    assert result.exit_code == 0, result.output
    for held in ("business/draft", "business/later"):
        page = (out / held / "index.html").read_text()
        assert ROBOTS in page
        assert "data-pagefind-body" not in page  # out of the search index
    public = (out / "world/public/index.html").read_text()
    assert ROBOTS not in public and "data-pagefind-body" in public
    assert "/world/older/" in public  # the related list is there, without held stories
    assert "/business/draft/" not in public and "/business/later/" not in public
    travelling = ["feed.xml", "atom.xml", "world/feed.xml", "tags/banks/feed.xml"]
    travelling += ["sitemap.xml", "news-sitemap.xml", "_includes/latest.json"]
    for name in travelling:
        text = (out / name).read_text()
        assert "/business/draft/" not in text and "/business/later/" not in text, name
        assert "/business/" not in text or name != "sitemap.xml"
    assert not (out / "tags/secret-deal/feed.xml").exists()
    assert not (out / "business/feed.xml").exists()
    latest = json.loads((out / "_includes/latest.json").read_text())
    assert "Draft" not in json.dumps(latest)


def test_the_summary_says_preview_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = build(site, "--drafts", "--output", str(tmp_path / "preview"))
    assert "; preview build (--drafts): drafts and scheduled stories are noindex and " in (
        result.stdout
    )
    assert "warning: preview build" not in result.stderr
    plain = build(site)
    assert "preview build" not in plain.stdout + plain.stderr


def test_a_preview_build_into_the_sites_output_folder_warns(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = build(site, "--future")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "warning: preview build (--future) into public/, the site's own output folder: its "
        "drafts or scheduled stories are published if it is deployed (build previews with "
        "--output DIR)"
    )


def test_a_build_that_is_no_preview_is_as_before(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    public = (site / "public/world/public/index.html").read_text()
    assert ROBOTS not in public
    assert not (site / "public/business/draft").exists()
