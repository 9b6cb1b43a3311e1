"""Editorial steps over one briefing's text: canonical formatting and publishing.

Pure: text in, new text (or the problems that stop the step) out; the CLI
reads and writes the files.
"""

from __future__ import annotations

import dataclasses

from .frontmatter import split_front_matter
from .model import Briefing, Problem
from .parse import parse_briefing
from .registry import Registry
from .schema import keys, specs
from .serialize import dump_briefing
from .validate import check_briefing


def format_text(path: str, text: str) -> str | list[Problem]:
    """``text`` in canonical form, or why it cannot be formatted without loss."""
    briefing = parse_briefing(path, text)
    if isinstance(briefing, list):
        return briefing
    loss = what_formatting_would_lose(path, text, briefing)
    if loss:
        return loss
    formatted = dump_briefing(briefing)
    if parse_briefing(path, formatted) != briefing:  # never change a value
        return [Problem(path, 1, "front matter", "cannot be formatted without changing a value")]
    return formatted


def what_formatting_would_lose(path: str, text: str, briefing: Briefing) -> list[Problem]:
    """Comments and unknown fields would not survive a rewrite: say so instead."""
    problems = []
    front = split_front_matter(text)
    yaml_text = front[0] if front else ""  # a parsed briefing has front matter
    for number, yaml_line in enumerate(yaml_text.split("\n"), start=2):
        if yaml_line.lstrip().startswith("#"):
            problems.append(
                Problem(
                    path,
                    number,
                    "front matter",
                    "has a comment, which fmt would drop: move it into the body or a review note",
                )
            )
    parts = {key: keys(spec.part) for key, spec in specs(Briefing) if spec.kind == "mapping" and spec.part}
    known = set(keys(Briefing)) | {f"{key}.{sub}" for key, subs in parts.items() for sub in subs}
    for key, line in briefing.lines.items():
        top = ".".join(key.split(".")[:2]) if key.split(".")[0] in parts else key.split(".")[0]
        if top not in known:
            problems.append(Problem(path, line, key, "unknown field, which fmt would drop"))
    return problems


def is_formatted(briefing: Briefing, text: str) -> bool:
    return dump_briefing(briefing) == text


def publish_text(
    path: str, text: str, reviewer: str, registry: Registry, source_text: str | None, source_error: str | None = None
) -> str | list[Problem]:
    """The briefing published by ``reviewer``, or every reason it may not be yet."""
    briefing = parse_briefing(path, text)
    if isinstance(briefing, list):
        return briefing
    if not reviewer.strip():
        return [Problem(path, 1, "reviewed_by", "give the reviewer's name with --by")]
    published = dataclasses.replace(briefing, status="published", reviewed_by=reviewer.strip())
    problems = [p for p in check_briefing(published, registry, source_text, source_error) if p.is_error]
    if problems:
        return problems
    return dump_briefing(published)
