"""A cold load parsed on every core (parallel_load.py) gives what one core gives."""

from __future__ import annotations

from briefing_archive.archive import load_archive
from tests.support.synthetic_archive import make_archive


def test_a_cold_load_on_every_core_equals_one_on_one_core(tmp_path, monkeypatch):
    archive = tmp_path
    make_archive(30, archive)
    from briefing_archive import parallel_load

    (archive / "briefings" / "2020-02-02-broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (archive / "briefings" / "2020-02-03-latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    serial = load_archive(archive)
    monkeypatch.setattr(parallel_load, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel_load, "CHUNK", 7)
    monkeypatch.setattr(parallel_load, "workers_wanted", lambda: 2)
    parallel = load_archive(archive)
    assert parallel.briefings == serial.briefings and parallel.problems == serial.problems
    assert [str(p) for p in serial.problems if p.is_error]  # the broken files were reported both ways
