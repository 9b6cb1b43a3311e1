"""A folder of real news pages beside their expected drafts, scored as the case files are.

The folder (``--pages DIR``) holds ``<name>.txt|.md|.html`` and ``<name>.expected.yml`` in the
case files' form (tests/ingest/cases), plus ``url:`` and ``anonymous_quotes:`` (quotes whose
speaker the page never names: no briefing can hold them, so they are not scored). The pages
are stored copies of public news sites: not ours, never committed.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from briefing_archive.archive import load_registry  # noqa: E402
from briefing_archive.ingest.gazetteer import load  # noqa: E402
from briefing_archive.ingest.score import Tally, compare, norm  # noqa: E402
from tests.support.ingest import article_pairs, draft_file  # noqa: E402

# quotes*: right speaker as same_speaker compares them; quotes: the exact canonical name
FIELDS = ("quotes*", "quotes", "people", "countries", "title", "date", "outlet")


def page_pairs(folder: Path) -> list[tuple[Path, dict]]:
    return [(article, yaml.safe_load(expected.read_text("utf-8"))) for article, expected in article_pairs(folder)]


def canonical(expected: dict, registry) -> dict:
    """The annotation in the archive's own names: a person the registry knows under another
    spelling ("Sergey Lavrov") is drafted under its canonical name ("Sergei Lavrov"), and an
    outlet under the gazetteer's ("RFE/RL" is "Radio Free Europe/Radio Liberty")."""

    def name(value):
        entry = registry.actor(value) if value else None
        return entry.name if entry else value

    outlet = expected.get("outlet")
    return {
        **expected,
        "outlet": load().outlets.get(outlet.lower(), outlet) if outlet else outlet,
        "people": [{**p, "name": name(p["name"])} for p in expected.get("people") or ()],
        "quotes": [{**q, "speaker": name(q["speaker"]), "to": name(q.get("to"))} for q in expected.get("quotes") or ()],
    }


def name_words(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"['’]s\b", "", norm(name)).replace(".", "").split()) - {"the", "of"}


def same_speaker(got: str, want: str) -> bool:
    """The same speaker under the archive's name or a fuller one: "Ministry of National Defense"
    is "Taiwan's Ministry of National Defense", "Jay Tarriela" is "Commodore Jay Tarriela"
    (two words at least in common, one name's words all in the other's)."""
    a, b = name_words(got), name_words(want)
    return a == b or (min(len(a), len(b)) >= 2 and (a <= b or b <= a))


def tally_quotes(briefing, expected: dict, where: str, tally: Tally) -> None:
    """Quotes with the right speaker, speakers compared by ``same_speaker``."""
    got = [(q.speaker, norm(q.text)) for q in (briefing.quotes if not isinstance(briefing, str) else ())]
    want = [(q["speaker"], norm(q["text"])) for q in expected.get("quotes") or ()]
    unmatched = list(got)
    for speaker, text in want:
        hit = next((g for g in unmatched if g[1] == text and same_speaker(g[0], speaker)), None)
        if hit:
            unmatched.remove(hit)
        else:
            tally.misses.append(f"{where}: quote missing ({speaker}) {text[:100]}")
    tally.hits["quotes*"] = tally.hits.get("quotes*", 0) + len(got) - len(unmatched)
    tally.found["quotes*"] = tally.found.get("quotes*", 0) + len(got)
    tally.wanted["quotes*"] = tally.wanted.get("quotes*", 0) + len(want)
    tally.misses += [f"{where}: quote extra ({speaker}) {text[:100]}" for speaker, text in unmatched]


def f1(tally: Tally, key: str) -> float:
    p, r = tally.precision(key), tally.recall(key)
    return 2 * p * r / (p + r) if p + r else 0.0


def pages_quality(folder: Path, show_misses: bool) -> Tally:
    registry, _ = load_registry(ROOT)
    pairs = page_pairs(folder)

    def draft(article: Path):
        return draft_file(article, registry)

    [draft(article) for article, _ in pairs[:1]]  # imports and gazetteers load once a process
    started = time.perf_counter()
    drafts = [draft(article) for article, _ in pairs]
    took = time.perf_counter() - started
    tally = Tally()
    for (article, expected), briefing in zip(pairs, drafts, strict=True):
        compare(briefing, canonical(expected, registry), article.name, tally)
        tally_quotes(briefing, canonical(expected, registry), article.name, tally)
    drafted = sum(not isinstance(briefing, str) for briefing in drafts)
    outlets = {expected.get("outlet") for _, expected in pairs}
    print(f"\nreal pages ({folder}): {len(pairs)} pages from {len(outlets)} outlets, drafted {drafted}/{len(pairs)}")
    for key in FIELDS:
        if tally.wanted.get(key) or tally.found.get(key):
            print(
                f"  {key:<10} P {tally.precision(key):.3f} R {tally.recall(key):.3f} F1 {f1(tally, key):.3f}"
                f"  ({tally.hits.get(key, 0)}/{tally.found.get(key, 0)} found, {tally.wanted.get(key, 0)} wanted)"
            )
    for key in ("boilerplate kept", "scare quotes taken"):
        print(f"  {key}: {tally.found.get(key, 0)}")
    print(f"  {len(pairs) / took:.1f} articles/s (drafting, 1 core, after one warm-up draft)")
    if show_misses:
        print("\n".join("    " + miss for miss in tally.misses))
    return tally
