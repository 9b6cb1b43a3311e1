"""Issue 15's targets, each judged from the rows of one ``build_speed`` run: the figure it
is judged on, and whether it is met. A target whose rows the run did not make (a size not
run, a row skipped or failed) is listed as not judged, never as met.

The rows are named by the labels ``build_speed`` gives them (the constants below)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

OURS = "ours"
CHECK_ONE_EDITED = "ours: check 1 file just edited (pre-commit)"
QUOTE_EDITED = "ours: rebuild, 1 quote edited"
TITLE_EDITED = "ours: rebuild, 1 title edited"
TITLE_EDITED_SERVER = "ours: rebuild, 1 title edited, build.py server running"
SERVE_RELOAD = "ours: mkdocs serve reload, 1 quote edited"
SEARCH_DOWNLOAD = "ours: one-word search"  # the row's label goes on with the word searched
HUGO = "hugo "  # the row's label goes on with Hugo's version

GB = 1_000_000_000
KB = 1_000


class Row(Protocol):
    """What a target reads of a ``build_speed.Result``."""

    tool: str
    size: int
    ok: bool
    wall: float | None
    peak_pss: int | None
    out_bytes: int | None


@dataclass(frozen=True)
class Verdict:
    target: str
    figure: str  # what it was judged on; "" when not judged
    met: bool | None  # None: the run has no rows to judge it on


def judged(rows: Sequence[Row]) -> list[Verdict]:
    """Every target, judged on ``rows``."""
    return [judge(rows) for judge in TARGETS]


def report(rows: Sequence[Row]) -> str:
    """The verdicts as lines to print after the table."""
    marks = {True: "met", False: "MISSED", None: "not run"}
    lines = ["Issue 15's targets:"]
    for verdict in judged(rows):
        figure = f": {verdict.figure}" if verdict.figure else ""
        lines.append(f"  {marks[verdict.met]:7s} {verdict.target}{figure}")
    return "\n".join(lines)


def first_ok(rows: Sequence[Row], size: int, named: Callable[[str], bool]) -> Row | None:
    """The run's first successful row at ``size`` whose label is ``named``."""
    return next((found for found in rows if found.size == size and found.ok and named(found.tool)), None)


def row(rows: Sequence[Row], size: int, tool: str, prefix: bool = False) -> Row | None:
    """The run's successful row of ``tool`` (or whose label starts so) at ``size``."""
    return first_ok(rows, size, lambda label: label.startswith(tool) if prefix else label == tool)


def hugo_row(rows: Sequence[Row], size: int) -> Row | None:
    """Hugo's own build at ``size`` (labelled with its version alone: not Hugo and Pagefind,
    nor ``hugo server``)."""
    return first_ok(rows, size, lambda label: label.startswith(HUGO) and " " not in label.removeprefix(HUGO))


def wall_under(target: str, size: int, tool: str, limit: float) -> Callable[[Sequence[Row]], Verdict]:
    def judge(rows: Sequence[Row]) -> Verdict:
        found = row(rows, size, tool)
        if found is None or found.wall is None:
            return Verdict(target, "", None)
        return Verdict(target, f"{found.wall:.2f} s", found.wall < limit)

    return judge


def memory_under(size: int, limit: int) -> Callable[[Sequence[Row]], Verdict]:
    """Every process of every build of ours at ``size`` summed (PSS), at the highest of them."""
    target = f"peak memory of a build, every process counted, < {limit / GB:g} GB at {size:,}"

    def judge(rows: Sequence[Row]) -> Verdict:
        peaks = [r.peak_pss for r in rows if r.size == size and r.ok and r.tool.startswith(OURS) and r.peak_pss]
        if row(rows, size, OURS) is None or not peaks:
            return Verdict(target, "", None)
        return Verdict(target, f"{max(peaks) / GB:.3f} GB (PSS)", max(peaks) < limit)

    return judge


def builds_cold(size: int) -> Callable[[Sequence[Row]], Verdict]:
    target = f"{size:,} briefings build cold on this machine"

    def judge(rows: Sequence[Row]) -> Verdict:
        ran = [r for r in rows if r.size == size and r.tool == OURS]
        if not ran:
            return Verdict(target, "", None)
        built = ran[0].ok and ran[0].wall is not None
        return Verdict(target, f"{ran[0].wall:.1f} s" if built else "failed", built)

    return judge


def at_most_hugo(size: int) -> Callable[[Sequence[Row]], Verdict]:
    target = f"a cold build <= 1.0x Hugo's at {size:,}"

    def judge(rows: Sequence[Row]) -> Verdict:
        ours, hugo = row(rows, size, OURS), hugo_row(rows, size)
        if ours is None or hugo is None or not ours.wall or not hugo.wall:
            return Verdict(target, "", None)
        times = ours.wall / hugo.wall
        return Verdict(target, f"{times:.2f}x ({ours.wall:.1f} s against {hugo.wall:.1f} s)", times <= 1.0)

    return judge


def growth_at_most(small: int, large: int, limit: float) -> Callable[[Sequence[Row]], Verdict]:
    target = f"a cold build's growth from {small:,} to {large:,} briefings <= {limit:g}x"

    def judge(rows: Sequence[Row]) -> Verdict:
        first, last = row(rows, small, OURS), row(rows, large, OURS)
        if first is None or last is None or not first.wall or not last.wall:
            return Verdict(target, "", None)
        times = last.wall / first.wall
        return Verdict(target, f"{times:.2f}x ({first.wall:.1f} -> {last.wall:.1f} s)", times <= limit)

    return judge


def search_under(size: int, limit: int) -> Callable[[Sequence[Row]], Verdict]:
    target = f"a one-word search downloads < {limit // KB} KB at {size:,}"

    def judge(rows: Sequence[Row]) -> Verdict:
        found = row(rows, size, SEARCH_DOWNLOAD, prefix=True)
        if found is None or found.out_bytes is None:
            return Verdict(target, "", None)
        return Verdict(target, f"{found.out_bytes / KB:.1f} KB", found.out_bytes < limit)

    return judge


TARGETS = [
    wall_under("`check` of one staged file < 1 s at 30,000", 30_000, CHECK_ONE_EDITED, 1.0),
    wall_under("`build.py build` after one title edit < 1 s at 10,000, run alone", 10_000, TITLE_EDITED, 1.0),
    wall_under("`build.py build` after one title edit < 1 s at 30,000, run alone", 30_000, TITLE_EDITED, 1.0),
    wall_under("`build.py build` after one quote edit < 1 s at 30,000, run alone", 30_000, QUOTE_EDITED, 1.0),
    wall_under(
        "`build.py build` after one title edit < 1 s at 30,000, build server running",
        30_000,
        TITLE_EDITED_SERVER,
        1.0,
    ),
    wall_under("`mkdocs serve` edit -> page < 0.5 s at 30,000", 30_000, SERVE_RELOAD, 0.5),
    memory_under(30_000, 1 * GB),
    memory_under(100_000, 3 * GB // 2),
    builds_cold(100_000),
    at_most_hugo(10_000),
    at_most_hugo(30_000),
    growth_at_most(10_000, 100_000, 11.0),
    search_under(100_000, 300 * KB),
]
