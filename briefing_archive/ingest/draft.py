"""One article's text → a draft Briefing the editor reviews (or why not).

The steps: page lines (clean), header (meta), body and credit (clean), cast of
people, states and organisations (people), quotes, issues; then names are
mapped to the registry's canonical ones and everything unsure goes to ``review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from functools import lru_cache

from slugify import slugify

from ..model import Actor, Briefing, Quote, Source
from ..page_text import read_page
from ..registry import Registry
from . import clean, meta
from .cast import find_cast
from .cast_types import Cast, Person
from .credit import story_credit, syndicated_agency
from .explain import Drafted, Sources, explanation
from .gazetteer import alternation, load
from .interview import interview_answers
from .issues import candidate_issues, registry_issues
from .names import family_first, without_honorifics
from .patterns import Patterns, build
from .quote_types import Found
from .quotes import find_quotes
from .story_place import story_place, without_dateline


@lru_cache(maxsize=4)
def patterns_for(registry: Registry) -> tuple[Patterns, str]:
    """Patterns over the gazetteers plus the registry's states and organisations."""
    gaz = load()
    countries, organisations = dict(gaz.countries), dict(gaz.organisations)
    for entry in registry.actors:
        table = (
            countries
            if entry.actor_kind == "country"
            else organisations
            if entry.actor_kind == "organisation"
            else None
        )
        if table is not None:
            for name in (entry.name,) + entry.aliases + entry.demonyms:
                table[name] = entry.name
    verbs = alternation(w for w in gaz.reporting_verbs if w.isalpha())
    return build(countries, organisations), verbs


def registry_people(registry: Registry) -> list[tuple[tuple[str, ...], str, str | None, str | None]]:
    return [((e.name,) + e.aliases, e.name, e.role, e.country) for e in registry.actors if e.actor_kind == "person"]


def canonical(registry: Registry, name: str) -> str:
    entry = registry.actor(name)
    return entry.name if entry else name


def draft_briefing(
    text: str, *, filename: str, kind: str, registry: Registry, source_file: str, date: dt.date | None = None
) -> Briefing | str:
    """The draft, or why there is none (only a page with no text at all has none).
    A field ingest cannot find is left empty with a review note saying what to fill in."""
    made = draft(text, filename=filename, kind=kind, registry=registry, source_file=source_file, date=date)
    return made if isinstance(made, str) else made.briefing


def draft_explained(
    text: str, *, filename: str, kind: str, registry: Registry, source_file: str, date: dt.date | None = None
) -> tuple[Briefing | str, tuple[str, ...]]:
    """The draft (as ``draft_briefing`` makes it) and the lines saying which rule made what."""
    made = draft(text, filename=filename, kind=kind, registry=registry, source_file=source_file, date=date)
    return (made, ()) if isinstance(made, str) else (made.briefing, explanation(made))


def draft(
    text: str, *, filename: str, kind: str, registry: Registry, source_file: str, date: dt.date | None = None
) -> Drafted | str:
    page = read_page(text, kind)
    if not page.lines:
        return "no article text found"
    header = meta.read_header(page.lines, page.metadata, filename, date)
    body = clean.article_body(
        [line for i, line in enumerate(page.lines) if i not in header.used], {page.lines[i] for i in page.headings}
    )
    paragraphs_kept = body.paragraphs or tuple(line for i, line in enumerate(page.lines) if i not in header.used)
    outlet = meta.find_outlet(page.lines, list(body.removed), list(body.credit_lines), page.metadata, filename)
    title = header.title and meta.clean_title(header.title, outlet)
    lede = [paragraph for paragraph in paragraphs_kept if len(paragraph.split()) >= 15][:2]
    agency = syndicated_agency(body.credit_lines, lede, header.credit, body.removed)
    credit = story_credit(outlet, agency, body.credit or header.credit)
    paragraphs = [without_honorifics(family_first(paragraph)) for paragraph in paragraphs_kept]
    quotes, actors, notes, sources = attribution(paragraphs, registry, outlet, body.removed)
    review = header.notes + ([] if outlet else ["outlet not found: fill in source.outlet"])
    review += [] if body.paragraphs else ["no paragraph of prose found: the body is every line of the page; cut it"]
    review += notes
    location, location_rule = next((found for found in map(story_place, paragraphs_kept[:3]) if found[0]), (None, None))
    briefing = Briefing(
        path=draft_path(header.date, title, filename),
        title=title or "",
        date=header.date,
        status="draft",
        source=Source(
            outlet=outlet or "", file=source_file, url=page.metadata.get("url"), credit=credit, byline=header.byline
        ),
        summary=summary_of(page.metadata, paragraphs_kept),
        location=location,
        issues=registry_issues("\n\n".join(paragraphs), registry),
        actors=tuple(actors),
        quotes=tuple(quotes),
        review=tuple(dict.fromkeys(review)),
        body="\n\n".join(paragraphs_kept) + "\n",
    )
    return Drafted(briefing, header, sources, location_rule)


def draft_path(date: dt.date | None, title: str | None, filename: str) -> str:
    """``briefings/<date>-<slug>.md``; "undated" until an editor fills the date in, and the
    slug of the file's name when no headline was found."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = slugify(title or "", max_length=80, word_boundary=True) or slugify(stem, max_length=80, word_boundary=True)
    return f"briefings/{date.isoformat() if date else 'undated'}-{slug or 'article'}.md"


def attribution(paragraphs: list[str], registry: Registry, outlet: str | None, removed):
    """The attributed quotes, the actors, the review notes of a body, and the sources of
    the person actors and the quotes (for --explain)."""
    analysed = "\n\n".join(paragraphs)
    pats, verbs = patterns_for(registry)
    cast = find_cast(analysed, pats, verbs, registry_people(registry), outlet, removed)
    found, quote_notes = find_quotes(paragraphs, cast, load().reporting_verbs, analysed)
    found += interview_answers(paragraphs, cast.people)
    actors, actor_notes, people_of = actors_of(cast, registry, quoted_people(found))
    quotes, notes, sources = quotes_of(found, registry, {actor.name for actor in actors})
    known = {a.name for a in actors} | {m.name for m in cast.mentions}
    notes = actor_notes + notes + quote_notes
    notes += [
        f"new issue? {phrase!r} is repeated in the article but not in the registry"
        for phrase in candidate_issues(analysed, registry, known)
    ]
    return quotes, actors, notes, Sources(people_of, tuple(sources))


def summary_of(metadata: dict[str, str], paragraphs: tuple[str, ...]) -> str | None:
    if metadata.get("description"):
        return metadata["description"]
    first = next((without_dateline(p) for p in paragraphs if not p.startswith("#")), None)
    return first if first and len(first.split()) <= 60 and '"' not in first and "“" not in first else None


def quoted_people(found) -> set[str]:
    return {name for item in found if item.attribution for name in (item.attribution.speaker, item.attribution.to)}


def in_the_story(person: Person, cast: Cast, quoted: AbstractSet[str]) -> bool:
    """A person named once in passing, with no role ("admired Margaret Thatcher"), is no actor
    of the story; one who speaks, is spoken to or recurs is."""
    return not person.by_name_only or person.name in quoted or sum(m.name == person.name for m in cast.mentions) > 1


def actors_of(
    cast: Cast, registry: Registry, quoted: AbstractSet[str] = frozenset()
) -> tuple[list[Actor], list[str], dict[str, Person]]:
    """The draft's actors, the review notes on them, and the person behind each person actor."""
    actors: list[Actor] = []
    notes: list[str] = []
    people_of: dict[str, Person] = {}
    for person in (p for p in cast.people.values() if in_the_story(p, cast, quoted)):
        actors.append(
            Actor(
                canonical(registry, person.name),
                "person",
                person.role,
                canonical(registry, person.country) if person.country else None,
            )
        )
        people_of.setdefault(actors[-1].name, person)
        notes += [f"{person.name}: {note}" for note in person.notes]
    actors += [Actor(canonical(registry, c), "country") for c in cast.countries]
    actors += [
        Actor(canonical(registry, name), "organisation", country=home and canonical(registry, home))
        for name, home in cast.organisations.items()
    ]
    unique, names = [], set()
    for actor in actors:
        if actor.name not in names:
            names.add(actor.name)
            unique.append(actor)
    for actor in unique:
        if registry.actor(actor.name) is None:
            details = ", ".join(x for x in (actor.kind, actor.role, actor.country) if x)
            notes.append(f"new actor? {actor.name} ({details}) is not in the registry")
    return unique, notes, people_of


def quotes_of(found: list[Found], registry: Registry, actors: set[str]) -> tuple[list[Quote], list[str], list[Found]]:
    """Quotes whose speaker is an actor of the draft (check insists), each text once, with
    the review notes and the found quote each came from."""
    quotes, notes, seen, sources = [], [], set(), []
    for item in found:
        attribution = item.attribution
        if attribution is None or item.span.text in seen:
            continue
        speaker, to = (canonical(registry, attribution.speaker), attribution.to and canonical(registry, attribution.to))
        if speaker not in actors:
            notes.append(f'quote left out, speaker {speaker} unknown: "{item.span.text[:50]}…"')
            continue
        seen.add(item.span.text)
        quotes.append(Quote(speaker, item.span.text, to if to in actors else None))
        sources.append(item)
        if attribution.note:
            notes.append(f'{attribution.note} ("{item.span.text[:50]}…")')
    return quotes, notes, sources
