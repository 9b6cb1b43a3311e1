"""Registry issues named in the article, and phrases that may be new issues.

Only registry issues go into the draft; a capitalised phrase repeated in the
article that is neither an issue nor an actor is offered to the editor in
``review`` instead, never added silently.
"""

from __future__ import annotations

import re
from collections import Counter

from ..registry import Registry
from .gazetteer import word_list

PHRASE = re.compile(r"(?<![\w.] )(?<!^)\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3})\b")
GENERIC = frozenset(word_list("generic_openers"))  # "The Ministry", "Prime Minister": no issue


def name_pattern(names) -> re.Pattern:
    ordered = sorted(set(names), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])", re.IGNORECASE)


def registry_issues(text: str, registry: Registry) -> tuple[str, ...]:
    """Canonical issue names whose name or alias occurs, in order of first occurrence."""
    found = []
    for entry in registry.issues:
        match = name_pattern((entry.name,) + entry.aliases).search(text)
        if match:
            found.append((match.start(), entry.name))
    return tuple(name for _, name in sorted(found))


def candidate_issues(text: str, registry: Registry, known: set[str]) -> list[str]:
    """Repeated capitalised phrases that are not actors, issues or parts of them."""
    counts = Counter(m.group(1) for m in PHRASE.finditer(text))
    known_words = {w for name in known for w in name.split()}
    candidates = []
    for phrase, count in counts.items():
        words = phrase.split()
        if (
            count < 2
            or words[0] in GENERIC
            or registry.issue(phrase)
            or registry.actor(phrase)
            or set(words) <= known_words
        ):
            continue
        candidates.append(phrase)
    return sorted(candidates)
