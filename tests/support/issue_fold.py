"""Where an issue page's first answers sit on screen, measured in headless Chromium: the
latest briefing and each side's latest position (``getBoundingClientRect`` at the top of
the page), at a given viewport. Used by tests/site/test_issue_reader.py and
bench/issue_fold.py.

"Above the fold" (desktop): every one of them ends within the viewport without scrolling.
"Within one screen" (phone): from the latest briefing's top to the last position's bottom
is at most one viewport high, so one scroll shows them all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

VIEWPORTS = ((1280, 900), (390, 844))

MEASURE = """
const box = e => { const r = e.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; };
const latest = document.querySelector('.latest');
const sides = [...document.querySelectorAll('.stances > .positions > .position')];
return {viewport: innerHeight, width: innerWidth, latest: latest ? box(latest) : null,
        positions: sides.map(box), height: document.documentElement.scrollHeight};
"""


@dataclass(frozen=True)
class Fold:
    width: int
    viewport: int  # px high
    latest: tuple[float, float]  # top, bottom (page coordinates)
    positions: tuple[tuple[float, float], ...]
    page: int  # the whole page's height

    @property
    def bottom(self) -> float:
        """Where the last of the first answers ends."""
        return max([self.latest[1]] + [bottom for _, bottom in self.positions])

    @property
    def span(self) -> float:
        return self.bottom - self.latest[0]

    def above_the_fold(self) -> bool:
        return self.bottom <= self.viewport

    def within_one_screen(self) -> bool:
        return self.span <= self.viewport

    def summary(self) -> str:
        return (
            f"{self.width}×{self.viewport}: latest briefing {self.latest[0]:.0f}–{self.latest[1]:.0f} px, "
            f"{len(self.positions)} sides' positions end at {self.bottom:.0f} px "
            f"(span {self.span:.0f} px, {self.span / self.viewport:.2f} screens; "
            f"above the fold: {'yes' if self.above_the_fold() else 'no'}); "
            f"page {self.page} px = {self.page / self.viewport:.1f} screens"
        )


def measure(driver, url: str, width: int, height: int) -> Fold:
    """Load ``url`` at ``width``×``height`` (a phone below 500 px) and measure it once its
    layout has settled (a script may still insert something after load)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    try:
        driver.get(url)
        data, previous = None, object()
        for _ in range(20):
            data = driver.execute_script(MEASURE)
            if data == previous and driver.execute_script("return document.readyState") == "complete":
                break
            previous = data
            time.sleep(0.1)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return Fold(
        width, data["viewport"], tuple(data["latest"]), tuple(tuple(p) for p in data["positions"]), data["height"]
    )


def busiest_issue(root: Path) -> tuple[str, str, int]:
    """(slug, name, briefings) of the archive's issue with the most briefings (ties by slug)."""
    from briefing_archive.archive import load_archive
    from briefing_archive.index import build_index

    archive = load_archive(root)
    issues = build_index(archive.briefings, archive.registry).issues.values()
    facts = min(issues, key=lambda f: (-len(f.briefings), f.ref.slug))
    return facts.ref.slug, facts.ref.name, len(facts.briefings)
