"""Checks across files: the registry, quotes against sources, duplicates.

``parse`` checked each briefing on its own; here every briefing is checked
against the registry, its source article and the other briefings. Pure:
all texts come in as arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import NamedTuple

from slugify import slugify

from .model import Briefing, Problem
from .quotes import SourceMatcher
from .registry import Registry, fold

FILE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")


def check_briefing(
    b: Briefing, registry: Registry, source_text: str | None, source_error: str | None = None
) -> list[Problem]:
    """Every problem of one parsed briefing in the context of the archive."""
    problems = check_names(b, registry) + check_quotes(b, source_text) + check_workflow(b)
    problems += check_file_name(b)
    if b.source.file and source_error:
        problems.append(Problem(b.path, b.line_of("source.file"), "source.file", source_error))
    return problems


def check_names(b: Briefing, registry: Registry) -> list[Problem]:
    problems = [name_problem(b, registry, "issue", f"issues.{i}", name) for i, name in enumerate(b.issues)]
    problems += [name_problem(b, registry, "actor", f"actors.{i}.name", actor.name) for i, actor in enumerate(b.actors)]
    return [p for p in problems if p]


def name_problem(b: Briefing, registry: Registry, kind: str, key: str, name: str) -> Problem | None:
    entry = registry.lookup(kind, name)
    line = b.line_of(key)
    if entry is None:
        hint = registry.suggest(kind, name)
        hint_text = f"; did you mean {hint!r}?" if hint else f"; add it to content/{kind}s/"
        severity = "error" if b.status == "published" else "warning"
        return Problem(b.path, line, key, f"{name!r} is not a known {kind} in the registry{hint_text}", severity)
    if entry.name != name:
        how = "an alias" if fold(entry.name) != fold(name) else "a different spelling"
        return Problem(b.path, line, key, f"{name!r} is {how} of {entry.name!r}: use the canonical name", "warning")
    return None


def check_quotes(b: Briefing, source_text: str | None) -> list[Problem]:
    names = {fold(actor.name) for actor in b.actors}
    matcher = SourceMatcher(source_text) if source_text is not None else None
    problems = []
    for index, quote in enumerate(b.quotes):
        key = f"quotes.{index}"
        if fold(quote.speaker) not in names:
            problems.append(
                Problem(
                    b.path,
                    b.line_of(f"{key}.speaker"),
                    f"{key}.speaker",
                    f"speaker {quote.speaker!r} is not among the briefing's actors",
                )
            )
        if quote.to and fold(quote.to) not in names:
            problems.append(
                Problem(
                    b.path,
                    b.line_of(f"{key}.to"),
                    f"{key}.to",
                    f"addressee {quote.to!r} is not among the briefing's actors",
                    "warning",
                )
            )
        if matcher and not matcher.contains(quote.text):
            problems.append(
                Problem(
                    b.path,
                    b.line_of(f"{key}.text"),
                    f"{key}.text",
                    f"quote does not occur in {b.source.file}: a misquote? ({shorten(quote.text)})",
                )
            )
    return problems


def check_workflow(b: Briefing) -> list[Problem]:
    if b.status != "published":
        return []
    problems = []
    if not b.reviewed_by:
        problems.append(
            Problem(b.path, b.line_of("status"), "reviewed_by", "missing: a published briefing records who reviewed it")
        )
    if b.review:
        problems.append(
            Problem(
                b.path,
                b.line_of("review"),
                "review",
                f"{len(b.review)} review note(s) left in a published briefing: handle and delete them",
            )
        )
    return problems


def check_file_name(b: Briefing) -> list[Problem]:
    if not slugify(b.stem):
        return [
            Problem(
                b.path,
                1,
                "path",
                f"file name {b.stem!r} gives an empty slug: the page would "
                "have no address; name it <YYYY-MM-DD>-<slug>.md",
            )
        ]
    match = FILE_NAME.fullmatch(b.stem)
    if not match:
        return [Problem(b.path, 1, "path", "file name should be <YYYY-MM-DD>-<slug>.md", "warning")]
    if match.group(1) != b.known_date.isoformat():
        return [
            Problem(
                b.path,
                b.line_of("date"),
                "date",
                f"date {b.known_date.isoformat()} differs from the file name's {match.group(1)}",
                "warning",
            )
        ]
    if slugify(match.group(2)) != match.group(2):
        return [
            Problem(
                b.path,
                1,
                "path",
                f"slug {match.group(2)!r} is not a clean slug "
                f"(lowercase letters, digits and '-'): try {slugify(match.group(2))!r}",
                "warning",
            )
        ]
    return []


class Claims(NamedTuple):
    """What a parsed briefing claims that no other may: its slug (its page's address)
    and its source file (at ``source_line``). Other files' checks need nothing else of it.
    A tuple, not a dataclass: ``check`` remembers one a briefing (30,000 read a run)."""

    path: str
    slug: str
    source_file: str | None
    source_line: int


def claims_of(b: Briefing) -> Claims:
    return Claims(b.path, slugify(b.stem), b.source.file or None, b.line_of("source.file") if b.source.file else 1)


def claims_by_path(briefings: Iterable[Briefing]) -> dict[str, tuple]:
    """Each briefing's ``Claims`` by path, in order, each a plain tuple (as a kept state holds them)."""
    return {b.path: tuple(claims_of(b)) for b in briefings}


def duplicate_claims(claims: list[tuple]) -> list[Problem]:
    """The briefings (``Claims``, in order) whose slug or source an earlier one claimed: none
    when no slug or source is claimed twice, as counted in C (~7 ms less of an edit's build)."""
    if distinct(map(itemgetter(1), claims)) and distinct(filter(None, map(itemgetter(2), claims))):
        return []
    problems = []
    slugs: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path, slug, source_file, source_line in claims:
        other = slugs.setdefault(slug, path)
        if other != path:
            problems.append(Problem(path, 1, "path", f"same slug as {other}: their pages would collide"))
        if source_file:
            other = sources.setdefault(source_file, path)
            if other != path:
                problems.append(
                    Problem(path, source_line, "source.file", f"{source_file} is already the source of {other}")
                )
    return problems


def distinct(values: Iterable) -> bool:
    listed = list(values)
    return len(set(listed)) == len(listed)


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def problems_summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"


def by_path(items) -> Mapping[str, object]:
    return {item.path: item for item in items}
