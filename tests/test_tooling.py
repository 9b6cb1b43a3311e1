"""The code passes its linter and type checker, and keeps the house size limits.

ruff and mypy run as the environment's own executables (the ``test`` extra installs
them) with the settings in ``pyproject.toml``: ruff over the repository, mypy over
``briefing_archive`` (strict on the core). The size limits (modules of at most 300
lines, functions of at most 40) are read from the source with ``ast``.
"""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PROJECT

PACKAGE = PROJECT / "briefing_archive"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def executable(name: str) -> Path:
    """The tool installed beside this Python; the tests skip (saying why) without it."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.skip(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]' installs it")
    return path


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=600)


@functools.cache
def ruff_findings() -> dict[str, list[str]]:
    """Repository-relative path → ``line: code message`` of each lint finding."""
    done = run([str(executable("ruff")), "check", "--output-format", "json", "."])
    assert done.returncode in (0, 1), done.stderr
    findings: dict[str, list[str]] = {}
    for item in json.loads(done.stdout):
        path = Path(item["filename"]).resolve().relative_to(PROJECT).as_posix()
        findings.setdefault(path, []).append(f"{item['location']['row']}: {item['code']} {item['message']}")
    return findings


@functools.cache
def mypy_findings() -> dict[str, list[str]]:
    """Repository-relative path → ``line: message [code]`` of each type error; anything
    else mypy prints (a note on the settings, say) is a finding of ``pyproject.toml``."""
    done = run([str(executable("mypy")), "--output", "json"])
    assert done.returncode in (0, 1), done.stdout + done.stderr
    findings: dict[str, list[str]] = {}
    for line in (done.stdout + done.stderr).splitlines():
        if not line.startswith("{"):
            if line.strip():
                findings.setdefault("pyproject.toml", []).append(line)
            continue
        item = json.loads(line)
        if item["severity"] == "error":
            findings.setdefault(item["file"], []).append(f"{item['line']}: {item['message']} [{item['code']}]")
    return findings


def test_ruff_finds_nothing():
    assert ruff_findings() == {}


def test_ruff_format_leaves_every_file_as_it_is():
    result = run([str(executable("ruff")), "format", "--check", "."])
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    assert mypy_findings() == {}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_300_lines():
    long = {
        path.relative_to(PROJECT).as_posix(): lines
        for path in modules()
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def function_lengths(source: str) -> dict[str, int]:
    """``name:line`` of each function and method → its lines, from ``def`` to its last line."""
    return {
        f"{node.name}:{node.lineno}": node.end_lineno - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None
    }


def test_function_lengths_are_measured_from_def_to_last_line():
    source = "@decorated\ndef f(x):\n    '''Doc.'''\n\n    return x\n\n\nclass C:\n    def g(self):\n        pass\n"
    assert function_lengths(source) == {"f:2": 4, "g:9": 2}


def test_no_function_is_over_40_lines():
    long = {
        f"{path.relative_to(PROJECT).as_posix()}:{name}": lines
        for path in modules()
        for name, lines in function_lengths(path.read_text("utf-8")).items()
        if lines > MAX_FUNCTION_LINES
    }
    assert long == {}
