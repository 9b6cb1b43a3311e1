"""Split a Markdown file into front matter and body, and load the YAML.

The loader subclasses PyYAML's C loader (10x the pure-Python one) but keeps
every scalar a string, so that ``date: 2024-13-45`` reaches our own date
parser with its line number instead of failing inside YAML or becoming a
``datetime``. It records the line of every key and list item and reports
duplicate keys, which plain PyYAML silently overwrites.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import yaml

from .model import Problem

# Front matter starts on the line after the opening '---'.
FIRST_YAML_LINE = 2
# Deeper nesting is a mistake (or an attack): stop before Python's recursion limit.
MAX_DEPTH = 50


class Plain(str):
    """An unquoted scalar that YAML would read as a number or yes/no value."""


# Unquoted values that other YAML loaders would not read as text.
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
NOT_TEXT = re.compile(
    r"[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+)"
    r"|true|false|True|False|TRUE|FALSE|yes|no|Yes|No|YES|NO",
    re.ASCII,
)  # YAML's digits are ASCII


class LocatedMap(dict[str, object]):
    """A mapping from the YAML; ``lines`` maps dotted keys below it to lines."""


class LocatedList(list[object]):
    pass


class FrontMatterLoader(yaml.CBaseLoader):
    """C-speed YAML composer; values are built by ``to_python`` as strings only."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool] | None) -> str:
        # Every scalar stays a string and to_python goes by node type, so
        # PyYAML's per-node tag resolution (a third of the load time) is skipped.
        return ""


def to_python(
    node: yaml.Node, prefix: str, lines: dict[str, int], duplicates: list[tuple[str, int]], seen: set[int] | None = None
) -> object:
    """Plain data from a composed node, noting each key's line and duplicate keys.

    Walking the nodes directly is several times faster than PyYAML's
    constructor machinery, and the C composer already did the parsing.
    A node met twice was reached through an alias (``*name``): refused, as a few
    lines of aliases can expand to billions of items or a 100 MB page.
    """
    seen = set() if seen is None else seen
    if isinstance(node, yaml.ScalarNode):
        return scalar_to_python(node, seen)
    if prefix.count(".") >= MAX_DEPTH:
        raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
    refuse_second_visit(node, seen)
    if isinstance(node, yaml.SequenceNode):
        return sequence_to_python(node, prefix, lines, duplicates, seen)
    result = LocatedMap()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.MarkedYAMLError(None, None, "a key must be plain text", key_node.start_mark)
        name = key_node.value
        key = sys.intern(prefix + name)
        if name in result:
            duplicates.append((key, key_node.start_mark.line))
            continue
        lines[key] = key_node.start_mark.line + FIRST_YAML_LINE
        result[name] = to_python(value_node, key + ".", lines, duplicates, seen)
    return result


def scalar_to_python(node: yaml.ScalarNode, seen: set[int]) -> str | None:
    # a scalar met twice came through an alias too: one 50,000-character text named
    # 2,000 times is a 100 MB page
    if node.value:
        refuse_second_visit(node, seen)
    value: str = node.value
    if not node.style:
        if value in NULLS:
            return None
        if NOT_TEXT.fullmatch(value):
            return Plain(value)
    return value


def refuse_second_visit(node: yaml.Node, seen: set[int]) -> None:
    if id(node) in seen:
        raise yaml.MarkedYAMLError(
            None, None, "anchors and aliases (&name, *name) are not allowed: write the value out", node.start_mark
        )
    seen.add(id(node))


def sequence_to_python(
    node: yaml.SequenceNode, prefix: str, lines: dict[str, int], duplicates: list[tuple[str, int]], seen: set[int]
) -> LocatedList:
    items = LocatedList()
    for index, child in enumerate(node.value):
        key = sys.intern(f"{prefix}{index}")  # the same keys in every file: one copy in memory
        lines[key] = child.start_mark.line + FIRST_YAML_LINE
        items.append(to_python(child, key + ".", lines, duplicates, seen))
    return items


@dataclass(frozen=True)
class Document:
    """A file split into its YAML data, the lines of its keys, and its body."""

    data: object
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(yaml, body, first body line) or None when there is no front matter."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def load_document(path: str, text: str) -> Document | list[Problem]:
    """Parse ``text`` into a Document, or the problems that prevent it."""
    parts = split_front_matter(text)
    if parts is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            return [Problem(path, 1, "front matter", "not closed: no '---' line ends the front matter opened here")]
        return [
            Problem(
                path,
                1,
                "front matter",
                "missing: the file must start with a '---' line, the YAML, and a closing '---' line",
            )
        ]
    source, body, body_line = parts
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    data = load_yaml(path, source, lines, duplicates)
    if isinstance(data, Problem):
        return [data]
    problems = [
        Problem(path, line + FIRST_YAML_LINE, key, "duplicate key: it is already set above") for key, line in duplicates
    ]
    if problems:
        return problems
    return Document(data, lines, body, body_line)


def load_yaml(path: str, source: str, lines: dict[str, int], duplicates: list[tuple[str, int]]) -> object:
    """The data of the front matter ``source`` (noting its keys' lines and duplicate keys),
    or the Problem that prevents reading it."""
    try:
        loader = FrontMatterLoader(source)
    except UnicodeEncodeError as error:  # lone surrogates: only from callers, never from storage
        return Problem(path, 1, "front matter", f"invalid text: {error.reason}")
    try:
        node = loader.get_single_node()
        return None if node is None else to_python(node, "", lines, duplicates)
    except yaml.MarkedYAMLError as error:
        return _yaml_problem(path, error, source)
    except yaml.reader.ReaderError as error:
        line = source.encode("utf-8", "surrogatepass")[: error.position].count(b"\n")
        return Problem(
            path,
            line + FIRST_YAML_LINE,
            "front matter",
            f"invalid YAML: character #x{error.character:04x}: {error.reason}",
        )
    except (yaml.YAMLError, UnicodeEncodeError) as error:
        message = " ".join(str(error).split())
        return Problem(path, 1, "front matter", f"invalid YAML: {message}")
    finally:
        loader.dispose()


YAML_HINTS = (
    ("quoted scalar found unexpected end of stream", " (a quote opened on this line is never closed)"),
    ("flow sequence", " (is a '[' opened on this line left unclosed?)"),
    ("flow mapping", " (is a '{' opened on this line left unclosed?)"),
    ("mapping values are not allowed", " (a ': ' inside a value? put the value in quotes, or check the indentation)"),
    ("did not find expected key", " (check the indentation of this line)"),
)


UNCLOSED_DOUBLE = re.compile(r'(?:^|[:\[{,-])\s*"(?:[^"\\]|\\.)*$')
UNCLOSED_SINGLE = re.compile(r"(?:^|[:\[{,-])\s*'(?:[^']|'')*$")


def unclosed_quote_line(lines: list[str]) -> int | None:
    """The first line (0-based) where a quoted value opens and does not close."""
    for index, text in enumerate(lines):
        if text.lstrip().startswith("#"):
            continue
        if UNCLOSED_DOUBLE.search(text) or UNCLOSED_SINGLE.search(text):
            return index
    return None


def _yaml_problem(path: str, error: yaml.MarkedYAMLError, source: str) -> Problem:
    # An unclosed quote or bracket is reported at the end of the stream; the
    # line where it was opened is the one the editor needs.
    # Likewise an unclosed '[' or '{' is noticed lines later, where it began is what matters.
    at_end = "end of stream" in (error.problem or "") or "flow" in (error.context or "")
    mark = (error.context_mark if at_end else None) or error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    what = " ".join(part for part in (error.context, error.problem) if part)
    source_lines = source.split("\n")
    opened = unclosed_quote_line(source_lines[: line + 1])
    if opened is not None and opened < line:
        # A quoted value may span lines, so YAML stumbles only where the next quote mark is.
        return Problem(
            path,
            opened + FIRST_YAML_LINE,
            "front matter",
            f"invalid YAML: a quote opened on this line is not closed on it "
            f"(YAML failed on line {line + FIRST_YAML_LINE}: {what})",
        )
    if line < len(source_lines) and "\t" in source_lines[line]:
        what += " (a tab character: YAML is indented with spaces only)"
    else:
        what += next((hint for clue, hint in YAML_HINTS if clue in what), "")
    return Problem(path, line + FIRST_YAML_LINE, "front matter", f"invalid YAML: {what}")
