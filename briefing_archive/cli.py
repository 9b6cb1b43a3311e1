"""The command line: ``python build.py [--root DIR] COMMAND …``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import load_archive
from .model import Problem
from .validate import problems_summary


def command_check(args) -> int:
    archive = load_archive(args.root)
    problems = select(archive.problems, args.root, args.paths)
    for problem in problems:
        print(problem)
    print(problems_summary(problems, archive.files))
    failing = [p for p in problems if p.is_error or args.strict]
    return 1 if failing else 0


def select(problems, root: Path, paths: list[str]) -> list[Problem]:
    """The problems of the files under ``paths`` (all when none are given)."""
    if not paths:
        return list(problems)
    wanted = [relative_to_root(root, p) for p in paths]
    return [p for p in problems
            if any(p.path == w or p.path.startswith(w.rstrip("/") + "/") or w in ("", ".") for w in wanted)]


def relative_to_root(root: Path, path: str) -> str:
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Briefing archive tools.")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the archive folder every command works on (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate briefings and the registry")
    check.add_argument("paths", nargs="*", help="only report these files or folders")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=command_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
