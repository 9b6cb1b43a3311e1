"""Work a build does only for the builds and checks to come: the inputs' prints, the check
summary's rows, the kept state. The build hands it to ``later``, which runs it at once unless
the build's caller says otherwise: the build server runs it once its client has its answer
(~50 ms sooner at 30,000 briefings), ``build.py build`` alone by a process it forks as it
ends (``cli.finish_after``), which the next build or check waits for. Whatever runs it
before the next build reads those caches; one never run (the process killed first) only
makes the next build slower."""

from __future__ import annotations

from collections.abc import Callable

Later = Callable[[Callable[[], object]], None]


def at_once(work: Callable[[], object]) -> None:
    work()


def finish(left: list[Callable[[], object]]) -> None:
    """Do, in order, what a build left for the builds to come."""
    for work in left:
        work()
