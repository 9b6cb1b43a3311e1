"""How the page writer shares its chunks between its forked workers and itself."""

from __future__ import annotations

import multiprocessing
import os
import time

from briefing_archive.site_writer import shared


def done_by(chunk: list[int]) -> tuple[int, list[int]]:
    """A chunk's work that says which process did it (module level: workers find it by name)."""
    time.sleep(0.02)  # longer than the parent takes to look for a finished chunk
    return os.getpid(), chunk


def test_the_parent_works_beside_its_worker_and_every_chunk_is_done_once():
    chunks = [[number] for number in range(12)]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        done = list(shared(pool, 1, chunks, done_by))
    assert sorted(chunk for _, chunk in done) == chunks
    doers = {pid for pid, _ in done}
    assert os.getpid() in doers and len(doers) == 2


def test_the_parent_does_the_first_chunk_the_costliest_pages():
    chunks = [[number] for number in range(6)]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        done = list(shared(pool, 1, chunks, done_by))
    assert (os.getpid(), [0]) in done


def test_with_no_chunks_nothing_is_done():
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert list(shared(pool, 1, [], done_by)) == []
