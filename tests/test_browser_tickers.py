"""The tickers in a real browser: live clocks, ages in words, motion, keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium, serve
from conftest import SITE_TOML, article, build, make_site

pytestmark = [pytest.mark.browser, requires_chromium]

NEWEST = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
CLOCKS = """
[tickers]
clocks = [ { label = "NY", timezone = "America/New_York" },
           { label = "LDN", timezone = "Europe/London" },
           { label = "TYO", timezone = "Asia/Tokyo" } ]
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = make_site(
        tmp_path_factory.mktemp("tickers"),
        {
            "content/world/a.md": article("Burrow backs Bengals roster", "2026-11-27T11:00:00Z"),
            "content/world/b.md": article("Summit ends without a deal", "2026-11-27T10:00:00Z"),
            "content/world/c.md": article("Rail strike called off", "2026-11-25T08:00:00Z"),
        },
        SITE_TOML + CLOCKS,
    )
    assert build(site).exit_code == 0
    with serve(site / "public") as url:
        yield url


def _open(browser: Any, url: str, at: datetime | None = None, **options: Any) -> Any:
    page = browser.new_page(**options)
    if at is not None:
        page.clock.install(time=at)
    page.goto(url)
    return page


def test_clocks_show_the_zone_time_and_keep_ticking(browser: Any, site_url: str) -> None:
    page = _open(browser, site_url + "/", at=datetime(2026, 11, 27, 21, 27, 30, tzinfo=UTC))
    ny = page.locator("[data-clock-tz='America/New_York']")
    assert ny.inner_text() == "16:27"
    assert page.locator("[data-clock-tz='Asia/Tokyo']").inner_text() == "06:27"
    page.clock.run_for(31_000)
    assert ny.inner_text() == "16:28"
    page.close()


def test_clocks_follow_daylight_saving_on_both_sides_of_a_boundary(
    browser: Any, site_url: str
) -> None:
    # US clocks went back at 06:00 UTC on 1 Nov 2026; London's went forward on 29 March.
    for at, zone, shown in [
        (datetime(2026, 11, 1, 5, 59, tzinfo=UTC), "America/New_York", "01:59"),
        (datetime(2026, 11, 1, 6, 0, tzinfo=UTC), "America/New_York", "01:00"),
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "Europe/London", "00:59"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "Europe/London", "02:00"),
    ]:
        page = _open(browser, site_url + "/", at=at)
        assert page.locator(f"[data-clock-tz='{zone}']").inner_text() == shown, at
        page.close()


def test_without_script_the_clocks_show_their_cities_and_no_time(
    browser: Any, site_url: str
) -> None:
    page = _open(browser, site_url + "/", java_script_enabled=False)
    strip = page.locator(".clocks").inner_text()
    assert "NY" in strip and "TYO" in strip
    assert not any(ch.isdigit() for ch in strip)
    page.close()


def test_latest_news_ages_read_as_words(browser: Any, site_url: str) -> None:
    page = _open(browser, site_url + "/", at=datetime(2026, 11, 27, 11, 23, tzinfo=UTC))
    ages = page.locator(".latest__list:not([aria-hidden]) time").all_inner_texts()
    assert ages == ["23 minutes", "about 1 hour", "2 days"]
    page.clock.run_for(60 * 60 * 1000)  # an hour later, without a reload
    ages = page.locator(".latest__list:not([aria-hidden]) time").all_inner_texts()
    assert ages[0] == "about 1 hour"
    page.close()


def test_without_script_the_ages_show_readable_times(browser: Any, site_url: str) -> None:
    page = _open(browser, site_url + "/", java_script_enabled=False)
    ages = page.locator(".latest__list:not([aria-hidden]) time").all_inner_texts()
    assert ages == ["27 Nov, 11:00", "27 Nov, 10:00", "25 Nov, 08:00"]
    page.close()


def test_the_strip_scrolls_and_stands_still_under_reduced_motion(
    browser: Any, site_url: str
) -> None:
    def animation(page: Any) -> str:
        return str(
            page.eval_on_selector(".latest__track", "el => getComputedStyle(el).animationName")
        )

    moving = _open(browser, site_url + "/")
    assert animation(moving) == "latest-scroll"
    moving.close()
    still = _open(browser, site_url + "/", reduced_motion="reduce")
    assert animation(still) == "none"
    assert still.locator(".latest__list[aria-hidden='true']").is_hidden()
    still.close()


def test_the_strip_is_reachable_with_the_keyboard_and_pauses(browser: Any, site_url: str) -> None:
    page = _open(browser, site_url + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => !!document.activeElement.closest('.latest__list:not([aria-hidden])')"
        )
        if inside:
            break
    assert inside, "no latest-news link took the focus"
    assert (
        page.evaluate("() => document.activeElement.textContent") == "Burrow backs Bengals roster"
    )
    state = page.eval_on_selector(".latest__track", "el => getComputedStyle(el).animationPlayState")
    assert state == "paused"
    hidden_focusable = page.evaluate(
        "() => [...document.querySelectorAll('.latest__list[aria-hidden] a')]"
        ".filter(a => a.tabIndex >= 0).length"
    )
    assert hidden_focusable == 0
    page.close()


def test_market_changes_do_not_rely_on_colour_alone(browser: Any, tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "content/_data/markets.toml": (
                '[[quote]]\nname = "Gold"\nprice = 4535.2\nchange = 1.07\n'
                '[[quote]]\nname = "Oil"\nprice = 61.8\nchange = -1.4\n'
            ),
        },
    )
    assert build(site).exit_code == 0
    with serve(site / "public") as url:
        page = _open(browser, url + "/")
        texts = page.locator(".quote").all_inner_texts()
        page.close()
    # An arrow for the eye, a word for screen readers, then the signed number.
    assert [" ".join(t.split()) for t in texts] == [
        "Gold 4,535 ▲ up +1.07%",
        "Oil 61.80 ▼ down −1.40%",
    ]
