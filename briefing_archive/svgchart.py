"""Bar chart data for "briefings over time", drawn as SVG by the templates.

Pure: dates in, periods and bars out, so the chart is made at build time and needs no
JavaScript. The SVG has no viewBox: horizontal positions are percentages of its width
and everything else is in CSS pixels, so its text keeps its size (13 px) on a phone
instead of shrinking with the drawing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

HEIGHT = 190  # px
TOP, BOTTOM = 12, 30  # px above the plot (the top tick's label) and below it (the period labels)
PLOT = HEIGHT - TOP - BOTTOM
LEFT, RIGHT = 9.0, 99.0  # % of the width: the plot's edges (the count labels sit left of it)
MAX_BARS = 12  # more would make each bar, a link, narrower than a finger on a phone
MAX_TICKS = 5  # counts marked on the axis, 0 included
LABELS_WIDE, LABELS_NARROW = 12, 6  # period labels on a wide screen, on a phone (at most)
MAX_BAR = 8.0  # % of the width: a lone bar as wide as the chart reads as a block, not a count
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Period:
    key: str  # "2019", "2019-q2", "2019-05": the timeline's anchor is "p" + key
    label: str  # under its bar: "2019", "Q2", "May"; the year too where it changes
    name: str  # in full: "2019", "Apr–Jun 2019", "May 2019"
    count: int


def unit_of(first: dt.date, last: dt.date) -> str:
    """The finest of month, quarter and year that draws at most MAX_BARS bars."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_BARS:
        return "month"
    quarters = (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    return "quarter" if quarters <= MAX_BARS else "year"


def period_key(date: dt.date, unit: str) -> str:
    if unit == "year":
        return str(date.year)
    if unit == "quarter":
        return f"{date.year}-q{(date.month - 1) // 3 + 1}"
    return f"{date.year}-{date.month:02d}"


def periods(dates: list[dt.date]) -> tuple[str, list[Period]]:
    """(unit, every period from the first date's to the last's, oldest first, empty ones kept
    so the time axis is even)."""
    first, last = min(dates), max(dates)
    unit = unit_of(first, last)
    step = {"year": 12, "quarter": 3, "month": 1}[unit]
    counts: dict[str, int] = {}
    month = first.year * 12 + (first.month - 1) // step * step  # months since year 0, at a period's start
    while month <= last.year * 12 + last.month - 1:
        counts[period_key(dt.date(month // 12, month % 12 + 1, 1), unit)] = 0
        month += step
    for date in dates:
        counts[period_key(date, unit)] += 1
    return unit, [period(key, count, position == 0) for position, (key, count) in enumerate(counts.items())]


def period(key: str, count: int, first: bool) -> Period:
    year, _, part = key.partition("-")
    if not part:
        return Period(key, year, year, count)
    if part.startswith("q"):
        quarter = int(part[1:])
        name = f"{MONTHS[quarter * 3 - 3]}–{MONTHS[quarter * 3 - 1]} {year}"
        return Period(key, f"Q{quarter} {year}" if first or quarter == 1 else f"Q{quarter}", name, count)
    month = MONTHS[int(part) - 1]
    return Period(key, f"{month} {year}" if first or part == "01" else month, f"{month} {year}", count)


def period_name(key: str) -> str:
    """ "2019-05" → "May 2019", "2019-q2" → "Apr–Jun 2019", "2019" → "2019"."""
    return period(key, 0, True).name


def nice_ticks(value: int) -> list[int]:
    """0 up to the first step of 1, 2, 5, 10, 20, 50 … at or above ``value``, at most MAX_TICKS."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-value // (step * factor)) < MAX_TICKS:
                top = -(-max(value, 1) // (step * factor)) * step * factor
                return list(range(0, top + 1, step * factor))
        step *= 10


def bar_chart(dates: list[dt.date], subject: str) -> dict | None:
    """The chart of how many briefings fall in each period, or None without dates. Each
    non-empty bar links to its period's anchor in the timeline ("#p" + key)."""
    if not dates:
        return None
    unit, counted = periods(dates)
    ticks = nice_ticks(max(p.count for p in counted))
    total = len(dates)
    span = f"in {counted[0].name}" if len(counted) == 1 else f"from {counted[0].name} to {counted[-1].name}"
    return {
        "height": HEIGHT,
        "unit": unit,
        "bars": bars(counted, ticks[-1]),
        "top_y": TOP,
        "base_y": TOP + PLOT,
        "left": pct(LEFT),
        "right": pct(RIGHT),
        "label_y": HEIGHT - 10,
        "ticks": [{"value": tick, "y": round(TOP + PLOT - PLOT * tick / ticks[-1], 1)} for tick in ticks],
        "title": f"Briefings on {subject} per {unit}",
        "description": f"{total} briefing{'s' if total != 1 else ''} {span}; "
        + ", ".join(f"{p.name}: {p.count}" for p in counted if p.count),
    }


def bars(counted: list[Period], top: int) -> list[dict]:
    """Each period's slot (the link's target area, the whole plot's height) and bar."""
    slot = (RIGHT - LEFT) / len(counted)
    bar_width = min(slot * 0.7, MAX_BAR)
    wide = -(-len(counted) // LABELS_WIDE)  # label every wide-th bar (ceiling division)
    narrow = wide * -(-len(counted) // (wide * LABELS_NARROW))  # of those, every narrow-th on a phone
    drawn = []
    for position, p in enumerate(counted):
        height = PLOT * p.count / top
        drawn.append(
            {
                "slot_x": pct(LEFT + position * slot),
                "slot_width": pct(slot),
                "x": pct(LEFT + position * slot + (slot - bar_width) / 2),
                "width": pct(bar_width),
                "y": round(TOP + PLOT - height, 1),
                "height": round(height, 1),
                "center": pct(LEFT + position * slot + slot / 2),
                "label": p.label if position % wide == 0 else "",
                "narrow": position % narrow == 0,
                "name": p.name,
                "count": p.count,
                "anchor": f"#p{p.key}" if p.count else None,
            }
        )
    return drawn


def pct(value: float) -> str:
    return f"{round(value, 2):g}%"
