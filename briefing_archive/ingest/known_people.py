"""People known from outside the story's prose: the registry's (by name, alias or a new
spelling of one) and those a photo caption introduces with role and state.
"""

from __future__ import annotations

import re

from .cast_types import Person
from .examples import Example
from .gazetteer import is_given_name
from .named_people import NAME_RUN
from .names import variant_key
from .people import PeopleFinder


def add_registry_people(finder: PeopleFinder, known_people) -> None:
    """Registry people named in the text (by name or alias) join under their canonical name."""
    for names, canonical, role, country in known_people:
        where = [m.start() for n in names for m in re.finditer(rf"(?<![\w-]){re.escape(n)}(?![\w-])", finder.text)]
        if not where:
            continue
        existing = next((p for p in finder.people.values() if p.name in names), None)
        if existing is not None and existing.name != canonical:
            del finder.people[existing.name]
            existing.name = canonical
            finder.people[canonical] = existing
        person = existing or finder.people.setdefault(canonical, Person(canonical, start=min(where)))
        if not person.role and role:
            person.role_rule = "registry"
        person.role = person.role or role
        if country and (person.country is None or isinstance(person.country, tuple)):
            person.country, person.country_rule = country, "registry"  # the registry beats a guess
            person.notes = [note for note in person.notes if "guess" not in note]


def merge_registry_spellings(finder: PeopleFinder, known_people) -> None:
    """A person the article spells in a way the registry does not list ("Sergej Lavrov" for
    the registry's Sergei Lavrov, alias Sergey Lavrov) is drafted under the canonical name
    (the variant spellings were merged already), with a note to add the new spelling as an alias."""
    listed = {name for names, *_ in known_people for name in names}
    canonical = {variant_key(name): entry for names, entry, *_ in known_people for name in names if " " in name}
    for run in NAME_RUN.finditer(finder.text):
        words = run.group(0).split()
        for size in (3, 2):
            for index in range(len(words) - size + 1):
                spelling = " ".join(words[index : index + size]).rstrip(".,")
                entry = canonical.get(variant_key(spelling))
                if entry and spelling not in listed and spelling not in finder.spellings:
                    finder.spellings[spelling] = entry
                    person = finder.people.get(entry)
                    if person is not None:
                        person.notes.append(f'new spelling of {entry}: add "{spelling}" to its aliases in the registry')


def add_caption_roles(finder: PeopleFinder, captions) -> None:
    """A person the body names bare ("Fumio Kishida told …") is often introduced with role
    and state in a photo caption that was removed as furniture: take them from there."""
    caption = PeopleFinder("\n\n".join(captions), finder.pats)
    caption.find()
    complete_family_names(finder, caption.text)
    take_caption_roles(finder, caption)


def complete_family_names(finder: PeopleFinder, caption_text: str) -> None:
    """A person the body names by family name alone, given in full under the photo."""
    for person in [p for p in finder.people.values() if " " not in p.name]:
        # "Stelmokas exclaimed" in the story, "Litauen - Martas Stelmokas 33" under the photo
        full = re.search(rf"\b([A-Z][a-z]+) {re.escape(person.name)}\b", caption_text)
        if full and is_given_name(full.group(1)) and f"{full.group(1)} {person.name}" not in finder.people:
            del finder.people[person.name]
            person.name = f"{full.group(1)} {person.name}"
            person.notes = [n for n in person.notes if "full name" not in n]
            finder.people[person.name] = person


def take_caption_roles(finder: PeopleFinder, caption: PeopleFinder) -> None:
    """Role and state of a person the caption introduces, for the story's mention of them."""
    for found in caption.people.values():
        named = finder.people.get(found.name)
        if named is not None and named.role is None and found.role:
            named.role, named.notes = found.role, [n for n in named.notes if "role" not in n]
            named.role_rule = "photo_caption"
            if not named.country:
                named.country_rule = "photo_caption"
            named.country = named.country or (found.country if isinstance(found.country, str) else None)
        elif (
            named is None
            and found.role
            and isinstance(found.country, str)
            and found.country
            and not finder.known(found.name)
        ):
            # "Shin Won-sik, South Korea's minister of national defense, speaks …" under a photo,
            # and the story says "the South Korean defense chief said": the same person. An actor
            # only if the story names or refers to him (``in_the_story``).
            finder.people[found.name] = Person(
                found.name,
                found.role,
                found.country,
                start=0,
                notes=["named with role and state only in a photo caption"],
                by_name_only=True,
                role_rule="photo_caption",
                country_rule="photo_caption",
            )


# ("registry": a person of the registry, by name or alias, takes the registry's role and state.)
EXAMPLES = (
    # the caption under the photo, dropped from the body, introduces the person the story names bare
    Example(
        "Polish Defence Minister Anna Kowalski speaks to reporters in Warsaw.\n\nPhoto: Reuters\n\nAnna "
        "Kowalski told reporters on Tuesday that the drills near the border would go on for three more days.",
        "person Anna Kowalski: role Defence Minister ← rule photo_caption; country Poland ← rule photo_caption",
    ),
)
