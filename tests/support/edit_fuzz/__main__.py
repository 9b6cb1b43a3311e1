"""``python -m tests.support.edit_fuzz``: see the package."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import tempfile
from pathlib import Path

import tests.support.edit_fuzz as edit_fuzz
from tests.support.edit_fuzz.runs import run, small_limits


def seeds_of(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.edit_fuzz", description=edit_fuzz.__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seeds", default="1-5", help="a seed or a range of them, e.g. 1-20")
    parser.add_argument("--steps", type=int, default=12, help="0: each kind of edit once, in a random order")
    parser.add_argument("--size", type=int, default=120)
    parser.add_argument("--by", choices=["process", "cli", "server"], default="process", help="how each edit is built")
    parser.add_argument(
        "--small",
        action="store_true",
        help="small limits (shards, pages of quotes, kept states, …), crossed often; builds in this process only",
    )
    parser.add_argument("--check", action="store_true", help="compare build.py check with and without its caches too")
    parser.add_argument("--kill", type=float, default=0.0, help="how often a build is stopped part-way (0 to 1)")
    parser.add_argument("--race", type=float, default=0.0, help="how often a step's edits race a build (0 to 1)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.small and (args.by != "process" or args.race or args.kill):
        # Another process builds with the limits as they are, under the same code's caches:
        # its site and caches are not this process's to go on from.
        parser.error("--small holds for builds in this process only (--by process, no --race or --kill)")
    base = args.workdir or Path(tempfile.mkdtemp(prefix="edit-fuzz-"))
    failed = 0
    for seed in seeds_of(args.seeds):
        folder = base / f"seed-{seed}"
        shutil.rmtree(folder, ignore_errors=True)
        with small_limits() if args.small else contextlib.nullcontext():
            found = run(
                seed, args.steps or None, args.size, folder, args.by, race=args.race, check=args.check, kill=args.kill
            )
        if found:
            failed += 1
            print(f"seed {seed}: DIFFERS\n  " + "\n  ".join(found))
        else:
            print(f"seed {seed}: every build equal to one from nothing")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
