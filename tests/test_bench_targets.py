"""bench/targets.py: issue 15's targets judged from a bench run's rows (the rows here are
written inline; the bench itself makes them from real builds)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.targets import judged, report


@dataclass
class Row:
    tool: str
    size: int
    ok: bool = True
    wall: float | None = None
    peak_pss: int | None = None
    out_bytes: int | None = None


MIB = 1 << 20


def verdicts(rows: list[Row]) -> dict[str, tuple[str, bool | None]]:
    return {v.target: (v.figure, v.met) for v in judged(rows)}


def test_a_run_at_30000_judges_its_edits_checks_memory_and_hugo():
    rows = [
        Row("ours", 30_000, wall=51.8, peak_pss=543 * MIB),
        Row("ours: check 1 file just edited (pre-commit)", 30_000, wall=0.38, peak_pss=64 * MIB),
        Row("ours: rebuild, 1 title edited", 30_000, wall=1.01, peak_pss=382 * MIB),
        Row("ours: rebuild, 1 quote edited", 30_000, wall=0.98),
        Row("ours: rebuild, 1 title edited, build.py server running", 30_000, wall=0.73),
        Row("ours: rebuild, template edited (all pages)", 30_000, wall=21.6, peak_pss=1_100 * MIB),
        Row("hugo 0.168.0", 30_000, wall=19.1),
        Row("hugo + pagefind (search as ours)", 30_000, wall=73.4),
    ]
    found = verdicts(rows)
    assert found["`check` of one staged file < 1 s at 30,000"] == ("0.38 s", True)
    assert found["`build.py build` after one title edit < 1 s at 30,000, run alone"] == ("1.01 s", False)
    assert found["`build.py build` after one quote edit < 1 s at 30,000, run alone"] == ("0.98 s", True)
    assert found["`build.py build` after one title edit < 1 s at 30,000, build server running"][1] is True
    # the highest of every build's, the template edit's here: 1,100 MiB is 1.153 GB
    assert found["peak memory of a build, every process counted, < 1 GB at 30,000"] == ("1.153 GB (PSS)", False)
    # Hugo's own build, not Hugo followed by Pagefind
    assert found["a cold build <= 1.0x Hugo's at 30,000"] == ("2.71x (51.8 s against 19.1 s)", False)


def test_targets_whose_rows_the_run_did_not_make_are_not_judged():
    rows = [Row("ours", 30_000, wall=51.8, peak_pss=543 * MIB), Row("hugo + pagefind (search as ours)", 30_000)]
    found = verdicts(rows)
    assert found["a cold build <= 1.0x Hugo's at 30,000"] == ("", None)
    assert found["a cold build's growth from 10,000 to 100,000 briefings <= 11x"] == ("", None)
    assert found["`mkdocs serve` edit -> page < 0.5 s at 30,000"] == ("", None)
    assert found["peak memory of a build, every process counted, < 1 GB at 30,000"] == ("0.569 GB (PSS)", True)
    assert "  not run a cold build <= 1.0x Hugo's at 10,000\n" in report(rows)


def test_a_failed_row_is_never_met():
    rows = [
        Row("ours", 10_000, wall=19.3),
        Row("ours", 100_000, ok=False, wall=None),
        Row("ours: rebuild, 1 title edited", 10_000, ok=False, wall=0.5),
    ]
    found = verdicts(rows)
    assert found["100,000 briefings build cold on this machine"] == ("failed", False)
    assert found["`build.py build` after one title edit < 1 s at 10,000, run alone"] == ("", None)
    assert found["a cold build's growth from 10,000 to 100,000 briefings <= 11x"] == ("", None)


def test_growth_and_the_search_download_at_100000():
    rows = [
        Row("ours", 10_000, wall=19.34),
        Row("ours", 100_000, wall=182.07, peak_pss=1_330 * MIB),
        Row("ours: one-word search ('sanctions')", 100_000, out_bytes=291_300),
    ]
    found = verdicts(rows)
    assert found["a cold build's growth from 10,000 to 100,000 briefings <= 11x"] == ("9.41x (19.3 -> 182.1 s)", True)
    assert found["a one-word search downloads < 300 KB at 100,000"] == ("291.3 KB", True)
    assert found["peak memory of a build, every process counted, < 1.5 GB at 100,000"] == ("1.395 GB (PSS)", True)
    assert found["100,000 briefings build cold on this machine"] == ("182.1 s", True)
