"""How good and how fast is ingest?

    python bench/ingest_quality.py [--copies 200]

Prints quote precision/recall (a quote counts when text and speaker are right),
people precision/recall (name + role + country), and title/date/outlet accuracy
over ../shared (articles + expected) and tests/ingest_cases; then throughput in
articles per second: extraction alone, and ``run_ingest`` on a folder of the
cases copied N times (each copy made unique) into a temporary archive.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from briefing_archive.ingest.command import run_ingest  # noqa: E402
from briefing_archive.ingest.draft import draft_briefing  # noqa: E402
from briefing_archive.ingest.score import Tally, compare  # noqa: E402
from test_ingest_support import SHARED, KINDS, case_files, small_registry  # noqa: E402

FIELDS = ("quotes", "people", "countries", "title", "date", "outlet", "credit", "issues")


def quality(pairs, registry) -> Tally:
    tally = Tally()
    for article, expected in pairs:
        briefing = draft_briefing(article.read_text("utf-8"), filename=article.name,
                                  kind=KINDS[article.suffix], registry=registry,
                                  source_file=f"content/articles/{article.name}")
        compare(briefing, yaml.safe_load(expected.read_text("utf-8")), article.name, tally)
    return tally


def report(label: str, tally: Tally) -> None:
    print(f"\n{label}")
    for key in FIELDS:
        if tally.wanted.get(key) or tally.found.get(key):
            print(f"  {key:<10} precision {tally.precision(key):6.1%}  recall {tally.recall(key):6.1%}"
                  f"  ({tally.hits.get(key, 0)}/{tally.found.get(key, 0)} found, {tally.wanted.get(key, 0)} wanted)")
    for key in ("boilerplate kept", "scare quotes taken"):
        print(f"  {key}: {tally.found.get(key, 0)}")
    for miss in tally.misses:
        print("   ", miss)


def batch(folder: Path, copies: int) -> int:
    """The case articles ``copies`` times, each copy with a unique last line."""
    count = 0
    for n in range(copies):
        for article, expected in case_files():
            title = yaml.safe_load(expected.read_text("utf-8"))["title"]
            text = article.read_text("utf-8").replace(title, f"{title} {n}")
            stamp = f"\n<!-- copy {n} -->\n" if article.suffix == ".html" else f"\n\ncopy {n}\n"
            (folder / f"{n:04d}-{article.name}").write_text(text + stamp, "utf-8")
            count += 1
    return count


def throughput(copies: int, registry) -> None:
    pairs = case_files()
    started = time.perf_counter()
    for _ in range(max(1, copies // 10)):
        quality(pairs, registry)
    took = time.perf_counter() - started
    print(f"\nextraction alone (1 core): {len(pairs) * max(1, copies // 10) / took:.1f} articles/s")
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "incoming"
        folder.mkdir()
        count = batch(folder, copies)
        started = time.perf_counter()
        with redirect_stdout(StringIO()):
            status = run_ingest([str(folder)], root=root, registry=registry, progress=False)
        took = time.perf_counter() - started
        written = len(list((root / "briefings").glob("*.md")))
    print(f"run_ingest, {count} articles ({written} briefings, exit {status}): "
          f"{count / took:.1f} articles/s in {took:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    registry = small_registry()
    pairs = case_files()
    shared = {p.name for p in (SHARED / "articles").glob("*")}
    report("shared samples (../shared/articles)", quality([p for p in pairs if p[0].name in shared], registry))
    report("tests/ingest_cases (written for the rules)",
           quality([p for p in pairs if p[0].name not in shared], registry))
    throughput(args.copies, registry)


if __name__ == "__main__":
    main()
