from pathlib import Path

from conftest import article, build, make_site


def test_a_tiny_site_builds_its_pages(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/first-story.md": article("First story")})
    result = build(site)
    assert result.exit_code == 0, result.output
    page = (site / "public/world/first-story/index.html").read_text()
    assert '<h1 class="story__title">First story</h1>' in page
    assert (site / "public/index.html").is_file()
    assert (site / "public/world/index.html").is_file()
    assert (site / "public/404.html").is_file()
