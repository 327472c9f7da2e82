"""Front-page curation from content/_data/front.toml: small sites built through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, build, make_site, run

STORIES = {
    "content/world/oldest.md": article("Oldest story", "2026-11-20T10:00:00Z", "World"),
    "content/world/older.md": article("Older story", "2026-11-21T10:00:00Z", "World"),
    "content/business/middle.md": article("Middle story", "2026-11-22T10:00:00Z", "Business"),
    "content/business/newer.md": article("Newer story", "2026-11-23T10:00:00Z", "Business"),
    "content/sports/newest.md": article("Newest story", "2026-11-24T10:00:00Z", "Sports"),
    "content/sports/later.md": article("Later story", "2026-11-30T10:00:00Z", "Sports"),
    "content/world/unfinished.md": article(
        "Unfinished story", "2026-11-25T10:00:00Z", "World", draft="true"
    ),
}


def _site(tmp_path: Path, front: str) -> Path:
    return make_site(tmp_path, {**STORIES, "content/_data/front.toml": front})


def _front(site: Path) -> tuple[str, list[str]]:
    """The lead's headline and the headlines beside it, as the front page shows them."""
    page = (site / "public/index.html").read_text()
    lead = re.search(r'class="lead__title"><a href="[^"]+">([^<]+)<', page)
    assert lead is not None
    top = re.findall(r'class="brief__title"><a href="[^"]+">([^<]+)<', page)
    return lead.group(1), top


def test_curated_slots_come_first_then_the_newest_not_yet_shown(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "oldest"\ntop = ["middle", "older"]\n')
    result = build(site)
    assert result.exit_code == 0, result.output
    assert _front(site) == (
        "Oldest story",
        ["Middle story", "Older story", "Newest story", "Newer story"],
    )


def test_without_a_front_file_the_newest_story_leads(tmp_path: Path) -> None:
    site = make_site(tmp_path, STORIES)
    assert build(site).exit_code == 0
    assert _front(site) == (
        "Newest story",
        ["Newer story", "Middle story", "Older story", "Oldest story"],
    )


def test_a_curated_top_without_a_lead_follows_the_newest_story(tmp_path: Path) -> None:
    site = _site(tmp_path, 'top = ["oldest"]\n')
    assert build(site).exit_code == 0
    assert _front(site) == (
        "Newest story",
        ["Oldest story", "Newer story", "Middle story", "Older story"],
    )


def test_the_curation_holds_until_its_until_and_lapses_then(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "oldest"\nuntil = 2026-11-27T12:00:01Z\n')
    result = build(site)
    assert result.exit_code == 0  # conftest's now: 12:00:00, a second before
    assert _front(site)[0] == "Oldest story"
    assert (  # the summary names the time, for a CI schedule
        "; content/_data/front.toml ends at 27 Nov 2026, 12:00:01 (Europe/London), "
        "2026-11-27T12:00:01+00:00"
    ) in result.output
    result = run("build", "--site", str(site), "--now", "2026-11-27T12:00:01Z")
    assert result.exit_code == 0, result.output
    assert _front(site)[0] == "Newest story"
    assert "front.toml" not in result.output  # a lapsed curation is no problem


def test_an_until_without_offset_is_site_time(tmp_path: Path) -> None:
    # Europe/London is UTC in November: 12:00 there is the build's now, so it has lapsed.
    site = _site(tmp_path, 'lead = "oldest"\nuntil = 2026-11-27T12:00:00\n')
    assert build(site).exit_code == 0
    assert _front(site)[0] == "Newest story"


def test_an_unknown_slug_is_an_error_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "middle"\ntop = [\n  "newer",\n  "oldst",\n]\n')
    result = build(site)
    assert result.exit_code == 1
    assert (
        "content/_data/front.toml:4: top: no article has the slug 'oldst' (did you mean 'oldest'?)"
    ) in result.stderr
    assert not (site / "public").exists()


def test_check_reports_an_unknown_lead(tmp_path: Path) -> None:
    site = _site(tmp_path, '# the lead\nlead = "no-such-story"\n')
    result = run("check", "--site", str(site), "--now", "2026-11-27T12:00:00Z")
    assert result.exit_code == 1
    assert "content/_data/front.toml:2: lead: no article has the slug 'no-such-story'" in (
        result.stderr
    )


def test_scheduled_and_draft_slugs_are_skipped_with_a_warning(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "later"\ntop = ["unfinished", "oldest"]\n')
    result = build(site)
    assert result.exit_code == 0, result.output
    assert (
        "content/_data/front.toml:1: warning: lead: 'later' is scheduled for "
        "2026-11-30T10:00:00+00:00 (content/sports/later.md); skipped until it is published"
    ) in result.stderr
    assert (
        "content/_data/front.toml:2: warning: top: 'unfinished' is a draft "
        "(content/world/unfinished.md); skipped until it is published"
    ) in result.stderr
    assert _front(site) == (
        "Newest story",
        ["Oldest story", "Newer story", "Middle story", "Older story"],
    )


def test_a_scheduled_lead_takes_its_slot_once_it_goes_live(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "later"\n')
    result = run("build", "--site", str(site), "--now", "2026-11-30T10:00:00Z")
    assert result.exit_code == 0
    assert "later" not in result.stderr
    assert _front(site)[0] == "Later story"


def test_strict_makes_a_held_back_slug_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "later"\n')
    assert build(site, "--strict").exit_code == 1


def test_a_story_listed_twice_is_shown_once(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = "oldest"\ntop = ["oldest", "middle"]\n')
    result = build(site)
    assert result.exit_code == 0
    assert (
        "content/_data/front.toml:2: warning: top: 'oldest' is already on the front page; "
        "listed once"
    ) in result.stderr
    assert _front(site) == (
        "Oldest story",
        ["Middle story", "Newest story", "Newer story", "Older story"],
    )


def test_more_curated_slots_than_usual_are_all_shown(tmp_path: Path) -> None:
    top = '["oldest", "older", "middle", "newer", "newest"]'
    site = _site(tmp_path, f'lead = "later"\ntop = {top}\n')
    assert build(site, "--future").exit_code == 0
    assert _front(site) == (
        "Later story",
        ["Oldest story", "Older story", "Middle story", "Newer story", "Newest story"],
    )


def test_mistakes_in_the_front_file_are_reported_by_key(tmp_path: Path) -> None:
    site = _site(tmp_path, 'lead = 3\ntop = "oldest"\nuntill = 2026-11-28\nuntil = "soon"\n')
    result = build(site)
    assert result.exit_code == 1
    assert "content/_data/front.toml:1: lead: expected the slug of a story" in result.stderr
    assert (
        "content/_data/front.toml:3: warning: untill: unknown key (did you mean 'until'?)"
        in result.stderr
    )
    assert "content/_data/front.toml:4: until: 'soon' is not a timestamp" in result.stderr


def test_curating_rewrites_the_front_page_and_not_the_stories(tmp_path: Path) -> None:
    site = make_site(tmp_path, STORIES)
    assert build(site).exit_code == 0
    story = site / "public/world/older/index.html"
    before = story.stat().st_ino, story.read_bytes()
    (site / "content/_data").mkdir()
    (site / "content/_data/front.toml").write_text('lead = "older"\n')
    assert build(site).exit_code == 0
    assert _front(site)[0] == "Older story"
    assert (story.stat().st_ino, story.read_bytes()) == before
