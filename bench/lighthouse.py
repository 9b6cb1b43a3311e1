"""Lighthouse and axe-core on one page of each kind, against the targets.

    python bench/lighthouse.py --site DIR            # a built site
    python bench/lighthouse.py --archive DIR         # build DIR first (into DIR/site)
        [--pages home,issue=/issues/kuril-islands/] [--presets mobile,desktop]
        [--runs N] [--json OUT] [--reports DIR] [--skip-axe] [--skip-lighthouse]

The site is served by ``python -m http.server`` on loopback. Lighthouse (npm
``lighthouse``, run by Node on Debian's Chromium, headless) gives the four category
scores and the cumulative layout shift per page and preset; axe-core (npm ``axe-core``,
injected into the page through Selenium) the violations at 1280 and 390 px, light and
dark. Targets: ≥ 98 in each category, CLS 0.00, 0 axe violations; "!" marks a figure
short of its target. The npm packages are installed on first use into
``~/.cache/briefing-bench`` (``BRIEFING_BENCH_CACHE``), never into the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # a script
from audit_report import (  # noqa: E402
    AxeViolation,
    LighthouseRow,
    axe_table,
    axe_violations,
    failed_audits_text,
    lighthouse_row,
    lighthouse_table,
    median_run,
    worst_layout_shift,
)
from site_pages import CHROMIUM, chromium, emulate, node_tool, package_version, parse_pages, pick_pages, site_to_audit  # noqa: E402

from tests.support.local_server import static_server  # noqa: E402

KINDS = ("home", "briefing", "issue", "actor", "quotes", "timeline", "search")
PRESETS = ("mobile", "desktop")
AXE_VARIANTS = ((1280, 900, "light"), (1280, 900, "dark"), (390, 844, "light"), (390, 844, "dark"))
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def run_lighthouse(url: str, preset: str, reports: Path | None, name: str) -> dict:
    """Lighthouse's JSON report of one page (``{"runtimeError": …}`` when it could not run)."""
    cli = node_tool("lighthouse", "cli/index.js")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        stem = (reports or Path(scratch)) / name
        outputs = ["--output=json", "--output=html"] if reports else ["--output=json"]
        command = [
            "node",
            str(cli),
            url,
            *outputs,
            f"--output-path={stem}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--quiet",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return {"runtimeError": {"message": "timed out after 300 s"}}
        report = Path(f"{stem}.report.json") if reports else stem
        if done.returncode != 0 or not report.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return {"runtimeError": {"message": f"exit {done.returncode}: {last}"}}
        return json.loads(report.read_text(encoding="utf-8"))


def lighthouse_rows(
    base: str, pages: dict[str, str], presets: tuple[str, ...], runs: int, reports: Path | None
) -> list[LighthouseRow]:
    rows = []
    for kind, url in pages.items():
        for preset in presets:
            started = time.monotonic()
            found = [
                run_lighthouse(
                    base + url.lstrip("/"), preset, reports, f"{kind}-{preset}" + (f"-{run}" if runs > 1 else "")
                )
                for run in range(1, runs + 1)
            ]
            row = lighthouse_row(kind, preset, url, median_run(found))
            rows.append(dataclasses.replace(row, cls=worst_layout_shift(found)) if row.cls is not None else row)
            print(f"  lighthouse {kind} {preset}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


AXE_RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done(String(e)));"""


def axe_results(base: str, pages: dict[str, str]) -> dict[str, dict[str, tuple[AxeViolation, ...]]]:
    """page kind → "1280 light" … → axe's violations there."""
    source = node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8")
    results: dict[str, dict[str, tuple[AxeViolation, ...]]] = {kind: {} for kind in pages}
    with tempfile.TemporaryDirectory(prefix="axe-chromium-") as profile:
        driver = chromium(Path(profile))
        try:
            for width, height, scheme in AXE_VARIANTS:
                emulate(driver, width, height, scheme)
                for kind, url in pages.items():
                    results[kind][f"{width} {scheme}"] = axe_on(driver, base + url.lstrip("/"), source)
        finally:
            driver.quit()
    return results


def axe_on(driver, url: str, source: str) -> tuple[AxeViolation, ...]:
    driver.get(url)
    time.sleep(0.5)  # scripts that run after load (the search box) are part of the page
    driver.execute_script(source)
    found = driver.execute_async_script(AXE_RUN)
    if isinstance(found, str):
        return (AxeViolation("axe-error", "", found, ()),)
    return axe_violations(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", type=Path, help="a built site")
    where.add_argument("--archive", type=Path, help="an archive: built first into ARCHIVE/site")
    parser.add_argument(
        "--pages", help=f"page kinds, comma-separated, KIND=URL to choose the page (default: {','.join(KINDS)})"
    )
    parser.add_argument("--presets", default=",".join(PRESETS), help="mobile,desktop (default both)")
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="Lighthouse runs per page and preset: the run with the median performance score "
        "counts, CLS is the largest of the runs",
    )
    parser.add_argument("--json", type=Path, help="write every figure as JSON here")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's HTML and JSON reports in this folder")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-axe", action="store_true")
    args = parser.parse_args(argv)
    presets = tuple(preset for preset in args.presets.split(",") if preset)
    if set(presets) - set(PRESETS):
        parser.error(f"--presets: choose from {', '.join(PRESETS)}")
    site = site_to_audit(args.site, args.archive)
    pages, notes = pick_pages(site, parse_pages(args.pages, KINDS))
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    print(
        f"site {site}; lighthouse {package_version('lighthouse')}, axe-core {package_version('axe-core')}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (performance scores drop under load)"
    )
    for kind, url in pages.items():
        print(f"  {kind}: {url}")
    for note in notes:
        print(f"  {note}")
    with static_server(site) as base:
        rows = [] if args.skip_lighthouse else lighthouse_rows(base, pages, presets, max(args.runs, 1), args.reports)
        axe = {} if args.skip_axe else axe_results(base, pages)
    print_results(rows, axe)
    if args.json:
        write_json(args.json, site, pages, notes, rows, axe)
    return 0


def print_results(rows: list[LighthouseRow], axe: dict) -> None:
    if rows:
        print("\nLighthouse (0–100; ! = short of the target)\n" + lighthouse_table(rows))
        failed = failed_audits_text(rows)
        print("\nAudits short of a full score:\n" + (failed or "none"))
    if axe:
        print("\naxe-core violations (failing elements)\n" + axe_table(axe))


def write_json(out: Path, site: Path, pages: dict, notes: list, rows: list, axe: dict) -> None:
    data = {
        "site": str(site),
        "lighthouse_version": package_version("lighthouse"),
        "axe_version": package_version("axe-core"),
        "pages": pages,
        "notes": notes,
        "lighthouse": [dataclasses.asdict(row) for row in rows],
        "axe": {
            kind: {
                variant: [dataclasses.asdict(found) for found in violations]
                for variant, violations in by_variant.items()
            }
            for kind, by_variant in axe.items()
        },
    }
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    sys.exit(main())
