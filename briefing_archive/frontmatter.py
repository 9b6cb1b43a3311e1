"""Split a Markdown file into front matter and body, and load the YAML.

The loader subclasses PyYAML's C loader (10x the pure-Python one) but keeps
every scalar a string, so that ``date: 2024-13-45`` reaches our own date
parser with its line number instead of failing inside YAML or becoming a
``datetime``. It records the line of every key and list item and reports
duplicate keys, which plain PyYAML silently overwrites.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .model import Problem

# Front matter starts on the line after the opening '---'.
FIRST_YAML_LINE = 2


class Plain(str):
    """A scalar written without quotes: ``123`` or ``true`` may be a mistake."""


class LocatedMap(dict):
    key_lines: dict


class LocatedList(list):
    item_lines: list


class FrontMatterLoader(yaml.CBaseLoader):
    """C-speed YAML loader: strings only, with lines and duplicate keys."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        return Plain(value) if not node.style else value

    def construct_sequence(self, node, deep=False):
        items = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        items.item_lines = [child.start_mark.line for child in node.value]
        return items

    def construct_mapping(self, node, deep=False):
        result = LocatedMap()
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark)
            key = str(self.construct_scalar(key_node))
            if key in result:
                self.duplicates.append((key, key_node.start_mark.line))
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line
        return result


@dataclass(frozen=True)
class Document:
    """A file split into its YAML data, the lines of its keys, and its body."""

    data: object
    lines: dict = field(default_factory=dict)
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
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None


def load_document(path: str, text: str) -> Document | list[Problem]:
    """Parse ``text`` into a Document, or the problems that prevent it."""
    parts = split_front_matter(text)
    if parts is None:
        return [Problem(path, 1, "front matter",
                        "missing: the file must start with a '---' line, the YAML, and a closing '---' line")]
    source, body, body_line = parts
    loader = FrontMatterLoader(source)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        return [_yaml_problem(path, error, source)]
    except yaml.YAMLError as error:
        return [Problem(path, 1, "front matter", f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    problems = [Problem(path, line + FIRST_YAML_LINE, key, "duplicate key: it is already set above")
                for key, line in loader.duplicates]
    if problems:
        return problems
    return Document(data, flatten_lines(data), body, body_line)


def _yaml_problem(path: str, error: yaml.MarkedYAMLError, source: str) -> Problem:
    # An unclosed quote or bracket is reported at the end of the stream; the
    # line where it was opened is the one the editor needs.
    at_end = "end of stream" in (error.problem or "")
    mark = (error.context_mark if at_end else None) or error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    what = " ".join(part for part in (error.context, error.problem) if part)
    source_lines = source.split("\n")
    if line < len(source_lines) and "\t" in source_lines[line]:
        what += " (a tab character: YAML is indented with spaces only)"
    return Problem(path, line + FIRST_YAML_LINE, "front matter", f"invalid YAML: {what}")


def flatten_lines(data: object, prefix: str = "") -> dict[str, int]:
    """Map dotted keys ("quotes.1.text") to file lines."""
    lines: dict[str, int] = {}
    if isinstance(data, LocatedMap):
        children = [(str(k), data[k], data.key_lines[k]) for k in data]
    elif isinstance(data, LocatedList):
        children = [(str(i), v, data.item_lines[i]) for i, v in enumerate(data)]
    else:
        return lines
    for key, value, line in children:
        dotted = f"{prefix}{key}"
        lines[dotted] = line + FIRST_YAML_LINE
        lines.update(flatten_lines(value, dotted + "."))
    return lines
