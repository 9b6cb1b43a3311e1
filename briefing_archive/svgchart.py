"""Bar chart data for "briefings over time", drawn as SVG by the templates.

Pure geometry: dates in, bars (positions in SVG user units) out, so the
chart is made at build time and needs no JavaScript.
"""
from __future__ import annotations

import datetime as dt

WIDTH = 640
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28  # margins for the axis labels
MAX_LABELS = 12
MAX_BAR = 48  # a lone bar as wide as the chart reads as a block, not a count  # more tick labels than this would overlap
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def buckets(dates: list[dt.date]) -> tuple[str, list[tuple[str, str, int]]]:
    """("year" | "month", [(label, long label, count)]) covering first to last date.

    Months when the dates span less than two calendar years (a year of
    briefings shown as one bar says nothing), years otherwise; empty
    buckets in between are kept so the time axis is even.
    """
    first, last = min(dates), max(dates)
    if last.year - first.year >= 2:
        counts = {year: 0 for year in range(first.year, last.year + 1)}
        for date in dates:
            counts[date.year] += 1
        return "year", [(str(year), str(year), count) for year, count in counts.items()]
    months = {}
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months[(year, month)] = 0
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for date in dates:
        months[(date.year, date.month)] += 1
    return "month", [(f"{MONTHS[m - 1]} {y}" if m == 1 or (y, m) == (first.year, first.month) else MONTHS[m - 1],
                      f"{MONTHS[m - 1]} {y}", count) for (y, m), count in months.items()]


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2, 5, 10, 20, 50 … at or above ``value``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(dates: list[dt.date], subject: str) -> dict | None:
    """The chart of how many briefings fall in each year or month, or None without dates."""
    if not dates:
        return None
    unit, counted = buckets(dates)
    top = nice_ceiling(max(count for _, _, count in counted))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(counted)
    bar_width = min(slot * 0.7, MAX_BAR)
    label_every = -(-len(counted) // MAX_LABELS)  # ceiling division
    bars = []
    for position, (label, long_label, count) in enumerate(counted):
        height = plot_height * count / top
        bars.append({
            "x": round(LEFT + position * slot + (slot - bar_width) / 2, 1),
            "y": round(TOP + plot_height - height, 1),
            "width": round(bar_width, 1),
            "height": round(height, 1),
            "center": round(LEFT + position * slot + slot / 2, 1),
            "label": label if position % label_every == 0 else "",
            "long_label": long_label,
            "count": count,
        })
    total = len(dates)
    return {
        "width": WIDTH, "height": HEIGHT, "unit": unit, "bars": bars,
        "top": top, "top_y": TOP, "base_y": TOP + plot_height, "left": LEFT, "right": WIDTH - RIGHT,
        "label_y": HEIGHT - 8,
        "title": f"Briefings on {subject} per {unit}",
        "description": f"{total} briefing{'s' if total != 1 else ''} from {counted[0][1]} to {counted[-1][1]}; "
                       + ", ".join(f"{long}: {count}" for _, long, count in counted if count),
    }
