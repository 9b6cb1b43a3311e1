"""Edits of the archive's files: briefings added, deleted, renamed or touched, the registry,
templates, static files, site settings, source articles, and a briefing broken."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

from briefing_archive.serialize import dump_briefing
from tests.support.edit_fuzz.archive import Archive, field_of, parsed, quoted_in_article, rewrite
from tests.support.synthetic_archive import ROLES


def add_briefing(a: Archive) -> str | None:
    """A copy of a briefing under a new name, with its own title, date and source."""
    source = a.pick()
    a.added += 1
    day = dt.date(2015, 1, 1) + dt.timedelta(days=a.rng.randrange(3653))
    name = f"{day}-added-{a.added}-{a.rng.randrange(10**6)}.md"
    briefing = parsed(source)
    url = f"https://example.org/added/{name[:-3]}"
    new = dataclasses.replace(
        briefing,
        path=f"briefings/{name}",
        title=f"Added {a.words(3)}",
        date=day,
        source=dataclasses.replace(briefing.source, url=url),
    )
    (a.root / "briefings" / name).write_text(dump_briefing(new), encoding="utf-8")
    a.touched.add(a.root / "briefings" / name)
    return f"added {name}"


def delete_briefing(a: Archive) -> str | None:
    path = a.pick()
    path.unlink()
    return f"deleted {path.name}"


def rename_briefing(a: Archive) -> str | None:
    path = a.pick()
    a.added += 1
    target = path.with_name(f"{path.stem}-moved-{a.added}.md")
    a.touched.add(target)
    path.rename(target)
    return f"renamed {path.name} to {target.name}"


def touch_briefing(a: Archive) -> str | None:
    """Its stamp changed, its bytes not (written again, or only touched)."""
    path = a.pick()
    if a.rng.random() < 0.5:
        path.write_bytes(path.read_bytes())
    else:
        os.utime(path)
    return f"touched {path.name}"


def edit_registry(a: Archive) -> str | None:
    """An issue given an alias, or an actor entry a new role."""
    rng = a.rng
    if rng.random() < 0.5:
        path = rng.choice(sorted((a.root / "content/issues").glob("*.md")))
        a.touched.add(path)
        alias = f"{a.words(2).title()} {rng.randrange(10**6)}"
        text = path.read_text(encoding="utf-8")
        if re.search(r"^aliases: \[", text, flags=re.M):
            text = re.sub(r"^aliases: \[", f"aliases: [{alias}, ", text, count=1, flags=re.M)
        elif "\naliases:\n" in text:
            text = text.replace("\naliases:\n", f"\naliases:\n  - {alias}\n", 1)
        else:
            text = re.sub(r"^(name: .*)$", rf"\1\naliases: [{alias}]", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        return f"an alias of {path.name}"
    people = [p for p in sorted((a.root / "content/actors").glob("*.md")) if field_of(p, "kind") == "person"]
    path = rng.choice(people)
    a.touched.add(path)
    text = re.sub(r"^role: .*$", f"role: {rng.choice(ROLES)}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return f"the role of {path.name}"


def edit_template(a: Archive) -> str | None:
    path = a.rng.choice([a.templates / "briefing.html", a.templates / "issue.html", a.templates / "macros.html"])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n{{# {a.words(2)} #}}\n", encoding="utf-8")
    return f"template {path.name}"


def edit_static(a: Archive) -> str | None:
    path = a.templates / "static" / "style.css"
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {a.words(2)} */\n", encoding="utf-8")
    return "static style.css"


def edit_settings(a: Archive) -> str | None:
    """The site's name (on every page) set in ``mkdocs.yml``, written when missing."""
    path = a.root / "mkdocs.yml"
    path.write_text(f"site_name: {a.words(2).title()} Briefings\nsite_url: https://example.org/\n", encoding="utf-8")
    return "site settings"


def edit_article(a: Archive) -> str | None:
    """A briefing given a source article of its own, or an article a briefing names changed."""
    folder = a.root / "content" / "articles"
    articles = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if articles and a.rng.random() < 0.5:
        path = a.rng.choice(articles)
        path.write_text(path.read_text(encoding="utf-8") + f"{a.words(6)}.\n", encoding="utf-8")
        return f"article {path.name}"
    briefing = a.pick()
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"{briefing.stem}.txt"
    before = article.read_text(encoding="utf-8") if article.exists() else ""  # only ever added to: an undo stays valid
    article.write_text(f"{before}{a.words(5).title()}\n\n{a.words(12)}.\n", encoding="utf-8")
    source = f"content/articles/{article.name}"
    rewrite(briefing, lambda b: dataclasses.replace(b, source=dataclasses.replace(b.source, file=source)))
    quoted_in_article(a, parsed(briefing))
    return f"article {article.name} for {briefing.name}"


def break_briefing(a: Archive) -> str | None:
    """A briefing naming an issue the registry lacks (an error: no build goes on), repaired
    by the next step's first edit."""
    path = a.pick()
    text = path.read_text(encoding="utf-8")
    a.repairs.append((path, text))
    if not rewrite(path, lambda b: dataclasses.replace(b, issues=(*b.issues, f"No Such Issue {a.added}"))):
        a.repairs.pop()
        return None
    return f"broke {path.name}"
