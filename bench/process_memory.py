"""Peak memory and CPU time of a command and every process it starts, sampled from /proc.

    python bench/process_memory.py CMD...    (prints one JSON line on stderr)

``getrusage`` gives only the largest single process; a build runs several at
once (page workers, the search process, two Pagefinds), so this samples the
whole process tree every few milliseconds and keeps the peak of the *sum*.
Two sums: RSS (what ``top`` shows; pages a forked child shares with its parent
count twice) and PSS (shared pages split between the processes sharing them:
what the tree really costs the machine). Each process's CPU time is read at each
sample too: ``getrusage`` sums the children's, and a build's processes share a name.
Linux only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

INTERVAL = 0.02  # seconds between samples


@dataclass
class Peaks:
    rss_sum: int = 0  # bytes: the highest sum of the tree's RSS at one moment
    pss_sum: int = 0
    largest: int = 0  # the highest RSS of any one process
    largest_name: str = ""
    by_name: dict = field(default_factory=dict)  # command name → its highest sum at one moment
    # Each process at the moment of the highest PSS sum: [command name, PSS, private bytes]
    # (private: its own pages; a forked worker's rise above what it shares with its parent).
    at_peak: list = field(default_factory=list)
    # Each process's CPU seconds when last sampled, by pid: [command name, seconds]. A lower
    # bound: what a process spends after its last sample (at most ``INTERVAL``) is missed.
    cpu: dict = field(default_factory=dict)
    root: int = 0  # the pid of the command itself


def children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:  # ended since it was listed (a worker that finished)
            continue
        for task in tasks:
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                found.append(kid)
                todo.append(kid)
    return found


def memory_of(pid: int) -> tuple[str, int, int, int] | None:
    """(command name, RSS, PSS, private bytes); None when the process is gone."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    except (OSError, ValueError):
        return None
    rss, pss, clean, dirty = (
        int(fields.get(key, "0 kB").split()[0]) * 1024 for key in ("Rss", "Pss", "Private_Clean", "Private_Dirty")
    )
    return name, rss, pss, clean + dirty


TICKS = os.sysconf("SC_CLK_TCK")  # the unit of /proc/PID/stat's times


def cpu_seconds_of(pid: int) -> float | None:
    """The user and system CPU seconds the process has used so far; None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime, the stat's 14th and 15th


def cpu_by_process(peaks: Peaks) -> dict[str, float]:
    """CPU seconds by command name, the command itself apart (its children share its name)."""
    found: dict[str, float] = {}
    for pid, (name, seconds) in peaks.cpu.items():
        label = f"{name} (the command)" if pid == peaks.root else name
        found[label] = found.get(label, 0.0) + seconds
    return found


def sample(root: int, peaks: Peaks, watch: int | None = None) -> None:
    rss = pss = 0
    names: dict[str, int] = {}
    each = []
    watched = [watch, *children(watch)] if watch is not None else []
    for pid in [root, *children(root), *watched]:
        found, seconds = memory_of(pid), cpu_seconds_of(pid)
        if found is None:
            continue
        name, one_rss, one_pss, private = found
        if seconds is not None:
            peaks.cpu[pid] = [name, seconds]
        each.append([name, one_pss, private])
        rss, pss = rss + one_rss, pss + one_pss
        names[name] = names.get(name, 0) + one_rss
        if one_rss > peaks.largest:
            peaks.largest, peaks.largest_name = one_rss, name
    if pss > peaks.pss_sum:
        peaks.at_peak = each
    peaks.rss_sum, peaks.pss_sum = max(peaks.rss_sum, rss), max(peaks.pss_sum, pss)
    for name, total in names.items():
        peaks.by_name[name] = max(peaks.by_name.get(name, 0), total)


def run(cmd: list[str], watch: int | None = None, **popen) -> tuple[int, float, Peaks]:
    """(exit code, wall seconds, peaks) of ``cmd`` and everything it starts (and of the
    process ``watch`` and everything it starts: a server ``cmd`` hands its work to)."""
    peaks = Peaks()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, **popen)
    peaks.root = process.pid
    while process.poll() is None:
        sample(process.pid, peaks, watch)
        time.sleep(INTERVAL)
    return process.returncode, time.perf_counter() - start, peaks


if __name__ == "__main__":
    code, wall, found = run(sys.argv[1:])
    print(json.dumps({"rc": code, "wall": wall, **asdict(found)}), file=sys.stderr)
    sys.exit(code)
