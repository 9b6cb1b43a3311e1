"""Related briefings: per briefing, the few others sharing the most issues and actors.

Cost stays linear in the number of briefings: related briefings come from an
inverted index where each issue or actor contributes only the briefings
nearest in time (see ``RELATED_WINDOW``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from operator import itemgetter

from .facts import BriefingFacts

RELATED_LIMIT = 5
# A country may appear in thousands of briefings; comparing each with all the
# others would grow with the square of the archive. Per issue or actor, only
# this many briefings on either side in time are candidates.
RELATED_WINDOW = 12


def related_briefings(paths_newest_first: list[str], facts: dict[str, BriefingFacts]) -> dict[str, tuple[str, ...]]:
    """Per briefing, up to RELATED_LIMIT others sharing the most issues and actors.

    Ties go to the newer briefing, then by path. Briefings are numbered by
    rank (0 = newest) so that sorting numbers sorts by date and path.
    """
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    placed: list[list[tuple[list[int], int]]] = []  # per rank: (posting, position in it)
    for rank, path in enumerate(paths_newest_first):
        keys = [("i", r.slug) for r in facts[path].issues] + [("a", r.slug) for r in facts[path].actors]
        spots = []
        for key in dict.fromkeys(keys):
            posting = postings[key]
            spots.append((posting, len(posting)))
            posting.append(rank)
        placed.append(spots)
    related = {}
    for rank, path in enumerate(paths_newest_first):
        pool: list[int] = []
        for posting, position in placed[rank]:
            pool += posting[max(0, position - RELATED_WINDOW) : position + RELATED_WINDOW + 1]
        pool.sort()  # Counter keeps first-seen order, so equal counts stay by rank
        counts = Counter(pool)
        del counts[rank]
        best = sorted(counts.items(), key=itemgetter(1), reverse=True)[:RELATED_LIMIT]
        related[path] = tuple(paths_newest_first[other] for other, _ in best)
    return related
