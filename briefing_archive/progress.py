"""What a build says it is doing: loading, rendering, indexing.

On a terminal, a tqdm bar per stage (items done of items planned), shown only
once the build has run for ``SHOW_AFTER`` seconds and cleared when the stage
ends, so a quick build prints nothing more. Elsewhere (CI, the MkDocs hook,
a test's log) no bars: the build's closing line carries the stages' summary
(``summary``). "indexing" is the wait for the search index once the pages
are written (Pagefind indexes while they are rendered). Nothing here goes to stdout, and no page depends on it.
"""

from __future__ import annotations

import time
from typing import TextIO

SHOW_AFTER = 2.0  # seconds: a build quicker than this says nothing while it runs


class Progress:
    """The stages of one build, timed; ``log`` is where the build reports."""

    def __init__(self, log: TextIO | None, started: float | None = None):
        self.log, self.started = log, time.perf_counter() if started is None else started
        self.bars = is_terminal(log)
        self.done: list[tuple[str, int, float]] = []  # (stage, items, seconds)

    def stage(self, name: str, total: int | None, unit: str) -> Stage:
        """``with progress.stage("rendering", 11000, "page") as stage: … stage.advance(n)``"""
        return Stage(self, name, total, unit)

    def summary(self) -> str:
        """One line's worth: each stage with its items and seconds."""
        return ", ".join(f"{name} {items:,} in {seconds:.1f} s" for name, items, seconds in self.done)


class Stage:
    def __init__(self, progress: Progress, name: str, total: int | None, unit: str):
        self.progress, self.name, self.total, self.unit = progress, name, total, unit
        self.count, self.bar = 0, None

    def __enter__(self) -> Stage:
        self.began = time.perf_counter()
        if self.progress.bars:
            from tqdm import tqdm  # only on a terminal

            waited = self.began - self.progress.started
            self.bar = tqdm(
                total=self.total,
                desc=self.name,
                unit=self.unit,
                file=self.progress.log,
                leave=False,
                delay=max(0.0, SHOW_AFTER - waited),
                dynamic_ncols=True,
            )
        return self

    def advance(self, items: int = 1) -> None:
        self.count += items
        if self.bar is not None:
            self.bar.update(items)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.close()
        if exc_info[0] is None:
            items = self.count if self.total is None or self.count else self.total
            self.progress.done.append((self.name, items, time.perf_counter() - self.began))


def is_terminal(log: TextIO | None) -> bool:
    if log is None:
        return False
    try:
        return log.isatty()
    except (AttributeError, ValueError):
        return False
