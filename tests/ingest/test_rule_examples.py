"""Every ingest rule module's ``EXAMPLES``, run through ingest with an empty registry; and every
rule the rule tables name is shown working by at least one example.

An example names its rule in what it expects of ``--explain`` ("… ← rule said_before_quote"),
so a new rule without an example fails ``test_every_rule_has_an_example``.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import briefing_archive.ingest as ingest
from briefing_archive.ingest.draft import draft_explained
from briefing_archive.ingest.examples import Example
from briefing_archive.ingest.inherit import INHERIT_RULES
from briefing_archive.ingest.speaker_rules import QUOTE_KINDS
from briefing_archive.ingest.story_dates import DATE_RULES
from briefing_archive.ingest.story_place import PLACE_RULES
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


EXAMPLES = {
    f"{name}:{index}": example for name, examples in example_modules().items() for index, example in enumerate(examples)
}


def explained(example: Example) -> tuple[Briefing, tuple[str, ...]]:
    briefing, lines = draft_explained(
        example.page,
        filename=example.file,
        kind=KINDS[Path(example.file).suffix],
        registry=Registry(),
        source_file=f"content/articles/{example.file}",
        date=dt.date.fromisoformat(example.date) if example.date else None,
    )
    assert isinstance(briefing, Briefing), briefing
    return briefing, lines


def draft_value(briefing: Briefing, path: str) -> object:
    """A field of the draft by its dotted path ("source.credit")."""
    value: object = briefing
    for name in path.split("."):
        value = getattr(value, name)
    return value


def problems(example: Example, briefing: Briefing, lines: tuple[str, ...]) -> list[str]:
    found = [f"--explain lacks {want!r}" for want in example.expected_lines if not any(want in line for line in lines)]
    found += [f"--explain has {unwanted!r}" for unwanted in example.absent if any(unwanted in line for line in lines)]
    found += [
        f"draft's {path} is {draft_value(briefing, path)!r}, not {want!r}"
        for path, want in example.drafts.items()
        if draft_value(briefing, path) != want
    ]
    return found


def table_rules() -> set[str]:
    """The rules of the ordered tables, by their functions' names."""
    tables = (
        DATE_RULES,
        PLACE_RULES,
        BEFORE_QUOTE_RULES,
        AFTER_QUOTE_RULES,
        INHERIT_RULES,
        *(kind.rules for kind in QUOTE_KINDS),
    )
    return {rule.__name__ for table in tables for rule in table}


def literal_names(node: ast.expr | None) -> set[str]:
    """The strings an expression evaluates to as written: a constant, either branch of
    ``a if c else b``, the items of a tuple."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return literal_names(node.body) | literal_names(node.orelse)
    return set().union(*map(literal_names, node.elts)) if isinstance(node, ast.Tuple) else set()


def names_a_rule(target: ast.expr) -> bool:
    if isinstance(target, ast.Tuple):
        return any(map(names_a_rule, target.elts))
    return getattr(target, "id", getattr(target, "attr", "")).endswith("rule")


def rules_named_in(source: str) -> set[str]:
    """Rules named by a string where ingest records what found a value: ``rule="…"``,
    ``person.role_rule = "…"``, a function's ``rule`` argument, and the rule a function
    returns when its docstring says it does ("(index, rule) of the headline")."""
    tree, found = ast.parse(source), set()
    takes_rule = {
        f.name: len(f.args.args) - 1
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and f.args.args and f.args.args[-1].arg == "rule"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and (node.arg or "").endswith("rule"):
            found |= literal_names(node.value)
        elif isinstance(node, ast.Assign) and any(map(names_a_rule, node.targets)):
            found |= literal_names(node.value)
        elif isinstance(node, ast.Call) and len(node.args) > takes_rule.get(getattr(node.func, "id", ""), 99):
            found |= literal_names(node.args[takes_rule[node.func.id]])
        elif isinstance(node, ast.FunctionDef) and "rule)" in (ast.get_docstring(node) or ""):
            found |= {
                name for ret in ast.walk(node) if isinstance(ret, ast.Return) for name in literal_names(ret.value)
            }
    return {name for name in found if name.isidentifier()}  # not the "" of "no rule recorded"


def named_rules() -> set[str]:
    return set().union(*(rules_named_in(path.read_text("utf-8")) for path in Path(ingest.__path__[0]).glob("*.py")))


def test_every_rule_has_an_example():
    shown = {
        rule
        for example in EXAMPLES.values()
        for want in example.expected_lines
        for rule in re.findall(r"← rule (\w+)", want)
    }
    rules = (table_rules() | named_rules()) - NAMED_BY_THEIR_TABLE - REGISTRY_ONLY
    missing = sorted(rules - shown)
    assert not missing, f"no example shows {', '.join(missing)}: add one to the EXAMPLES of the rule's module"


def test_the_rule_names_are_found_where_ingest_records_them():
    # the names --explain prints of the tables' rules, and of a few recorded by a string
    assert {"said_before_quote", "same_paragraph_speaker", "date_line_in_header"} <= table_rules()
    assert {
        "line_above_byline_or_date",
        "role_before_name",
        "predecessor_of",
        "most_named_state",
        "counterpart_other_side",
        "interview_answer",
        "registry",
    } <= named_rules()
    assert NAMED_BY_THEIR_TABLE <= table_rules() and REGISTRY_ONLY <= named_rules()  # no stale exemption


def test_the_rule_modules_have_examples():
    assert set(example_modules()) >= {
        "story_dates",
        "story_place",
        "meta",
        "verb_rules",
        "speaker_rules",
        "scare",
        "inherit",
        "interview",
        "cast",
        "people",
        "after_name",
        "named_people",
        "known_people",
        "office_holders",
        "names",
        "states",
        "institutions",
        "clean",
        "credit",
        "byline",
        "dates",
        "marks",
    }


@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_rule_example(example: Example):
    assert example.expected_lines or example.absent or example.drafts, "an example expects something"
    briefing, lines = explained(example)
    wrong = problems(example, briefing, lines)
    assert not wrong, "\n".join(
        [
            "",
            "example:",
            example.page,
            "",
            "expected:",
            *example.expected_lines,
            *(f"absent: {a}" for a in example.absent),
            *(f"draft: {k} = {v!r}" for k, v in example.drafts.items()),
            "",
            "--explain printed:",
            *lines,
            "",
            *wrong,
        ]
    )
