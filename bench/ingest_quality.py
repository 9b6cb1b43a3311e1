"""How good and how fast is ingest?

    python bench/ingest_quality.py [--copies 200]
    python bench/ingest_quality.py --polnear DIR [--split dev|train] [--misses]
    python bench/ingest_quality.py --pages DIR [--misses]

Prints quote precision/recall (a quote counts when text and speaker are right),
people precision/recall (name + role + country), and title/date/outlet accuracy
over ../shared (articles + expected) and tests/ingest/cases; then throughput in
articles per second: extraction alone, and ``run_ingest`` on a folder of the
cases copied N times (each copy made unique) into a temporary archive.

``--polnear`` scores real news instead: PolNeAR's annotated attributions (bench/polnear.py).
``--pages`` scores a folder of real news pages beside their expected drafts
(bench/real_pages.py). Neither corpus is in the repository.
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
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from briefing_archive.archive import load_registry  # noqa: E402
from briefing_archive.ingest.command import run_ingest  # noqa: E402
from briefing_archive.ingest.draft import draft_briefing  # noqa: E402
from briefing_archive.ingest.score import Tally, compare, norm  # noqa: E402
from tests.support.ingest import case_files, draft_file, small_registry  # noqa: E402

SHARED = ROOT.parent / "shared"  # samples beside the repository, read when present (the tests never do)
FIELDS = ("quotes", "people", "countries", "title", "date", "outlet", "credit", "issues")


def sample_pairs() -> list[tuple[Path, Path]]:
    """(article, expected) pairs: tests/ingest/cases, and any ../shared sample not copied there."""
    pairs = case_files()
    known = {article.stem for article, _ in pairs}
    for expected in sorted((SHARED / "expected").glob("*.yml")):
        article = SHARED / "articles" / (expected.stem + ".txt")
        if article.exists() and expected.stem not in known:
            pairs.append((article, expected))
    return pairs


def quality(pairs, registry) -> Tally:
    tally = Tally()
    for article, expected in pairs:
        briefing = draft_file(article, registry)
        compare(briefing, yaml.safe_load(expected.read_text("utf-8")), article.name, tally)
    return tally


def report(label: str, tally: Tally) -> None:
    print(f"\n{label}")
    for key in FIELDS:
        if tally.wanted.get(key) or tally.found.get(key):
            print(
                f"  {key:<10} precision {tally.precision(key):6.1%}  recall {tally.recall(key):6.1%}"
                f"  ({tally.hits.get(key, 0)}/{tally.found.get(key, 0)} found, {tally.wanted.get(key, 0)} wanted)"
            )
    for key in ("boilerplate kept", "scare quotes taken"):
        print(f"  {key}: {tally.found.get(key, 0)}")
    for miss in tally.misses:
        print("   ", miss)


def batch(folder: Path, copies: int) -> int:
    """The case articles ``copies`` times, each copy with a unique last line."""
    count = 0
    for n in range(copies):
        for article, expected in sample_pairs():
            title = yaml.safe_load(expected.read_text("utf-8"))["title"]
            text = article.read_text("utf-8").replace(title, f"{title} {n}")
            stamp = f"\n<!-- copy {n} -->\n" if article.suffix == ".html" else f"\n\ncopy {n}\n"
            (folder / f"{n:04d}-{article.name}").write_text(text + stamp, "utf-8")
            count += 1
    return count


def throughput(copies: int, registry) -> None:
    pairs = sample_pairs()
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
    print(
        f"run_ingest, {count} articles ({written} briefings, exit {status}): "
        f"{count / took:.1f} articles/s in {took:.1f} s"
    )


def polnear_quality(folder: Path, split: str, show_misses: bool) -> None:
    from polnear import Score, file_name, load_split, page_dump, score_article

    registry, _ = load_registry(ROOT)
    articles = load_split(folder, split)

    def draft_of(article):
        name = file_name(article)
        return draft_briefing(
            page_dump(article), filename=name, kind="txt", registry=registry, source_file=f"content/articles/{name}"
        )

    [draft_of(article) for article in articles[:1]]  # imports and gazetteers load once, before the clock
    started = time.perf_counter()
    drafts = [draft_of(article) for article in articles]
    took = time.perf_counter() - started
    score = Score(articles=len(articles))
    for article, draft in zip(articles, drafts, strict=True):
        quotes = [] if isinstance(draft, str) else [(q.speaker, q.text) for q in draft.quotes]
        score.drafted += not isinstance(draft, str)
        if not isinstance(draft, str):
            score.titles += norm(draft.title) == norm(article.title)
            score.dates += bool(draft.date) and draft.date.isoformat() == article.date
        misses = score_article(quotes, article.quotes, score)
        if show_misses:
            print(f"\n{article.name}" + (f": no draft: {draft}" if isinstance(draft, str) else ""))
            print("\n".join("    " + miss for miss in misses))
    print(f"\nPolNeAR {split}: {score.line()}")
    print(f"  {len(articles) / took:.1f} articles/s (drafting, 1 core, after one warm-up draft)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--polnear", type=Path, help="PolNeAR's unpacked repository or its data/ folder")
    parser.add_argument("--split", default="dev", help="train or dev (test is held out)")
    parser.add_argument("--pages", type=Path, help="a folder of real pages beside their .expected.yml")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()
    if args.polnear or args.pages:
        if args.polnear:
            polnear_quality(args.polnear, args.split, args.misses)
        if args.pages:
            from real_pages import pages_quality

            pages_quality(args.pages, args.misses)
        return
    registry = small_registry()
    pairs = sample_pairs()
    shared = {p.name for p in (SHARED / "articles").glob("*")}
    report("shared samples (../shared/articles)", quality([p for p in pairs if p[0].name in shared], registry))
    report(
        "tests/ingest/cases (written for the rules)", quality([p for p in pairs if p[0].name not in shared], registry)
    )
    throughput(args.copies, registry)


if __name__ == "__main__":
    main()
