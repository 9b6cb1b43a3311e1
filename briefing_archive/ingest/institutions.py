"""A state's named organs as speakers, and the short names that refer back to them.

The ministries list covers "<State> <ministry>"; a command, fleet or staff has a proper name
of its own ("China's Eastern Theater Command", "US 7th Fleet", "South Korea's Joint Chiefs of
Staff"). An editor wants the organ as the article names it, serving its state, not the bare
state, nor whatever state is named last before the verb ("…Command, which oversees the waters
around Taiwan, said"); later the article calls it "the Joint Chiefs" or "the command", which
is the same organ.
"""

from __future__ import annotations

import re

from .cast_types import Mention
from .examples import Example
from .gazetteer import literal_alternation, phrase_list
from .patterns import Patterns

# Head nouns that end an organ's proper name (gazetteers/organ_heads.txt); one to three
# capitalised words (or an ordinal, "7th") come between the state and the head.
HEADS = literal_alternation(phrase_list("organ_heads"))
# "the Armed Forces of the Philippines", "the Ministry of Foreign Affairs of Japan": the state last
OF_HEADS = (
    r"(?:Armed Forces|Coast Guard|National Police|Security Service"
    r"|Ministry of [A-Z][a-z]+(?: (?:and )?[A-Z][a-z]+){0,3})"
)
INNER = r"(?:(?:[A-Z][\w-]*|\d+(?:st|nd|rd|th))\s+){0,3}"


def organ_pattern(pats: Patterns) -> re.Pattern:
    states = "|".join(sorted(map(re.escape, pats.countries), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<qual>{states})(?:'s|’s)?\s+(?P<inner>{INNER})(?P<head>{HEADS})\b")


def organs_of_states(text: str, pats: Patterns, homes: dict[str, str | None]) -> list[Mention]:
    """ "the Armed Forces of the Philippines": an organisation of the state it names last."""
    names = "|".join(sorted(map(re.escape, pats.countries), key=len, reverse=True))
    found = []
    for match in re.finditer(rf"(?<![\w.])(?P<head>{OF_HEADS}) of (?:the )?(?P<qual>{names})\b", text):
        homes.setdefault(match.group(0), pats.countries[match.group("qual")])
        found.append(Mention(match.start(), match.end(), match.group(0), "organisation"))
    return found


def named_organs(text: str, pats: Patterns, homes: dict[str, str | None]) -> list[Mention]:
    """ "China's Eastern Theater Command", "US 7th Fleet": an organisation of that state,
    named as printed (the first wording, when the article repeats it)."""
    found: list[Mention] = []
    first: dict[tuple[str, str], str] = {}
    for match in organ_pattern(pats).finditer(text):
        # "the United States Indo-Pacific Command said" is the state speaking; a possessive
        # or a numbered unit ("China's …", "US 7th Fleet") names the organ
        possessive = match.group(0)[len(match.group("qual")) :][:1] in ("'", "’")
        if not possessive and not re.search(r"\d", match.group("inner")):
            continue
        country = pats.countries[match.group("qual")]
        key = (country, (match.group("inner") + match.group("head")).lower())
        name = first.setdefault(key, match.group(0))
        homes.setdefault(name, country)
        found.append(Mention(match.start(), match.end(), name, "organisation"))
    return found + organs_of_states(text, pats, homes)


def short_forms(name: str) -> set[str]:
    """What "the …" may call an organ later: its name without the state ("Joint Chiefs of
    Staff"), that name's first two words ("Joint Chiefs") and its head noun ("command")."""
    bare = re.sub(r"^[^']*?(?:'s|’s)\s+|^(?:US|U\.S\.|UK)\s+", "", name)
    words = bare.split()
    forms = {bare}
    if len(words) > 2:
        forms.add(" ".join(words[:2]))
    if len(words) > 1 and words[-1][:1].isupper():
        forms.add(words[-1].lower())
    return {form for form in forms if len(form) > 3 and form.lower() not in ("forces", "staff")}


def back_references(text: str, organs: list[Mention]) -> list[Mention]:
    """ "the Joint Chiefs said": the organ named last before with that short form."""
    found: list[Mention] = []
    forms = {form: organ for organ in organs for form in short_forms(organ.name)}
    if not forms:
        return found
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    for match in re.finditer(rf"\b[Tt]he\s+(?P<form>{alternation})\b", text):
        earlier = [o for o in organs if o.end <= match.start() and match.group("form") in short_forms(o.name)]
        if earlier and not any(o.start <= match.start() < o.end for o in organs):
            found.append(Mention(match.start(), match.end(), earlier[-1].name, "organisation"))
    return found


EXAMPLES = (
    # the organ speaks, not the state named last before the verb
    Example(
        "China's Eastern Theater Command, which oversees the waters around Taiwan, said the drills were "
        '"a stern warning to separatist forces."',
        'quote 1 "a stern warning to separatist forces.": speaker China\'s Eastern Theater Command ← rule '
        "said_before_quote",
    ),
    Example(
        "China's Eastern Theater Command began drills around Taiwan on Tuesday.\n\n\"The drills are a stern "
        'warning to separatist forces," the command said.',
        'quote 1 "The drills are a stern warning …": speaker China\'s Eastern Theater Command ← rule said_after_quote',
    ),
    Example(
        'The Armed Forces of the Philippines said on Tuesday that Chinese ships "blocked a resupply mission" near '
        "the shoal.",
        'quote 1 "blocked a resupply mission": speaker Armed Forces of the Philippines ← rule said_before_quote',
    ),
    # an alliance's secretary-general speaks for himself, not as the alliance
    Example(
        'NATO Secretary General Mark Rutte told reporters in Brussels: "The alliance will defend every inch of '
        'its territory."',
        'quote 1 "The alliance will defend every inch …": speaker Mark Rutte ← rule said_before_quote',
    ),
)
