"""Reading Lighthouse and axe-core results into rows, and printing them against the targets.

Pure functions over the JSON the two tools give (a Lighthouse report, axe's violations
list); ``lighthouse.py`` runs the tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_TARGET = 98  # each category, 0–100
CLS_TARGET = 0.0
AXE_TARGET = 0
LOCAL_SERVER = re.compile(r"http://127\.0\.0\.1:\d+")


@dataclass(frozen=True)
class FailedAudit:
    category: str
    audit: str  # Lighthouse's audit id, e.g. "meta-description"
    score: float  # 0–1
    title: str
    detail: str  # display value and the first items Lighthouse names ("" when none)


@dataclass(frozen=True)
class LighthouseRow:
    page: str  # page kind, e.g. "issue"
    preset: str  # "mobile" | "desktop"
    url: str
    scores: dict  # category → 0–100, or None where Lighthouse gave no score
    cls: float | None
    failed: tuple[FailedAudit, ...]
    error: str = ""  # the run failed: why


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]  # CSS selectors of the elements


def lighthouse_row(page: str, preset: str, url: str, report: dict, max_items: int = 3) -> LighthouseRow:
    """The four category scores, CLS and every weighted audit short of a full score."""
    categories = report.get("categories", {})
    scores = {name: percent(categories.get(name, {}).get("score")) for name in CATEGORIES}
    audits = report.get("audits", {})
    cls = audits.get("cumulative-layout-shift", {}).get("numericValue")
    failed = []
    for name in CATEGORIES:
        for ref in categories.get(name, {}).get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and short_of_target(ref["id"], audit):
                detail = audit_detail(audit, max_items)
                if ref["id"] == "cumulative-layout-shift":
                    detail = "; ".join(filter(None, (detail, shifted_elements(report, max_items))))
                failed.append(FailedAudit(name, ref["id"], audit["score"], audit.get("title", ""), detail))
    error = (report.get("runtimeError") or {}).get("message", "")
    return LighthouseRow(page, preset, url, scores, cls, tuple(failed), error)


def median_run(reports: list[dict]) -> dict:
    """Of several reports of one page, the one with the median performance score (as
    Lighthouse advises: one run's performance varies with the machine's load); a failed
    run only when all failed."""
    scored = [
        report for report in reports if (report.get("categories", {}).get("performance") or {}).get("score") is not None
    ]
    if not scored:
        return reports[0]
    scored.sort(key=lambda report: report["categories"]["performance"]["score"])
    return scored[(len(scored) - 1) // 2]


def worst_layout_shift(reports: list[dict]) -> float | None:
    """The largest CLS of several runs: a shift before the first paint does not count, so a
    slow run can hide one that a faster run shows."""
    shifts = [
        report["audits"]["cumulative-layout-shift"]["numericValue"]
        for report in reports
        if "numericValue" in report.get("audits", {}).get("cumulative-layout-shift", {})
    ]
    return max(shifts) if shifts else None


def short_of_target(audit_id: str, audit: dict) -> bool:
    """Short of a full score; for CLS, any shift at all (the target is 0.00, and Lighthouse
    scores shifts under 0.1 nearly full)."""
    if audit_id == "cumulative-layout-shift":
        return round(audit.get("numericValue") or 0, 3) > 0
    return audit.get("score") is not None and audit["score"] < 1


def percent(score: float | None) -> int | None:
    return None if score is None else round(score * 100)


def audit_detail(audit: dict, max_items: int) -> str:
    """The audit's display value, its explanation and what its first items name (an element,
    a URL, a message)."""
    parts = [audit[key] for key in ("displayValue", "explanation") if audit.get(key)]
    parts.extend(filter(None, (item_name(item) for item in (audit.get("details") or {}).get("items", [])[:max_items])))
    return "; ".join(parts)


def item_name(item: dict) -> str:
    node = item.get("node")
    if isinstance(node, dict):
        return node.get("selector") or node.get("snippet", "")
    named = [
        item[key] for key in ("description", "url", "href", "text") if isinstance(item.get(key), str) and item[key]
    ]
    location = item.get("sourceLocation") or item.get("source")
    if isinstance(location, dict) and location.get("url"):
        named.append(location["url"])
    return " ".join(named)


def shifted_elements(report: dict, max_items: int) -> str:
    """The elements Lighthouse saw shift (its ``layout-shifts`` audit), with each shift's score."""
    items = (report.get("audits", {}).get("layout-shifts", {}).get("details") or {}).get("items", [])
    return "; ".join(f"{item_name(item)} {item.get('score', 0):.3f}" for item in items[:max_items])


def axe_violations(results: list[dict]) -> tuple[AxeViolation, ...]:
    """axe.run's ``violations`` as rows: one per rule, with the elements it names."""
    return tuple(
        AxeViolation(
            result["id"],
            result.get("impact") or "",
            result.get("help", ""),
            tuple(
                " ".join(node["target"]) if isinstance(node.get("target"), list) else str(node.get("target"))
                for node in result.get("nodes", [])
            ),
        )
        for result in results
    )


def violation_count(violations: tuple[AxeViolation, ...]) -> int:
    """Failing elements, counted as Lighthouse and axe's own reports do (a rule on 3 elements is 3)."""
    return sum(len(violation.targets) or 1 for violation in violations)


def mark(ok: bool) -> str:
    return " " if ok else "!"


def lighthouse_table(rows: list[LighthouseRow]) -> str:
    """One line per page and preset; "!" beside each figure short of its target."""
    header = ["page", "preset", *CATEGORIES, "CLS"]
    lines = [[*header], ["target", "", *[f"≥{CATEGORY_TARGET}"] * len(CATEGORIES), f"{CLS_TARGET:.2f}"]]
    for row in rows:
        if row.error:
            lines.append([row.page, row.preset, f"FAILED: {row.error}"])
            continue
        cells = [row.page, row.preset]
        for name in CATEGORIES:
            score = row.scores[name]
            cells.append("–" if score is None else f"{score}{mark(score >= CATEGORY_TARGET)}")
        cells.append("–" if row.cls is None else f"{row.cls:.3f}{mark(round(row.cls, 2) <= CLS_TARGET)}")
        lines.append(cells)
    return aligned(lines)


def axe_table(results: dict[str, dict[str, tuple[AxeViolation, ...]]]) -> str:
    """page → variant (e.g. "1280 light") → violations: the count per page and variant,
    then one line per rule with its elements."""
    variants = list(dict.fromkeys(variant for by_variant in results.values() for variant in by_variant))
    lines = [["page", *variants], ["target", *[str(AXE_TARGET)] * len(variants)]]
    for page, by_variant in results.items():
        counts = [by_variant.get(variant) for variant in variants]
        lines.append(
            [page, *("–" if found is None else f"{violation_count(found)}{mark(not found)}" for found in counts)]
        )
    out = [aligned(lines)]
    for page, by_variant in results.items():
        for rule, (violation, where) in rules_of(by_variant).items():
            out.append(f"{page}: {rule} ({violation.impact}, {', '.join(where)}): {violation.help}")
            out.extend(f"    {target}" for target in violation.targets)
    return "\n".join(out)


def rules_of(by_variant: dict[str, tuple[AxeViolation, ...]]) -> dict[str, tuple[AxeViolation, list[str]]]:
    """Each rule violated in any variant, once: its first violation and the variants it fails in."""
    rules: dict[str, tuple[AxeViolation, list[str]]] = {}
    for variant, violations in by_variant.items():
        for violation in violations:
            rules.setdefault(violation.rule, (violation, []))[1].append(variant)
    return rules


def failed_audits_text(rows: list[LighthouseRow]) -> str:
    """Under the table, what to fix: each audit that fell short, then the runs it fell short
    in, runs with the same score and detail on one line (the local server's address left out)."""
    by_audit: dict[tuple[str, str, str], dict[tuple[float, str], list[str]]] = {}
    for row in rows:
        for failed in row.failed:
            runs = by_audit.setdefault((failed.category, failed.audit, failed.title), {})
            detail = LOCAL_SERVER.sub("", failed.detail)
            runs.setdefault((failed.score, detail), []).append(f"{row.page} {row.preset}")
    out = []
    for (category, audit, title), runs in by_audit.items():
        out.append(f"{category}/{audit} ({title}):")
        out.extend(
            f"    {', '.join(names)}: {score:.2f}" + (f" — {detail}" if detail else "")
            for (score, detail), names in runs.items()
        )
    return "\n".join(out)


def aligned(lines: list[list[str]]) -> str:
    widths = [
        max(len(line[column]) for line in lines if column < len(line))
        for column in range(max(len(line) for line in lines))
    ]
    return "\n".join(
        "  ".join(cell.ljust(widths[column]) for column, cell in enumerate(line)).rstrip() for line in lines
    )
