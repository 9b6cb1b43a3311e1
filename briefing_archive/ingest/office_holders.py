"""Well-known office-holders (``gazetteers/people.txt``): the state of a person the article
names without one, and a role when the article states none.

Why a list: national outlets name foreign leaders bare ("President Vladimir Putin" in an
Indian paper), and the outlet's state would be a wrong guess for them. A person's
state is stable, so the list's state is trusted over a guess from the page; offices change,
so the list's role only fills a gap the article leaves. The registry outranks the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .examples import Example

ROLE_NOTE = "role taken from the office-holders list: check it is current"


@dataclass(frozen=True)
class Holder:
    name: str
    country: str  # "" for an official of an international organisation
    role: str


def key(name: str) -> str:
    """Equal for the usual variants of one name: case, hyphens, accents aside, -y/-yy/-i
    endings and ey/ei ("Zelensky"/"Zelenskyy", "Sergey"/"Sergei", "Kim Jong-un"/"Kim Jong Un")."""
    tokens = re.sub(r"[-\s]+", " ", name.lower().replace(".", "")).split()
    return " ".join(re.sub(r"e[yi]", "ei", re.sub(r"(?:yy|y|i)$", "i", t)) if len(t) > 4 else t for t in tokens)


def token_pattern(token: str) -> str:
    stem = re.sub(r"(?:yy|y|i)$", "", token) if len(token) > 4 else token
    ending = r"(?:yy|y|i)" if stem != token else ""
    return re.sub(r"e[yi](?=.)", "e[yi]", re.escape(stem)) + ending


def rows() -> list[list[str]]:
    """Rows of the list, empty fields kept (an empty state means "no state")."""
    text = resources.files(__package__).joinpath("gazetteers").joinpath("people.txt").read_text("utf-8")
    return [
        [part.strip() for part in line.split(" #", 1)[0].split("|")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#") and line.count("|") >= 2
    ]


@lru_cache(maxsize=1)
def table() -> tuple[re.Pattern | None, dict[str, Holder]]:
    """One pattern for every listed spelling, and spelling key → holder."""
    holders: dict[str, Holder] = {}
    for row in rows():
        holder = Holder(row[0], row[1], row[2])
        for variant in [row[0]] + [v for v in row[3:] if v]:
            holders.setdefault(key(variant), holder)
    forms = sorted({v for row in rows() for v in [row[0]] + row[3:] if v}, key=len, reverse=True)
    if not forms:
        return None, holders
    body = "|".join(r"[-\s]+".join(token_pattern(t) for t in re.split(r"[-\s]+", f)) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), holders


def named_holders(text: str) -> dict[str, tuple[Holder, str, int]]:
    """Holders the text names: holder name → (holder, the text's spelling, first position)."""
    pattern, holders = table()
    found: dict[str, tuple[Holder, str, int]] = {}
    for match in pattern.finditer(text) if pattern else ():
        holder = holders.get(key(match.group(0)))
        if holder is not None and holder.name not in found:
            found[holder.name] = (holder, " ".join(match.group(0).split()), match.start())
    return found


def holder_of(name: str) -> Holder | None:
    return table()[1].get(key(name))


def apply_office_holders(people: dict, text: str, make_person, registry_names: set[str]) -> None:
    """Give listed people their state (and a role, if the article has none); add a listed
    person the article names but no rule found, under the article's spelling."""
    named = named_holders(text)
    for person in list(people.values()):
        holder = holder_of(person.name)
        if holder is None or person.name in registry_names:
            continue
        named.pop(holder.name, None)
        settle(person, holder)
    for holder, spelling, start in named.values():
        if spelling not in people and spelling not in registry_names:
            person = people.setdefault(spelling, make_person(spelling, start))
            settle(person, holder)


def settle(person, holder: Holder) -> None:
    current = person.country if isinstance(person.country, str) else None
    if current and current != holder.country:
        person.notes.append(
            f"country read as {current}, but the office-holders list says {holder.country or 'no state'}: check it"
        )
    person.country, person.country_rule = holder.country, "office_holders_list"
    person.notes = [n for n in person.notes if not n.startswith("country not stated") and "guess" not in n]
    if not person.role and holder.role:
        person.role, person.role_rule = holder.role, "office_holders_list"
        person.notes = [n for n in person.notes if "role not found" not in n] + [ROLE_NOTE]


EXAMPLES = (
    Example(
        "Sergei Lavrov told reporters on Tuesday that the drills near the border would go on for three more days.",
        "person Sergei Lavrov: role Foreign Minister ← rule office_holders_list; "
        "country Russia ← rule office_holders_list",
    ),
)
