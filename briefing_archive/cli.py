"""The command line: ``python build.py [--root DIR] COMMAND …``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import storage
from .bookkeeping import Later, at_once, finish
from .build_client import command_and_root
from .layout import ACTORS, BRIEFINGS, BUILD_INPUTS, CACHE, CHECK_WALK, ISSUES, PRINTS_FILE
from .server_start import add_server_command, server_command, start_server_after

if TYPE_CHECKING:
    from .checking import Selection

# Each command imports what it runs: ``build`` begins stamping the archive's inputs in a
# process of its own first (``storage.stamp_ahead``), while this one imports the rest.

PROJECT = Path(__file__).resolve().parent.parent


def command_check(args) -> int:
    try:
        return check_selected(args)
    finally:
        storage.drop_stamps_ahead()  # begun by ``main`` and not taken (the check stopped before)


def check_selected(args) -> int:
    from .checking import Selection, check_archive
    from .validate import problems_summary

    selection = selected(args.root, args.paths)
    if args.changed:
        changed = storage.git_changed_files(args.root, args.base)
        if changed is None:
            print(f"check --changed: not a git checkout with a branch {args.base!r}", file=sys.stderr)
            return 2
        selection = Selection(tuple(path for path in changed if path.startswith(CHECKED_FOLDERS)))
    result = check_archive(args.root, selection)
    for problem in result.problems:
        print(problem)
    print(problems_summary(list(result.problems), result.files))
    return 1 if any(p.is_error or args.strict for p in result.problems) else 0


# What --changed checks: the briefings and the registry that differ from the base branch.
CHECKED_FOLDERS = (BRIEFINGS + "/", ISSUES + "/", ACTORS + "/")


def selected(root: Path, paths: list[str]) -> Selection:
    """The files under ``paths`` (every file when none are given, or the root)."""
    from .checking import Selection

    wanted = [relative_to_root(root, p).rstrip("/") for p in paths]
    if not wanted or any(w in ("", ".") for w in wanted):
        return Selection()
    return Selection(tuple(wanted))


def relative_to_root(root: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def briefing_paths(root: Path, paths: list[str]) -> list[str]:
    """The briefing files named by ``paths`` (files or folders), or all of them."""
    every = storage.list_markdown(root, BRIEFINGS)
    if not paths:
        return every
    wanted = [relative_to_root(root, p).rstrip("/") for p in paths]
    return [path for path in every if any(path == w or path.startswith(w + "/") or w == "." for w in wanted)]


def command_fmt(args) -> int:
    from .model import Problem
    from .workflow import format_text

    failed = changed = 0
    for path in briefing_paths(args.root, args.paths):
        file = storage.read_text(args.root, path)
        result = (
            format_text(path, file.text)
            if file.text is not None
            else [Problem(path, 1, "file", file.error or "unreadable")]
        )
        if isinstance(result, list):
            failed += 1
            print("\n".join(str(p) for p in result), file=sys.stderr)
        elif result != file.text:
            changed += 1
            print(f"{'would reformat' if args.check else 'formatted'}: {path}")
            if not args.check:
                storage.write_atomic(args.root / path, result)
    print(f"fmt: {changed} file(s) {'to reformat' if args.check else 'reformatted'}, {failed} not formattable")
    return 1 if failed or (args.check and changed) else 0


def command_publish(args) -> int:
    path = relative_to_root(args.root, args.briefing)
    file = storage.read_text(args.root, path)
    if file.text is None:
        print(f"{path}:1: file: {file.error}", file=sys.stderr)
        return 1
    from .archive import load_registry, read_sources
    from .parse import parse_briefing
    from .workflow import publish_text

    registry, _ = load_registry(args.root)
    parsed = parse_briefing(path, file.text)
    source = None
    if not isinstance(parsed, list) and parsed.source.file:
        source = read_sources(args.root, [parsed]).get(parsed.source.file)
    result = publish_text(
        path, file.text, args.by, registry, source.text if source else None, source.error if source else None
    )
    if isinstance(result, list):
        print("\n".join(str(p) for p in result), file=sys.stderr)
        print(f"not published: {len(result)} problem(s)", file=sys.stderr)
        return 1
    storage.write_atomic(args.root / path, result)
    print(f"published: {path} (reviewed by {args.by.strip()})")
    return 0


def command_build(args) -> int:
    try:
        from .pipeline import build_site

        out = args.out if args.out is not None else args.root / "site"
        return build_site(args.root, out, include_drafts=args.drafts, keep=args.keep, hold=args.hold, later=args.later)
    finally:
        storage.drop_stamps_ahead()  # begun by ``main`` and not taken (the build stopped before)


def command_server(args) -> int:
    return server_command(args, main)


def command_ingest(args) -> int:
    from .archive import load_registry
    from .ingest.command import run_ingest

    registry, problems = load_registry(args.root)
    for problem in (p for p in problems if p.is_error):
        print(problem, file=sys.stderr)
    return run_ingest(
        args.paths,
        root=args.root,
        out=args.out,
        force=args.force,
        registry=registry,
        progress=not args.quiet,
        date=args.date,
        explain=args.explain,
    )


def iso_date(value: str):
    """``--date``'s argument: a real day as YYYY-MM-DD, or argparse's clear error."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Briefing archive tools.")
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the archive folder every command works on (default: .)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate briefings and the registry")
    check.add_argument("paths", nargs="*", help="only report these files or folders")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--changed", action="store_true", help="only briefings that differ from --base")
    check.add_argument("--base", default="main", help="branch --changed compares with (default: main)")
    check.set_defaults(run=command_check)
    build = commands.add_parser("build", help="build the site into ROOT/site (or --out)")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    build.add_argument("--drafts", action="store_true", help="include drafts, with a banner")
    build.set_defaults(run=command_build)
    add_server_command(commands).set_defaults(run=command_server)
    ingest = commands.add_parser("ingest", help="turn articles into draft briefings")
    ingest.add_argument("paths", nargs="+", help="article files or folders (.txt, .md, .html)")
    ingest.add_argument("--out", default=BRIEFINGS, help="folder for the drafts (default: briefings)")
    ingest.add_argument("--force", action="store_true", help="overwrite briefings an editor changed")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--date", type=iso_date, help="the story's date (YYYY-MM-DD), over what the page says")
    ingest.add_argument(
        "--explain",
        action="store_true",
        help="under each file, which rule found its title, date, roles, states and speakers",
    )
    ingest.set_defaults(run=command_ingest)
    fmt = commands.add_parser("fmt", help="rewrite front matter in the canonical form")
    fmt.add_argument("paths", nargs="*", help="files or folders (default: every briefing)")
    fmt.add_argument("--check", action="store_true", help="only report files that are not formatted")
    fmt.set_defaults(run=command_fmt)
    publish = commands.add_parser("publish", help="mark a reviewed draft as published")
    publish.add_argument("briefing", help="the briefing file")
    publish.add_argument("--by", required=True, help="the reviewer's name")
    publish.set_defaults(run=command_publish)
    return parser


def main(
    argv: list[str] | None = None,
    keep: Callable | None = None,
    hold: Callable | None = None,
    ahead: bool = False,
    later: Later = at_once,
) -> int:
    """Run the command ``argv`` names; its exit status. ``keep``, ``hold``, ``later``: handed
    what a finished build was made from, what else it used, and what it does only for the
    builds to come (``pipeline.build_site``);
    ``ahead``: this process is the command's own (``run``), free to fork the stamping of a
    build's inputs as it begins (``storage.stamp_ahead``)."""
    args = make_parser().parse_args(argv)
    args.keep, args.hold, args.later = keep, hold, later
    if not (storage.is_folder(args.root / BRIEFINGS) or storage.is_folder(args.root / "content")):
        print(
            f"build.py: {args.root} is not an archive (it has no briefings/ or content/ folder): check --root",
            file=sys.stderr,
        )
        return 2
    if ahead and args.run is command_build:
        storage.stamp_ahead(args.root, list(BUILD_INPUTS), BRIEFINGS, since=args.root / PRINTS_FILE)
    elif ahead and args.run is command_check:
        storage.stamp_ahead(args.root, list(CHECK_WALK), BRIEFINGS)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted: files already written are whole; nothing half-written", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """``build.py`` as a process: ``main``, then the process ends without freeing what a
    build was made from one object at a time (about 0.2 s of a 3.5 s rebuild after an edit at
    30,000 briefings, about 1 s at 100,000): the system takes the memory back at once.
    Every file is written and closed, and every helper process stopped, before ``main``
    returns; what a build does only for the builds to come is finished by a process of its
    own (``finish_after``); an error ``main`` does not catch ends the process as usual."""
    held: list = []
    left: list[Callable[[], object]] = []
    status = main(keep=lambda *made: held.append(made), hold=held.append, ahead=True, later=left.append)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            pass
    finish_after(left, command_and_root(sys.argv[1:])[1] / CACHE)
    start_server_after(sys.argv[1:], status, sys.argv[0])
    os._exit(status)


def finish_after(left: list[Callable[[], object]], cache_folder: Path) -> int | None:
    """What a build left for the builds to come (``bookkeeping``) done by a process forked
    now, once this one has said all it had to: the shell has its prompt back ~40 ms sooner
    after a one-edit build at 30,000 briefings, ~2 s sooner when the build keeps its state
    anew. That process holds the cache folder's bookkeeping lock until it is done, and the
    next build or check waits for it (``storage.wait_for_bookkeeping``). A caller reading
    this process's output to its end (a pipe) reads on until it is done too: its output
    is this one's. Without fork or flock, the work is done here. The process forked, if any."""
    if not left:
        return None
    lock = storage.bookkeeping_lock(cache_folder)
    try:
        child = os.fork() if lock is not None and hasattr(os, "fork") else -1
    except OSError:
        child = -1
    if child == 0:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the editor's next Ctrl-C is not for it
        try:
            finish(left)
        except Exception as error:  # a cache not left only makes the next build slower
            print(f"warning: caches for the next build not all left: {error}", file=sys.stderr, flush=True)
        finally:
            os._exit(0)
    if child < 0:
        finish(left)
    if lock is not None:
        os.close(lock)  # this process's copy: the child's holds the lock until it ends
    return child if child > 0 else None
