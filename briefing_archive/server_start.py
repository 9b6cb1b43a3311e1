"""The build server that ``build.py build`` starts for itself on an editor's terminal.

A build after one edit at 30,000 briefings takes ~1.3 s in a process of its own and ~0.9 s
handed to ``build.py server`` (``build_server``), most of the difference being what the
server read ahead. An editor should not have to know that to have it: ``build.py build``
run on a terminal, when no server runs for its archive, starts one as it ends, as Gradle
and Bazel start their daemons. It runs on its own (no terminal; its log in ``LOG``) and
stops after ``IDLE_MINUTES`` without a build, with ``build.py server --stop``, or when the
tool's code changes. ``BRIEFING_ARCHIVE_SERVER=0`` turns build servers off (none is started,
none used: ``build_client``), ``=1`` starts one where it is off: off a terminal (a pipe, a
script) and in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from . import storage
from .build_client import SWITCH, command_and_root, server_runs, stop_server
from .layout import CACHE

IDLE_MINUTES = 60
LOG = f"{CACHE}/build-server.log"


def server_wanted(command: str, status: int, environ: Mapping[str, str], on_terminal: bool) -> bool:
    """Whether a build that ended with ``status`` starts a build server for its archive."""
    if command != "build" or status != 0 or not sys.platform.startswith("linux"):
        return False
    switch = environ.get(SWITCH, "").strip()
    if switch in ("0", "1"):
        return switch == "1"
    return on_terminal and not environ.get("CI")


def start_server_after(argv: list[str], status: int, entry: str) -> None:
    """Start a build server for the archive ``argv``'s build (run by the script ``entry``)
    built, when one is wanted and none runs; say so on standard error."""
    command, root = command_and_root(argv)
    if not server_wanted(command, status, os.environ, on_terminal()) or Path(entry).name != "build.py":
        return
    if server_runs(root):  # one runs (it declined this build, or another build started it): not a second
        return
    log = storage.open_log(root / LOG)
    if log is None:
        return
    import subprocess

    command_line = [sys.executable, str(Path(entry).resolve()), "--root", str(root.resolve()), "server"]
    try:
        subprocess.Popen(
            [*command_line, "--idle-minutes", str(IDLE_MINUTES)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # not stopped by the terminal's Ctrl-C, nor ended with it
        )
    except OSError:
        return
    finally:
        os.close(log)
    print(
        f"build.py: started a build server for this archive; the next builds run in it, faster "
        f"(it stops after {IDLE_MINUTES} minutes without a build, or with build.py server --stop; "
        f"{SWITCH}=0 turns build servers off)",
        file=sys.stderr,
    )


def on_terminal() -> bool:
    """Whether this process reads and writes a terminal (an editor at it, not a script)."""
    try:
        return os.isatty(0) and os.isatty(1)
    except OSError:
        return False


def add_server_command(commands) -> argparse.ArgumentParser:
    """``build.py server``'s arguments, added to ``build.py``'s commands."""
    server = commands.add_parser("server", help="keep a build process ready: build.py build meanwhile runs in it")
    server.add_argument("--stop", action="store_true", help="stop the build server that runs for ROOT")
    server.add_argument("--idle-minutes", type=minutes, help="stop after this long without a build (default: never)")
    return server


def minutes(value: str) -> float:
    """``--idle-minutes``' argument: a number of minutes over 0, or argparse's clear error."""
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes over 0")
    return number


def server_command(args, run: Callable[..., int]) -> int:
    """``build.py server``: serve builds until stopped, or (``--stop``) stop the one that runs."""
    if args.stop:
        stopped = stop_server(args.root)
        said = "stopped the build server" if stopped else "no build server runs"
        print(f"build.py server: {said} for {args.root.resolve()}", file=sys.stderr)
        return 0
    from .build_server import serve

    return serve(args.root, run, idle=args.idle_minutes * 60 if args.idle_minutes else None)
