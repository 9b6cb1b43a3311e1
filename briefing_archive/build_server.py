"""A build process kept ready for one archive: ``build.py server``.

A build after one edit at 30,000 briefings spends ~0.55 s of its ~1.3 s reading what the
last build left (the manifest, the inputs' prints, the page reads, the kept state) and
~0.13 s importing itself. The server imports once; for each build it forks a standby
process that forks the build's helpers and the walk of its inputs (``standing``,
``storage.stand_by``) while it is still small, then reads those files ahead into objects
no build used (``BuildCache.hold_for_next_build``), and waits. Helpers forked after the
read would cost the build a copy of every page of it the build then touches.

``build.py build`` run meanwhile over the same archive with the same Python hands its
arguments, working folder and terminal to the standby (``build_client``): its output, exit
status and Ctrl-C are as if it ran itself. The build takes each file read ahead only while
the file is still the one read, and reads it as always otherwise, so what it builds is what
a build of its own would. The standby ends with its build (what that leaves only for the builds
to come done once its client has its answer: ``bookkeeping``); the server forks the next.

One build at a time, and never one of other code: when the package's files changed since
the server started, it declines, says so and stops, and the build runs in its own process.
It answers only its own user. Ctrl-C between builds stops it; during one, stops that build.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from . import standing, storage
from .bookkeeping import Later, finish
from .build_client import STREAMS, command_and_root, server_address
from .cache import fingerprints
from .cache.build_cache import BuildCache
from .client_terminal import folder, interrupts_from, terminal
from .layout import BRIEFINGS, BUILD_INPUTS
from .page_renderer import PageRenderer
from .pipeline import templates_folder
from .search_job import SearchWorker
from .workers import die_with_parent

Command = Callable[..., int]  # ``cli.main``, given by the command that starts the server

# What the server says when it declines because its code is not the package's any more.
STOP_SAID = "the package's code changed since the build server started: it stopped (a build on a terminal starts one)"
FAILED = 1  # a standby's exit status when it failed (a bug, printed): the server stops, builds run alone
STOPPED = 3  # a standby's exit status when the server is to stop (its code changed, or it was asked to)
IDLE = 4  # a standby's exit status when no build came for the time the server was given
STOP_ASKED = "asked to stop (build.py server --stop)"  # said in its log; the server stops
STOPPING = (STOP_SAID, STOP_ASKED)  # why it declines and then stops (its reply says ``stopped``)
ENDINGS = {FAILED: ": its build process failed (above)", STOPPED: "", IDLE: ": no build came for its idle time"}


def serve(root: Path, run: Command, log=sys.stderr, idle: float | None = None) -> int:
    """Serve builds of the archive at ``root`` until Ctrl-C (or ``idle`` seconds without a
    build), each run as ``run(argv, keep=…, hold=…, ahead=True)`` (``cli.main``); the exit status."""
    if not sys.platform.startswith("linux"):
        print("build.py server: needs Linux (its socket has no file); build with build.py build", file=log)
        return 2
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(server_address(root))
    except OSError:
        print(f"build.py server: a build server already runs for {root.resolve()}", file=log)
        return 1
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with Ctrl-C ignored
    code = fingerprints.code_digest()
    listener.listen()
    print(
        f"build server for {root.resolve()}: build.py build runs here; Ctrl-C or build.py server --stop stops it",
        file=log,
        flush=True,
    )
    ended = 0
    try:
        while ended not in ENDINGS:
            ended = standby_ended(Serving(listener, root, code, run, idle))
    except KeyboardInterrupt:
        pass
    finally:
        with contextlib.suppress(OSError):  # refused from now on, though a helper still ending holds it
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
    print("build server stopped" + ENDINGS.get(ended, ""), file=log)
    return 1 if ended == FAILED else 0


@dataclass(frozen=True)
class Serving:
    listener: socket.socket
    root: Path
    code: str  # the package's code digest, as the server imported it
    run: Command
    idle: float | None = None  # seconds a standby waits for a build before the server stops


def standby_ended(serving: Serving) -> int:
    """Fork the process that runs the next build, and wait for it to end; its exit status.
    It is forked from this small one, which only ever imported the build: each build gets
    a process with nothing of the last (``stand_by_and_build``)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    building, told = os.pipe()  # the standby says on it when its build begins
    # Ctrl-C held off while forking: raised in fork's own after-fork hooks, Python ignores it
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pid = os.fork()
    if pid == 0:
        os.close(building)
        stand_by_and_build(serving, told)
    os.close(told)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except KeyboardInterrupt:  # Ctrl-C on a terminal came to the standby too; a signal to this one alone did not
        if not select.select([building], [], [], 0)[0]:  # it waits for a build: nothing to finish
            os.kill(pid, signal.SIGINT)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(building)


def stand_by_and_build(serving: Serving, told: int) -> NoReturn:
    """The next build's process: its helpers and walk forked while it is small, then what
    it reads first read ahead; then it waits for the build and runs it (saying so on
    ``told``). Ends when it did, whatever happened."""
    status, root = 0, serving.root
    try:
        die_with_parent(signal.SIGINT)  # a server killed takes its standby (and the socket it holds) with it
        cache = BuildCache(root, root / "site", templates_folder(root), False)
        storage.stand_by(root, list(BUILD_INPUTS), BRIEFINGS)  # first: it inherits no helper's pipes
        renderer = PageRenderer(cache.template_code)
        renderer.read_ahead(cache.manifest_files())  # in its own process, for its look at the site
        standing.put(renderer, SearchWorker(ahead=True))
        cache.hold_for_next_build()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held off since the fork: it forked too
        status = serve_build(serving, told)
    except KeyboardInterrupt:
        pass
    except BaseException:  # a bug: said here, and the server stops
        traceback.print_exc()
        status = FAILED
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)


def serve_build(serving: Serving, told: int) -> int:
    """Answer clients until one build ran (0), the code changed or a client asked it to stop
    (``STOPPED``), or no build came for the server's idle time (``IDLE``)."""
    serving.listener.settimeout(serving.idle)
    while True:
        try:
            connection, _ = serving.listener.accept()
        except TimeoutError:
            return IDLE
        with connection:
            try:
                message, fds, _, _ = socket.recv_fds(connection, 1 << 16, len(STREAMS))
            except OSError:  # the client went away
                continue
            if not message:  # a client that only looked whether a server runs (``server_runs``)
                continue
            try:
                why, request = declined(connection, message, serving.root, serving.code)
                if why is not None or len(fds) != len(STREAMS):
                    if stops_after_declining(connection, why or "no terminal"):
                        return STOPPED
                    continue
                started, used, later = time.perf_counter(), cpu_used(), list[Callable[[], object]]()
                os.write(told, b"b")
                status = build_for(serving.run, request, fds, connection, later.append)
            finally:
                for fd in fds:
                    os.close(fd)
            reply(connection, {"status": status})
            here, helpers = (now - then for now, then in zip(cpu_used(), used, strict=True))
            print(
                f"built for build.py build: exit {status} in {time.perf_counter() - started:.2f} s "
                f"(CPU {here:.2f} s in the build's process, {helpers:.2f} s in its helpers)",
                flush=True,
            )
            leave_caches(later)
            return 0


def leave_caches(later: list[Callable[[], object]]) -> None:
    """What a build does only for the builds to come, done once its client has its answer."""
    if not later:
        return
    started, used = time.perf_counter(), time.process_time()
    finish(later)
    took, cpu = time.perf_counter() - started, time.process_time() - used
    print(f"then left the caches for the builds to come in {took:.2f} s (CPU {cpu:.2f} s)", flush=True)


def cpu_used() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by the processes it forked that ended
    (the build's walk, renderer, search and its Pagefind: a build ends them all). Said for
    each build: on two cores a one-edit build at 30,000 briefings uses ~1.8 CPU s in all,
    which bounds its wall time more than any order of its parts."""
    own, theirs = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, theirs.ru_utime + theirs.ru_stime


def declined(connection: socket.socket, message: bytes, root: Path, code: str) -> tuple[str | None, dict]:
    """Why the server does not run the build asked for (None: it does), and the request."""
    _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
    if uid != os.getuid():
        return "another user's", {}
    if fingerprints.code_digest.__wrapped__() != code:
        return STOP_SAID, {}
    try:
        request = json.loads(message)
        if request.get("stop") is True:
            return STOP_ASKED, {}
        command, given_root = command_and_root(request["argv"])  # as the client read them
        here = Path(request["cwd"])
    except (ValueError, KeyError, TypeError):
        return "arguments it cannot read", {}
    if command != "build" or (here / given_root).resolve() != root.resolve():
        return "another archive's or command's", {}
    return None, request


def stops_after_declining(connection: socket.socket, why: str) -> bool:
    """Tell the client why its request is not run here, and log it; whether the server stops."""
    answer = {"declined": why, "say": why if why == STOP_SAID else ""}
    reply(connection, answer | ({"stopped": True} if why in STOPPING else {}))  # ``build_client.stop_server``
    print(why if why == STOP_ASKED else f"declined a build.py build: {why}", flush=True)
    return why in STOPPING


def build_for(run: Command, request: dict, fds: list[int], connection: socket.socket, later: Later) -> int:
    """``build.py ARGV`` run here as the client would: in its folder, on its terminal; what it
    does only for the builds to come handed to ``later``."""
    held: list = []
    try:
        with terminal(fds), folder(Path(request["cwd"])), interrupts_from(connection):
            try:
                return run(
                    request["argv"], keep=lambda *made: held.append(made), hold=held.append, ahead=True, later=later
                )
            except Exception:  # a bug: the client's terminal says what, this server goes on
                traceback.print_exc()
                return 1
    except KeyboardInterrupt:  # Ctrl-C passed on as the build was ending
        return 130


def reply(connection: socket.socket, answer: dict) -> None:
    with contextlib.suppress(OSError):  # the client is gone: nobody to tell
        connection.sendall(json.dumps(answer).encode() + b"\n")
