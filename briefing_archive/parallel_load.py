"""A cold load parsed on every core.

With nothing remembered (a fresh clone, a cleared cache, new code), parsing
10,000 briefings takes ~6 s on one core, and nothing else can start before
it ends. Forked workers each read and parse a share of the files; the parent
gets the results back (pickled: a fraction of the parsing) and remembers
them just as a load on one core would.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
from collections.abc import Callable
from itertools import chain
from pathlib import Path

from . import storage
from .cache.memo import Memo, content_key
from .errors import unreadable
from .workers import become_worker, no_cyclic_gc, workers_wanted

Parser = Callable[[str, str], object]  # (path, text) → the parsed object or its problems
PARALLEL_FROM = 500  # fewer files parse faster than workers start
CHUNK = 250


def parse_on_every_core(
    root: Path, paths: list[str], memo: Memo, parse: Parser, advance: Callable[[int], None] | None = None
) -> list[object] | None:
    """Each file's parse result (the object, or its problems), remembered in ``memo``,
    or None when a load on one core is as quick (few files, one core, or parses
    already remembered). ``advance(n)`` is told as each chunk of ``n`` files is parsed."""
    processes = workers_wanted()
    if len(paths) < PARALLEL_FROM or memo.old or processes < 2:
        return None
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    # The cyclic collector would rescan the growing heap of parsed objects again
    # and again, in the workers and while the parent unpickles (≈2× slower).
    with no_cyclic_gc(), multiprocessing.get_context("fork").Pool(processes, initializer=quiet_worker) as pool:
        results = []
        for chunk in pool.imap(functools.partial(parse_chunk, str(root), parse), chunks):
            results.append(chunk)
            if advance is not None:
                advance(len(chunk))
    # An unreadable file has no key: its result is its problem, not remembered.
    return [
        result if key is None else memo.take(path, key, result) for path, key, result in chain.from_iterable(results)
    ]


def quiet_worker() -> None:
    become_worker()
    gc.disable()


def parse_chunk(root: str, parse: Parser, paths: list[str]) -> list[tuple[str, str | None, object]]:
    """(path, content key, parse result) per file; (path, None, [its problem]) when unreadable."""
    done: list[tuple[str, str | None, object]] = []
    for path in paths:
        file = storage.read_text(Path(root), path)
        if file.text is None:
            done.append((path, None, [unreadable(file)]))
        else:
            done.append((path, content_key(path, file.text), parse(path, file.text)))
    return done
