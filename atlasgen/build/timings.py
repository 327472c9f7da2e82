"""The time of each build stage as a small text bar chart, for `atlasgen build
--verbose`: where a build's time goes is seen at a glance, not added up from figures."""

from __future__ import annotations

from collections.abc import Mapping

BAR_WIDTH = 30
#: Eighths of a block, for bars that end between two characters.
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
#: Time spent waiting for another build of the site: shown, but not part of the build.
APART = ("wait",)


def timing_chart(timings: Mapping[str, float], encoding: str | None = "utf-8") -> list[str]:
    """One line per stage, in the order the stages ran: name, seconds, share of the
    stages' total and a bar scaled to the slowest stage. `encoding`: the terminal's; one
    that cannot show block characters gets bars of "#". The wait for another build is
    listed without a share or a bar: it is not the build's own time."""
    if not timings:
        return []
    own = [seconds for name, seconds in timings.items() if name not in APART]
    total = sum(own) or 1.0
    longest = max(own, default=0.0) or 1.0
    width = max(len(name) for name in timings)
    fancy = _can_show(FULL + EIGHTHS, encoding)
    lines = []
    for name, seconds in timings.items():
        if name in APART:
            lines.append(f"  {name:<{width}} {seconds:7.3f} s (not counted)")
            continue
        share = 100 * seconds / total
        bar = _bar(seconds / longest * BAR_WIDTH, fancy)
        lines.append(f"  {name:<{width}} {seconds:7.3f} s {share:3.0f}% {bar}".rstrip())
    return lines


def _bar(length: float, fancy: bool) -> str:
    if not fancy:
        return "#" * round(length)
    whole, part = int(length), int((length - int(length)) * 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


def _can_show(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
