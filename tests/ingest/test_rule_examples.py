"""Every ingest rule module's ``EXAMPLES``, run through ingest with an empty registry; and every
rule the rule tables name is shown working by at least one example.

An example names its rule in what it expects of ``--explain`` ("… ← rule said_before_quote"),
so a new rule without an example fails ``test_every_rule_has_an_example``.
"""
from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import briefing_archive.ingest as ingest
from briefing_archive.ingest.draft import draft_explained
from briefing_archive.ingest.examples import Example
from briefing_archive.ingest.inherit import INHERIT_RULES
from briefing_archive.ingest.speaker_rules import QUOTE_KINDS
from briefing_archive.ingest.story_dates import DATE_RULES
from briefing_archive.ingest.verb_rules import AFTER_QUOTE_RULES, BEFORE_QUOTE_RULES
from briefing_archive.model import Briefing
from briefing_archive.registry import Registry
from tests.support.ingest import KINDS

# Rules that pass on the attribution of a table they run (before_quote runs BEFORE_QUOTE_RULES):
# --explain names the rule of that table, which its own examples cover.
NAMED_BY_THEIR_TABLE = {"before_quote", "after_quote", "said_after_short_quote"}
# A rule of the registry, not of the text: the examples run with an empty registry.
REGISTRY_ONLY = {"registry"}


def example_modules() -> dict[str, tuple[Example, ...]]:
    modules = {}
    for info in pkgutil.iter_modules(ingest.__path__):
        module = importlib.import_module(f"{ingest.__name__}.{info.name}")
        if hasattr(module, "EXAMPLES"):
            modules[info.name] = module.EXAMPLES
    return modules


EXAMPLES = {f"{name}:{index}": example for name, examples in example_modules().items()
            for index, example in enumerate(examples)}


def explained(example: Example) -> tuple[Briefing, tuple[str, ...]]:
    briefing, lines = draft_explained(
        example.page, filename=example.file, kind=KINDS[Path(example.file).suffix], registry=Registry(),
        source_file=f"content/articles/{example.file}", date=dt.date.fromisoformat(example.date) if example.date else None)
    assert isinstance(briefing, Briefing), briefing
    return briefing, lines


def draft_value(briefing: Briefing, path: str) -> object:
    """A field of the draft by its dotted path; a list field as its length."""
    value: object = briefing
    for name in path.split("."):
        value = getattr(value, name)
    return len(value) if isinstance(value, tuple) else value


def problems(example: Example, briefing: Briefing, lines: tuple[str, ...]) -> list[str]:
    found = [f"--explain lacks {want!r}" for want in example.expected_lines if not any(want in line for line in lines)]
    found += [f"--explain has {unwanted!r}" for unwanted in example.absent if any(unwanted in line for line in lines)]
    found += [f"draft's {path} is {draft_value(briefing, path)!r}, not {want!r}"
              for path, want in example.drafts.items() if draft_value(briefing, path) != want]
    return found


def test_rule_modules_have_examples():
    assert {"story_dates", "verb_rules", "speaker_rules", "inherit", "people", "meta"} <= set(example_modules())


@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_rule_example(example: Example):
    briefing, lines = explained(example)
    wrong = problems(example, briefing, lines)
    assert not wrong, "\n".join(["", "example:", example.page, "", "expected:", *example.expected_lines,
                                 *(f"absent: {a}" for a in example.absent),
                                 *(f"draft: {k} = {v!r}" for k, v in example.drafts.items()),
                                 "", "--explain printed:", *lines, "", *wrong])
