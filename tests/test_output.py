"""The output folder: where atlasgen may write, the atomic swap that keeps
the previous site on failure, reproducible bytes, and what a build publishes."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, SITE_TOML, article, build, make_site, run, tree

import atlasgen
from atlasgen.output import deletion, survey, swap
from atlasgen.output.folder import OutputFolder
from atlasgen.output.ownership import MARKER, MARKER_TEXT
from atlasgen.output.swap import recover_interrupted

REFUSED = (
    "(choose another folder with --output or build.output)\n"
    "Build failed: 1 error(s); the output folder was left as it was.\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(
        tmp_path / "site",
        {
            "content/world/first.md": article("First story", "2026-11-20T10:00:00+00:00"),
            "content/world/second.md": article("Second story", "2026-11-21T10:00:00+00:00"),
        },
    )


def refusal(result_stderr: str, folder: str, why: str) -> None:
    assert result_stderr == (
        f"site.toml: build.output: refusing to write the site into {folder}: it {why} {REFUSED}"
    )


def leftovers(folder: Path) -> list[str]:
    """atlasgen's temporary folders next to an output folder."""
    return sorted(p.name for p in folder.parent.iterdir() if ".atlasgen-" in p.name)


# -- which folders atlasgen may replace ---------------------------------------------------------


def test_the_site_root_is_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    before = tree(site)
    result = build(site, "--output", ".")
    assert result.exit_code == 1
    refusal(result.stderr, ".", "is the site's own folder")
    assert tree(site) == before


def test_the_site_root_is_refused_from_site_toml_too(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article()}, site_toml=SITE_TOML + '[build]\noutput = "."\n'
    )
    before = tree(site)
    result = build(site)
    assert result.exit_code == 1
    refusal(result.stderr, str(site), "is the site's own folder")
    assert tree(site) == before


def test_a_folder_holding_the_site_is_refused(site: Path) -> None:
    result = build(site, "--output", str(site.parent))
    assert result.exit_code == 1
    refusal(result.stderr, str(site.parent), "holds the site's folder")


def test_a_folder_holding_content_is_refused(site: Path, tmp_path: Path) -> None:
    other = make_site(tmp_path / "other-site", {"content/world/x.md": article()})
    before = tree(other)
    result = build(site, "--output", str(other))
    assert result.exit_code == 1
    refusal(result.stderr, str(other), "holds a content/ folder")
    assert tree(other) == before


def test_a_folder_inside_content_is_refused(site: Path) -> None:
    result = build(site, "--output", str(site / "content/out"))
    assert result.exit_code == 1
    refusal(result.stderr, str(site / "content/out"), "is inside content/")
    assert not (site / "content/out").exists()


def test_a_theme_folder_is_refused(site: Path) -> None:
    result = build(site, "--output", str(site / "themes/atlas"))
    assert result.exit_code == 1
    refusal(result.stderr, str(site / "themes/atlas"), "is inside a theme or template folder")


def test_a_non_empty_folder_without_the_marker_is_refused(site: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "taxes.txt").write_text("keep me")
    result = build(site, "--output", str(mine))
    assert result.exit_code == 1
    refusal(result.stderr, str(mine), "is not empty and was not made by atlasgen")
    assert tree(mine) == {"taxes.txt": b"keep me"}


def test_a_non_empty_public_folder_that_atlasgen_did_not_make_is_refused(site: Path) -> None:
    (site / "public").mkdir()
    (site / "public/index.html").write_text("hand-made")
    result = build(site)
    assert result.exit_code == 1
    refusal(result.stderr, str(site / "public"), "is not empty and was not made by atlasgen")
    assert tree(site / "public") == {"index.html": b"hand-made"}


def test_an_empty_folder_is_accepted(site: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = build(site, "--output", str(empty))
    assert result.exit_code == 0, result.output
    assert (empty / MARKER).is_file()
    assert (empty / "world/first/index.html").is_file()


def test_a_missing_folder_is_created_with_its_parents(site: Path, tmp_path: Path) -> None:
    result = build(site, "--output", str(tmp_path / "deep/er/out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deep/er/out/index.html").is_file()


def test_its_own_previous_output_is_replaced_whole(site: Path) -> None:
    assert build(site).exit_code == 0
    (site / "public/stale.html").write_text("from an old build")
    (site / "content/world/second.md").unlink()
    (site / "content/_data").mkdir()  # (a published URL is kept, here as a gone one)
    (site / "content/_data/gone.toml").write_text('[[gone]]\nurl = "/world/second/"\n')
    result = build(site)
    assert result.exit_code == 0, result.output
    public = site / "public"
    assert not (public / "stale.html").exists()
    assert "This story has been removed" in (public / "world/second/index.html").read_text()
    assert (public / "world/first/index.html").is_file()
    assert leftovers(public) == []


# -- the atomic swap ---------------------------------------------------------------------------


def test_a_failed_build_leaves_the_old_output_byte_for_byte(site: Path) -> None:
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/broken.md").write_text(
        article(published="'April 9th'"), encoding="utf-8"
    )
    (site / "content/world/first.md").write_text(article("Changed title"), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.startswith("content/world/broken.md:3: published: ")
    assert tree(site / "public") == before
    assert leftovers(site / "public") == []


def test_a_build_that_fails_while_writing_keeps_the_old_output(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/third.md").write_text(article("Third"), encoding="utf-8")
    real_write = OutputFolder.write
    calls = []

    def failing_write(self: OutputFolder, rel_path: str, data: str | bytes) -> None:
        calls.append(rel_path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(self, rel_path, data)

    monkeypatch.setattr(OutputFolder, "write", failing_write)
    result = build(site)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert tree(site / "public") == before
    assert leftovers(site / "public") == []


def test_the_swap_without_renameat2_gives_the_same_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(site, "--output", str(tmp_path / "a")).exit_code == 0
    assert build(site, "--output", str(tmp_path / "a")).exit_code == 0
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    assert build(site, "--output", str(tmp_path / "b")).exit_code == 0
    assert build(site, "--output", str(tmp_path / "b")).exit_code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert leftovers(tmp_path / "a") == []


def test_a_swap_that_fails_halfway_puts_the_old_output_back(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/third.md").write_text(article("Third"), encoding="utf-8")
    real_rename = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == "public" and ".atlasgen-new-" in Path(src).name:
            raise OSError(5, "Input/output error")
        real_rename(src, dst)

    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    monkeypatch.setattr(os, "rename", rename)
    result = build(site)
    assert result.exit_code == 1
    assert tree(site / "public") == before
    assert leftovers(site / "public") == []


def make_output(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("marker")
    for rel, text in files.items():
        (folder / rel).write_text(text)


def test_recover_interrupted_restores_an_output_left_between_the_renames(tmp_path: Path) -> None:
    target = tmp_path / "public"
    make_output(tmp_path / ".public.atlasgen-old-4242", {"index.html": "old site"})
    make_output(tmp_path / ".public.atlasgen-new-4242", {"index.html": "half written"})
    recover_interrupted(target)
    assert tree(target) == {MARKER: b"marker", "index.html": b"old site"}
    assert leftovers(target) == []


def test_recover_interrupted_drops_leftovers_when_the_output_is_in_place(tmp_path: Path) -> None:
    target = tmp_path / "public"
    make_output(target, {"index.html": "current"})
    make_output(tmp_path / ".public.atlasgen-old-1", {"index.html": "older"})
    make_output(tmp_path / ".public.atlasgen-new-2", {"index.html": "half"})
    (tmp_path / ".public.atlasgen-new-3").mkdir()  # killed before the marker was written
    recover_interrupted(target)
    assert tree(target) == {MARKER: b"marker", "index.html": b"current"}
    assert leftovers(target) == []


def test_recover_interrupted_leaves_look_alike_folders_it_did_not_make(tmp_path: Path) -> None:
    target = tmp_path / "public"
    make_output(target, {"index.html": "current"})
    mine = tmp_path / ".public.atlasgen-new-mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    recover_interrupted(target)
    assert tree(mine) == {"notes.txt": b"mine"}


def test_the_next_build_recovers_from_a_killed_swap(site: Path) -> None:
    assert build(site).exit_code == 0
    before = tree(site / "public")
    os.rename(site / "public", site / ".public.atlasgen-old-99")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert tree(site / "public") == before
    assert leftovers(site / "public") == []


def test_files_outside_the_output_folder_are_never_touched(site: Path, tmp_path: Path) -> None:
    (tmp_path / "neighbour").mkdir()
    (tmp_path / "neighbour/file.txt").write_text("next door")
    (tmp_path / ".hidden").write_text("hidden")
    (tmp_path / "out-notes.txt").write_text("beside the output")
    out = tmp_path / "out"

    def everything_but_output() -> dict[str, bytes]:
        return {k: v for k, v in tree(tmp_path).items() if not k.startswith("out/")}

    before = everything_but_output()
    assert build(site, "--output", str(out)).exit_code == 0
    assert build(site, "--output", str(out)).exit_code == 0
    (site / "content/world/bad.md").write_text("no front matter", encoding="utf-8")
    assert build(site, "--output", str(out)).exit_code == 1
    (site / "content/world/bad.md").unlink()
    after = everything_but_output()
    assert {name: after.get(name) for name in before} == before  # nothing changed or deleted
    assert leftovers(out) == []


# -- reproducible output -------------------------------------------------------------------------


def test_two_builds_with_the_same_now_are_byte_identical(site: Path, tmp_path: Path) -> None:
    assert build(site, "--output", str(tmp_path / "one")).exit_code == 0
    assert build(site, "--output", str(tmp_path / "two/deeper")).exit_code == 0
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two/deeper")
    assert len(first) > 5
    assert first == second


def test_source_date_epoch_gives_the_same_site_as_the_same_now(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(site, "--output", str(tmp_path / "with-now")).exit_code == 0
    epoch = int(datetime.fromisoformat(NOW).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = run("build", "--site", str(site), "--output", str(tmp_path / "with-epoch"))
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "with-epoch") == tree(tmp_path / "with-now")


def test_now_wins_over_source_date_epoch(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "content/world/later.md").write_text(
        article("Later", "2026-12-01T09:00:00+00:00"), encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830000000")  # 2027-12-28: "later" is out
    assert build(site).exit_code == 0  # --now NOW: "later" is still scheduled
    assert not (site / "public/world/later").exists()


def test_a_bad_source_date_epoch_is_a_usage_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    result = run("build", "--site", str(site))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: SOURCE_DATE_EPOCH: not a time (invalid literal for int() "
        "with base 10: 'last tuesday')\n"
    )


# -- what a build publishes -----------------------------------------------------------------------


def test_drafts_are_left_out_unless_drafts(site: Path) -> None:
    (site / "content/world/draft.md").write_text(
        article("Secret draft", draft="true", tags="[Leaks]"), encoding="utf-8"
    )
    assert build(site).exit_code == 0
    public = site / "public"
    assert not (public / "world/draft").exists()
    assert not (public / "tags/leaks").exists()
    assert not any(b"Secret draft" in data for data in tree(public).values())

    assert build(site, "--drafts").exit_code == 0
    assert (public / "world/draft/index.html").is_file()
    assert (public / "tags/leaks/index.html").is_file()


def test_scheduled_articles_are_left_out_unless_future(site: Path) -> None:
    (site / "content/world/later.md").write_text(
        article("Embargoed story", "2026-12-01T09:00:00+00:00"), encoding="utf-8"
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    public = site / "public"
    assert not (public / "world/later").exists()
    assert not any(b"Embargoed story" in data for data in tree(public).values())

    result = build(site, "--future")
    assert result.exit_code == 0, result.output
    assert (public / "world/later/index.html").is_file()
    assert "next scheduled" not in result.stdout


def test_the_summary_names_the_next_scheduled_article(site: Path) -> None:
    (site / "content/world/much-later.md").write_text(
        article("Much later", "2027-01-05T09:00:00+00:00"), encoding="utf-8"
    )
    (site / "content/world/later.md").write_text(
        article("Later", "2026-12-01T07:30:00-05:00"), encoding="utf-8"
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    built, _, scheduled = result.stdout.partition("; ")
    assert built.startswith("Built ") and built.endswith(" into public/")
    assert scheduled == (
        "next scheduled: content/world/later.md at 1 Dec 2026, 12:30:00 "
        "(Europe/London), 2026-12-01T07:30:00-05:00\n"
    )


def test_an_article_published_exactly_now_is_published(site: Path) -> None:
    (site / "content/world/now.md").write_text(article("Right now", NOW), encoding="utf-8")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert (site / "public/world/now/index.html").is_file()
    assert "next scheduled" not in result.stdout


def test_static_files_from_content_and_the_theme_are_copied(site: Path) -> None:
    (site / "content/images").mkdir()
    (site / "content/images/photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (site / "content/world/report.pdf").write_bytes(b"%PDF-1.7")
    (site / "content/images/.DS_Store").write_bytes(b"junk")
    assert build(site).exit_code == 0
    public = site / "public"
    assert (public / "images/photo.jpg").read_bytes() == b"\xff\xd8\xff\xe0 not really a jpeg"
    assert (public / "world/report.pdf").read_bytes() == b"%PDF-1.7"
    assert not (public / "images/.DS_Store").exists()
    css = (public / "static/atlas.css").read_bytes()
    shipped = Path(atlasgen.__file__).parent / "themes/atlas/static/atlas.css"
    assert css == shipped.read_bytes()


def test_markdown_sources_and_data_files_are_not_copied(site: Path) -> None:
    (site / "content/_data").mkdir()
    (site / "content/_data/desks.toml").write_text("[london]\nphone = '020 7946 0000'\n")
    assert build(site).exit_code == 0
    names = tree(site / "public")
    assert not any(name.endswith(".md") for name in names)
    assert not any(name.startswith("_data") for name in names)


def test_many_kept_files_are_linked_by_threads_and_the_old_site_goes(tmp_path: Path) -> None:
    """Past KEEP_THREADS_FROM files, threads link them; past BACKGROUND_DELETE, the old
    folder is removed by a detached process after the swap."""
    site = make_site(tmp_path, {"content/a.md": article("A")})
    target = tmp_path / "public"
    names = [f"d{i // 50}/f{i}.html" for i in range(deletion.BACKGROUND_DELETE + 100)]
    with OutputFolder(site, target) as out:
        for name in names:
            out.write(name, name)
        out.write(".well-known/security.txt", "hidden files go too")
        out.commit("one")
    inodes = {name: (target / name).stat().st_ino for name in names}
    with OutputFolder(site, target) as out:
        out.keep_all(names[1:])
        out.write(names[0], "changed")
        out.commit("two", len(names))
    assert {n: (target / n).stat().st_ino for n in names[1:]} == {n: inodes[n] for n in names[1:]}
    assert (target / names[0]).read_text() == "changed"
    assert (target / names[-1]).read_text() == names[-1]
    for remover in deletion.REMOVING:
        remover.wait(timeout=60)
    assert leftovers(target) == []


# -- the spare: the swapped-out output, staged into by the next build ----------------------------


def _inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


def test_the_swapped_out_output_becomes_the_spare_and_the_next_build_stages_into_it(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spare = tmp_path / "public", tmp_path / "spares/public"
    names = [f"d{i % 7}/f{i}.html" for i in range(40)]
    with OutputFolder(site, target, tmp_path / "spares") as out:
        for name in names:
            out.write(name, name)
        out.commit("one")
    assert not spare.exists()  # nothing was swapped out yet
    with OutputFolder(site, target, tmp_path / "spares") as out:
        out.keep_all(names[1:])
        out.write(names[0], "changed")
        out.write("new.html", "new")
        out.commit("two")
    assert spare.is_dir() and (spare / MARKER).is_file()
    assert (spare / names[0]).read_text() == names[0]  # the first build's files
    second = _inodes(target)
    with OutputFolder(site, target, tmp_path / "spares") as out:
        assert out.staging.root.is_dir() and not spare.exists()  # adopted, not copied
        out.keep_all(names[:-1])  # names[-1] and new.html are gone from this build
        out.write("d0/other.html", "other")
        out.commit("three")
    assert tree(target) == {
        MARKER: (MARKER_TEXT + "build: three\n").encode(),
        "d0/other.html": b"other",
        **{name: (b"changed" if name == names[0] else name.encode()) for name in names[:-1]},
    }
    now = _inodes(target)
    assert {n: now[n] for n in names[:-1]} == {n: second[n] for n in names[:-1]}  # mtimes too
    assert (spare / "new.html").read_text() == "new"  # the second build's, as it was


def test_writing_into_the_spare_never_changes_the_live_output(tmp_path: Path) -> None:
    """The spare's files are hard links to the live ones: a staged write must replace the
    link, not write through it, and a failed build must leave the live site as it was."""
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target = tmp_path / "public"
    for build_id in ("one", "two"):
        with OutputFolder(site, target, tmp_path / "spares") as out:
            out.write("index.html", "home")
            out.write("about.html", "about")
            out.commit(build_id)
    before = tree(target)
    with pytest.raises(RuntimeError), OutputFolder(site, target, tmp_path / "spares") as out:
        out.keep("about.html")
        out.write("index.html", "new home")
        out.copy(site / "content/a.md", "about.html")
        raise RuntimeError("the build failed")
    assert tree(target) == before
    with OutputFolder(
        site, target, tmp_path / "spares"
    ) as out:  # the spare left by the failure still works
        out.write("index.html", "new home")
        out.commit("three")
    assert (target / "index.html").read_text() == "new home"
    assert not (target / "about.html").exists()


def test_whatever_the_spare_holds_the_staged_output_is_exactly_what_was_planned(
    tmp_path: Path,
) -> None:
    """Files someone put in the spare, files turned into folders and folders into files,
    a spare file that differs from the live one at a kept path: none of it survives."""
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spare = tmp_path / "public", tmp_path / "spares/public"
    for build_id in ("one", "two"):
        with OutputFolder(site, target, tmp_path / "spares") as out:
            out.write("kept.html", "kept")
            out.write("page/index.html", "page")
            out.write("flat", "flat")
            out.commit(build_id)
    (spare / "kept.html").unlink()
    (spare / "kept.html").write_text("tampered")  # not the live file any more
    (spare / "stray.html").write_text("stray")
    (spare / "stray").mkdir()
    (spare / "stray/deep.html").write_text("deep")
    with OutputFolder(site, target, tmp_path / "spares") as out:
        out.keep("kept.html")
        out.write("page", "now a file")  # was a folder
        out.write("flat/index.html", "now a folder")  # was a file
        out.commit("three")
    assert tree(target) == {
        MARKER: (MARKER_TEXT + "build: three\n").encode(),
        "kept.html": b"kept",
        "page": b"now a file",
        "flat/index.html": b"now a folder",
    }
    assert sorted(p.name for p in target.iterdir()) == sorted([MARKER, "kept.html", "page", "flat"])


def _two_builds(site: Path, target: Path, spares: Path) -> None:
    """Leave an output and, from the build before it, a spare."""
    for build_id in ("one", "two"):
        with OutputFolder(site, target, spares) as out:
            out.write("index.html", "home")
            out.write(f"{build_id}/index.html", build_id)
            out.commit(build_id)


def test_the_spare_is_read_while_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entering does not wait for the spare's folders to be listed; the first file staged
    does, and the result is as exact as ever (the stale "one/" goes)."""
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spares = tmp_path / "public", tmp_path / "spares"
    _two_builds(site, target, spares)
    gate = threading.Event()
    listing = survey.inventory

    def held(folder: Path, stop: threading.Event | None = None) -> Any:
        assert gate.wait(10)
        return listing(folder, stop)

    monkeypatch.setattr(survey, "found_by_find", lambda survey: None)
    monkeypatch.setattr(survey, "inventory", held)
    with OutputFolder(site, target, spares) as out:
        survey_thread = out.staging.survey
        assert survey_thread is not None and survey_thread.is_alive()  # entered all the same
        gate.set()
        out.keep("index.html")
        out.write("three/index.html", "three")
        out.commit("three")
    assert tree(target) == {
        MARKER: (MARKER_TEXT + "build: three\n").encode(),
        "index.html": b"home",
        "three/index.html": b"three",
    }


def test_a_build_that_stages_nothing_stops_reading_the_spare_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spares = tmp_path / "public", tmp_path / "spares"
    _two_builds(site, target, spares)
    kept = tree(spares / "public")
    listing = survey.inventory

    def stoppable(folder: Path, stop: threading.Event | None = None) -> Any:
        assert stop is not None and stop.wait(10)  # until the build leaves
        return listing(folder, stop)

    monkeypatch.setattr(survey, "found_by_find", lambda survey: None)
    monkeypatch.setattr(survey, "inventory", stoppable)
    with OutputFolder(site, target, spares):
        pass  # e.g. the plan found the output up to date
    assert tree(spares / "public") == {**kept, MARKER: MARKER_TEXT.encode()}


def test_a_spare_that_cannot_be_read_fails_every_staging_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staging without knowing what the spare holds could write through a link into the
    live site: each call raises the survey's error, and the live output stays."""
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spares = tmp_path / "public", tmp_path / "spares"
    _two_builds(site, target, spares)
    before = tree(target)

    def unreadable(folder: Path, stop: threading.Event | None = None) -> Any:
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(survey, "found_by_find", lambda survey: None)
    monkeypatch.setattr(survey, "inventory", unreadable)
    with OutputFolder(site, target, spares) as out:
        for call in (lambda: out.write("index.html", "new"), lambda: out.keep("index.html")):
            with pytest.raises(PermissionError):
                call()
    assert tree(target) == before


@pytest.mark.skipif(survey.FIND is None, reason="GNU find is not on this machine")
def test_find_lists_a_spare_as_the_python_walk_does(tmp_path: Path) -> None:
    folder = tmp_path / "spare"
    for name in ("a.html", "d/e/f.html", "with space/x y.html", "new\nline/z", "only/empty/"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if not name.endswith("/"):
            (folder / name).write_text(name)
    os.symlink("a.html", folder / "link")
    (folder / os.fsdecode(b"latin-\xe9.html")).write_text("not UTF-8")
    listing = survey.Survey(folder)
    listing.join()
    assert listing.error is None
    found, dirs = survey.inventory(folder)
    assert (listing.found, sorted(listing.dirs)) == (found, sorted(dirs))
    assert survey.found_by_find(listing) is not None  # (not the walk's answer again)
    assert "new\nline/z" in found and os.fsdecode(b"latin-\xe9.html") in found


def test_a_spare_that_is_not_an_output_is_not_used(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"content/a.md": article("A")})
    target, spare = tmp_path / "public", tmp_path / "spares/public"
    spare.mkdir(parents=True)
    (spare / "notes.txt").write_text("not ours")
    with OutputFolder(site, target, tmp_path / "spares") as out:
        out.write("index.html", "home")
        out.commit("one")
    assert tree(target) == {
        MARKER: (MARKER_TEXT + "build: one\n").encode(),
        "index.html": b"home",
    }
    assert tree(spare) == {"notes.txt": b"not ours"}  # left as it was


def test_a_delete_cut_short_leaves_a_folder_still_marked_as_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marker goes last, so a killed build's half-deleted folder is still recognised
    (and finished) by the next build, never left behind as a stranger's."""
    target = tmp_path / "public"
    make_output(target, {"index.html": "current"})
    old = tmp_path / ".public.atlasgen-old-7"
    make_output(old, {"a.html": "a", "b.html": "b", "c.html": "c"})
    removed: list[str] = []

    def remove(path: Path, folders: bool = True) -> None:
        removed.append(path.name)
        if len(removed) == 2:
            raise KeyboardInterrupt  # killed halfway
        os.unlink(path)

    monkeypatch.setattr(deletion, "remove", remove)
    with pytest.raises(KeyboardInterrupt):
        deletion.delete_folder(old)
    assert (old / MARKER).is_file() and MARKER not in removed
    monkeypatch.undo()
    recover_interrupted(target)
    assert leftovers(target) == []
