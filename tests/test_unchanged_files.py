"""A rebuild leaves files whose bytes did not change exactly as they were (same inode and
mtime), so deploys that sync by modification time upload only real changes."""

from __future__ import annotations

from pathlib import Path

from conftest import SITE_TOML, article, build, make_site


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_rebuild_without_changes_keeps_every_file(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"content/world/a.md": article("A story"), "content/images/x.jpg": b"\xff\xd8fake"},
    )
    assert build(site).exit_code == 0
    before = _stamps(site / "public")
    assert build(site).exit_code == 0
    assert _stamps(site / "public") == before


def test_in_ssi_mode_a_new_story_rewrites_only_what_shows_it(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/old.md": article("Old story", "2026-11-20T10:00:00Z"),
            "content/sports/match.md": article("Match", "2026-11-21T10:00:00Z", "Sports"),
        },
        SITE_TOML + '\n[tickers]\ninclude = "ssi"\n',
    )
    assert build(site).exit_code == 0
    before = _stamps(site / "public")
    (site / "content/sports/derby.md").write_text(
        article("Derby", "2026-11-26T10:00:00Z", "Sports"), encoding="utf-8"
    )
    assert build(site).exit_code == 0
    after = _stamps(site / "public")
    changed = {path for path, stamp in after.items() if before.get(path) != stamp}
    assert "world/old/index.html" not in changed
    assert "world/index.html" not in changed
    assert {"_includes/latest.html", "index.html", "sports/index.html"} <= changed
    assert "sports/derby/index.html" in changed
