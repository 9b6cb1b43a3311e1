"""What ``build.py build`` does only for the builds to come is finished by a process of its
own after the command returns, and no build or check reads the caches it is leaving."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefing_archive import storage
from briefing_archive.cache.build_cache import BuildCache
from briefing_archive.checking import check_archive
from briefing_archive.cli import finish_after
from briefing_archive.layout import CACHE
from briefing_archive.pipeline import PROJECT_TEMPLATES
from tests.support.synthetic_archive import make_archive

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the bookkeeping is left to a forked process")

WAITS = 0.3  # long enough for a reader that does not wait to have finished many times over


def blocked_until_released(reader, cache_folder: Path) -> None:
    """``reader()`` in a thread does not return while another holds the bookkeeping lock, and
    returns once it is released."""
    lock = storage.bookkeeping_lock(cache_folder)
    assert lock is not None
    done = threading.Thread(target=reader, daemon=True)
    try:
        done.start()
        done.join(WAITS)
        assert done.is_alive(), "it read the caches while a build's bookkeeping was still being left"
    finally:
        os.close(lock)
    done.join(60)
    assert not done.is_alive()


def test_the_bookkeeping_is_finished_by_a_process_that_the_next_reader_waits_for(tmp_path):
    cache_folder = tmp_path / CACHE
    go, told = os.pipe()
    left = tmp_path / "left"

    def work() -> None:
        os.read(go, 1)  # until the test says
        left.write_text("done", encoding="utf-8")

    child = finish_after([work], cache_folder)
    assert child is not None and not left.exists()  # this process went on before the work was done
    waited = threading.Thread(target=storage.wait_for_bookkeeping, args=(cache_folder,), daemon=True)
    waited.start()
    waited.join(WAITS)
    assert waited.is_alive()
    os.write(told, b"x")
    waited.join(60)
    assert not waited.is_alive() and left.read_text(encoding="utf-8") == "done"
    assert os.waitpid(child, 0)[1] == 0


def test_no_work_left_forks_nothing(tmp_path):
    assert finish_after([], tmp_path / CACHE) is None
    assert not (tmp_path / CACHE).exists()


def test_a_build_waits_for_the_bookkeeping_an_earlier_build_left(tmp_path):
    root = make_archive(3, tmp_path / "archive")
    blocked_until_released(lambda: BuildCache(root, root / "site", PROJECT_TEMPLATES, False), root / CACHE)


def test_a_check_waits_for_the_bookkeeping_an_earlier_build_left(tmp_path):
    root = make_archive(3, tmp_path / "archive")
    blocked_until_released(lambda: check_archive(root), root / CACHE)
