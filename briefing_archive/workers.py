"""Worker processes: how many, how each behaves, and the collector pause they share
(the page writer, planning and the cold load)."""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable


def workers_wanted() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def become_worker() -> None:
    """A worker leaves Ctrl-C to the main process (which stops it, quietly) and dies
    with it: killed alone, the main process must not leave workers running."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(signal.SIGKILL)


def die_with_parent(sent: int) -> None:
    """This process is sent ``sent`` when its parent dies (on Linux; elsewhere orphans
    find their pipes gone), and ends now if the parent died before that took effect."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, sent)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(1)


class no_cyclic_gc:
    """Planning makes hundreds of thousands of small dicts and no cycles; the
    cyclic garbage collector would rescan them all again and again (2× slower).

    ``keep=True``: what exists on leaving lives on (a loaded archive) and is set aside
    from the collector (``gc.freeze``); else the first collection after would walk all
    of it to find nothing (0.55 s of a one-edit rebuild at 30,000 briefings)."""

    def __init__(self, keep: bool = False):
        self.keep = keep

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        if self.keep:
            gc.freeze()
        if self.collecting:
            gc.enable()


def unfreeze() -> None:
    """What ``no_cyclic_gc(keep=True)`` set aside is the collector's again."""
    gc.unfreeze()


# How far the search process (and the Pagefind it starts) steps back for the build process
# while it indexes an edit's shards into the site (``os.nice``): on two cores the build ran
# beside it and waited for a core, while it alone decides when the build ends. Measured at
# 30,000 briefings, an edit's build: 1.87 → 1.76 s (20 rounds), 1.65 → 1.56 s (16). Not
# for a whole index: at 100,000 briefings Pagefind then ran on into the build's peak of
# memory (1,316 → 1,377 MiB summed). The renderer stepping back too gained nothing measurable.
SEARCH_NICENESS = 10


def step_back(niceness: int) -> None:
    """This process yields the cores to the build process when both want them (nothing
    where the platform has no ``os.nice`` or refuses it: the build is only slower then)."""
    if hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:
            pass


def give_back_free_memory() -> None:
    """The allocator's free memory returned to the system: glibc keeps what a process
    freed for its next allocations, so a worker that once held a big page's context, or
    a big shard's records, kept that peak to its end. Nothing where there is no glibc."""
    trim = malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def malloc_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
