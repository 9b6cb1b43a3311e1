"""Edits of one briefing's front matter or body, each made on the parsed briefing
and written back as ``build.py fmt`` writes it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from briefing_archive.model import Briefing, Correction, Quote
from tests.support.edit_fuzz.archive import Archive, parsed, quoted_in_article, rewrite
from tests.support.synthetic_archive import ROLES

# Each edit: (archive) → what it did, or None when it could not be made on the briefing picked.


def edit_title(a: Archive) -> str | None:
    path = a.pick()
    title = f"{a.words(2).capitalize()} {a.words(3)}"
    return f"title of {path.name}" if rewrite(path, lambda b: dataclasses.replace(b, title=title)) else None


def edit_summary(a: Archive) -> str | None:
    path = a.pick()
    summary = a.rng.choice([None, f"{a.words(6).capitalize()}."])
    return f"summary of {path.name}" if rewrite(path, lambda b: dataclasses.replace(b, summary=summary)) else None


def edit_quote(a: Archive) -> str | None:
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        quotes = list(b.quotes)
        people = [actor.name for actor in b.actors]
        choice = rng.choice(["text", "speaker", "to", "add", "remove"])
        if choice == "add" and people:
            quotes.insert(rng.randrange(len(quotes) + 1), Quote(rng.choice(people), f"{a.words(7).capitalize()}."))
        elif not quotes:
            return None
        elif choice == "remove":
            del quotes[rng.randrange(len(quotes))]
        else:
            at = rng.randrange(len(quotes))
            others = [name for name in people if name != quotes[at].speaker]
            if choice == "text":
                quotes[at] = dataclasses.replace(quotes[at], text=f"{a.words(6).capitalize()}.")
            elif choice == "speaker" and others:
                quotes[at] = dataclasses.replace(quotes[at], speaker=rng.choice(others))
            elif choice == "to":
                quotes[at] = dataclasses.replace(quotes[at], to=rng.choice([None, *others]))
        return dataclasses.replace(b, quotes=tuple(quotes))

    if not rewrite(path, change):
        return None
    quoted_in_article(a, parsed(path))
    return f"a quote of {path.name}"


def edit_issues(a: Archive) -> str | None:
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        issues = list(b.issues)
        if issues and rng.random() < 0.5:
            del issues[rng.randrange(len(issues))]
        else:
            new = rng.choice(a.issues)
            if new in issues:
                return None
            issues.insert(rng.randrange(len(issues) + 1), new)
        return dataclasses.replace(b, issues=tuple(issues))

    return f"issues of {path.name}" if rewrite(path, change) else None


def edit_actors(a: Archive) -> str | None:
    """An actor added from the registry, removed (when no quote names it), or given a new role."""
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        actors = list(b.actors)
        quoted = {q.speaker for q in b.quotes} | {q.to for q in b.quotes}
        choice = rng.choice(["add", "remove", "role"])
        if choice == "add":
            actor = a.actors[rng.choice(sorted(a.actors))]
            if any(known.name == actor.name for known in actors):
                return None
            actors.insert(rng.randrange(len(actors) + 1), actor)
        elif choice == "remove":
            free = [at for at, actor in enumerate(actors) if actor.name not in quoted]
            if not free:
                return None
            del actors[rng.choice(free)]
        else:
            people = [at for at, actor in enumerate(actors) if actor.kind == "person"]
            if not people:
                return None
            at = rng.choice(people)
            actors[at] = dataclasses.replace(actors[at], role=rng.choice(ROLES))
        return dataclasses.replace(b, actors=tuple(actors))

    return f"actors of {path.name}" if rewrite(path, change) else None


def edit_date(a: Archive) -> str | None:
    path = a.pick()
    day = dt.date(2015, 1, 1) + dt.timedelta(days=a.rng.randrange(3653))
    return f"date of {path.name} to {day}" if rewrite(path, lambda b: dataclasses.replace(b, date=day)) else None


def edit_status(a: Archive) -> str | None:
    path = a.pick()

    def change(b: Briefing) -> Briefing:
        return dataclasses.replace(b, status="draft" if b.status == "published" else "published")

    return f"status of {path.name}" if rewrite(path, change) else None


def add_correction(a: Archive) -> str | None:
    path = a.pick()

    def change(b: Briefing) -> Briefing | None:
        if b.date is None:
            return None
        day = b.date + dt.timedelta(days=a.rng.randrange(1, 30))
        return dataclasses.replace(b, corrections=(*b.corrections, Correction(day, f"{a.words(5).capitalize()}.")))

    return f"a correction of {path.name}" if rewrite(path, change) else None


def edit_body(a: Archive) -> str | None:
    path = a.pick()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{a.words(8).capitalize()}.\n", encoding="utf-8")
    return f"body of {path.name}"


def undo_edit(a: Archive) -> str | None:
    """A briefing put back as it was before one of the last edits (an editor's undo)."""
    kept = [(path, text) for path, text in a.before if path.exists()]
    if not kept:
        return None
    path, text = a.rng.choice(kept)
    path.write_text(text, encoding="utf-8")
    a.touched.add(path)
    return f"undid an edit of {path.name}"


def copy_quote(a: Archive) -> str | None:
    """A quote of one briefing given word for word to another (its speaker made an actor there)."""
    source = parsed(a.pick())
    if not source.quotes:
        return None
    quote = a.rng.choice(source.quotes)
    named = {actor.name: actor for actor in source.actors}
    path = a.pick()

    def change(b: Briefing) -> Briefing | None:
        known = {actor.name for actor in b.actors}
        new = [named[name] for name in (quote.speaker, quote.to) if name and name in named and name not in known]
        return dataclasses.replace(b, actors=(*b.actors, *new), quotes=(*b.quotes, quote))

    if not rewrite(path, change):
        return None
    quoted_in_article(a, parsed(path))
    return f"a quote of {source.path} given to {path.name}"


def same_as_another(a: Archive) -> str | None:
    """A briefing given another's date or title (ties in every order by date, then title)."""
    other, path = parsed(a.pick()), a.pick()
    field = a.rng.choice(["date", "title"])
    value = getattr(other, field)
    return (
        f"{field} of {path.name} as {other.path}'s"
        if rewrite(path, lambda b: dataclasses.replace(b, **{field: value}))
        else None
    )
