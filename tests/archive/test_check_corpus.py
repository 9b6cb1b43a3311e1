"""``build.py check`` on the corpus of bad inputs in ``tests/archive/bad/`` (see tests/support/archive.py).

Each case is copied onto a fresh minimal archive and checked in a subprocess,
as an editor would run it: the exact lines, the exit status (also with
``--strict``), no traceback, and not one byte of any input changed.
"""

from __future__ import annotations

import re

import pytest

from tests.support.archive import (
    BASE,
    VALID_BRIEFING,
    case_names,
    is_error_line,
    make_archive,
    read_expected,
    run_check,
    snapshot,
)

SUMMARY = re.compile(r"\d+ file\(s\) checked: (\d+) error\(s\), (\d+) warning\(s\)")
PROBLEM_LINE = re.compile(r"[^:\n]+:\d+: [^:\n]+: .+")


def check_case(tmp_path, case: str, *args: str):
    root = make_archive(tmp_path / "archive", case)
    before = snapshot(root, but=(".cache",))
    result = run_check(root, *args)
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(root, but=(".cache",)) == before, "check changed a file (but its cache)"
    return result


@pytest.mark.parametrize("case", case_names())
def test_case_gives_exactly_its_messages(tmp_path, case):
    description, expected = read_expected(case)
    assert description, f"{case}/expected.txt should say what the case is in '#' lines"
    result = check_case(tmp_path, case)
    *lines, summary = result.stdout.splitlines()
    assert lines == expected
    assert result.stderr == ""
    for line in lines:
        assert PROBLEM_LINE.fullmatch(line), f"not one 'path:line: field: message' line: {line}"
    errors = sum(is_error_line(line) for line in expected)
    match = SUMMARY.fullmatch(summary)
    assert match and (int(match[1]), int(match[2])) == (errors, len(expected) - errors), summary
    assert result.returncode == (1 if errors else 0)


@pytest.mark.parametrize(
    "case", [c for c in case_names() if read_expected(c)[1] and not any(map(is_error_line, read_expected(c)[1]))]
)
def test_warnings_fail_only_with_strict(tmp_path, case):
    result = check_case(tmp_path, case, "--strict")
    assert result.stdout.splitlines()[:-1] == read_expected(case)[1]
    assert result.returncode == 1


def test_every_case_has_expected_messages():
    for case in case_names():
        assert (BASE.parent / case / "expected.txt").is_file(), case


def test_the_base_archive_and_a_valid_briefing_are_clean(tmp_path):
    root = make_archive(tmp_path / "archive")
    (root / "briefings").mkdir()
    (root / "briefings" / "2019-05-30-buildup.md").write_text(VALID_BRIEFING, encoding="utf-8")
    result = run_check(root, "--strict")
    assert result.stdout == "7 file(s) checked: 0 error(s), 0 warning(s)\n"
    assert result.returncode == 0


# Neither may hang (run_check gives up after a minute); how fast they are is bench/'s to say.
def test_five_thousand_quotes_are_checked(tmp_path):
    result = check_case(tmp_path, "five-thousand-quotes")
    assert result.returncode == 1


def test_a_huge_file_is_refused_unread(tmp_path):
    result = check_case(tmp_path, "huge-file")
    assert "over the 5 MB limit" in result.stdout


def test_paths_limit_the_report_to_those_files(tmp_path):
    root = make_archive(tmp_path / "archive", "impossible-dates")
    every = run_check(root).stdout.splitlines()[:-1]
    assert len(every) == 3
    one = run_check(root, "briefings/2019-05-31-dmy.md")
    assert one.stdout.splitlines()[:-1] == [line for line in every if "2019-05-31-dmy" in line]
    assert one.returncode == 1
    absolute = run_check(root, str(root / "briefings" / "2019-05-31-dmy.md"))
    assert absolute.stdout == one.stdout
    folder = run_check(root, "briefings")
    assert folder.stdout.splitlines()[:-1] == every
    clean = run_check(root, "content/issues")
    assert clean.stdout.splitlines()[:-1] == []
    assert clean.returncode == 0


def test_paths_keep_cross_file_problems_of_the_named_file(tmp_path):
    root = make_archive(tmp_path / "archive", "same-source-file")
    result = run_check(root, "briefings/2019-05-30-buildup.md")
    assert result.stdout.splitlines()[:-1] == read_expected("same-source-file")[1]
    other = run_check(root, "briefings/2019-05-30-buildup-again.md")
    assert other.stdout.splitlines()[:-1] == []
    assert other.returncode == 0
