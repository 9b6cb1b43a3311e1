"""bench/lighthouse.py's reading of Lighthouse and axe-core results, and bench's choice of
the page that stands for a kind (the tools themselves run only in the bench)."""

from __future__ import annotations

from bench.audit_report import (
    axe_table,
    axe_violations,
    failed_audits_text,
    lighthouse_row,
    lighthouse_table,
    median_run,
    worst_layout_shift,
)
from bench.site_pages import busiest_page, parse_pages

REPORT = {
    "categories": {
        "performance": {
            "score": 0.99,
            "auditRefs": [{"id": "cumulative-layout-shift", "weight": 25}, {"id": "layout-shifts", "weight": 0}],
        },
        "accessibility": {"score": 1, "auditRefs": []},
        "best-practices": {"score": 0.96, "auditRefs": [{"id": "errors-in-console", "weight": 1}]},
        "seo": {"score": 0.82, "auditRefs": [{"id": "canonical", "weight": 1}, {"id": "robots-txt", "weight": 0}]},
    },
    "audits": {
        "cumulative-layout-shift": {
            "score": 0.99,
            "numericValue": 0.0432,
            "title": "Cumulative Layout Shift",
            "displayValue": "0.043",
        },
        "layout-shifts": {
            "score": 1,
            "details": {"items": [{"node": {"selector": "body > main#main"}, "score": 0.0432}]},
        },
        "errors-in-console": {
            "score": 0,
            "title": "Browser errors were logged to the console",
            "details": {
                "items": [
                    {
                        "description": "Failed to load resource: 404",
                        "sourceLocation": {"url": "http://127.0.0.1:8000/favicon.ico"},
                    }
                ]
            },
        },
        "canonical": {
            "score": 0,
            "title": "Document does not have a valid rel=canonical",
            "explanation": "Is not an absolute URL (/)",
        },
        "robots-txt": {"score": 0, "title": "robots.txt is not valid"},
    },
}


def test_a_report_gives_the_four_scores_the_layout_shift_and_what_fell_short():
    row = lighthouse_row("home", "mobile", "/", REPORT)

    assert row.scores == {"performance": 99, "accessibility": 100, "best-practices": 96, "seo": 82}
    assert row.cls == 0.0432
    assert [(failed.audit, failed.detail) for failed in row.failed] == [
        ("cumulative-layout-shift", "0.043; body > main#main 0.043"),
        ("errors-in-console", "Failed to load resource: 404 http://127.0.0.1:8000/favicon.ico"),
        ("canonical", "Is not an absolute URL (/)"),
    ]  # robots-txt weighs nothing in the score: not listed


def test_the_table_marks_each_figure_short_of_its_target():
    rows = [
        lighthouse_row("home", "mobile", "/", REPORT),
        lighthouse_row("quotes", "desktop", "/quotes/", {"runtimeError": {"message": "NO_FCP"}}),
    ]

    lines = lighthouse_table(rows).splitlines()

    assert lines[1].split() == ["target", "≥98", "≥98", "≥98", "≥98", "0.00"]
    assert lines[2].split() == ["home", "mobile", "99", "100", "96!", "82!", "0.043!"]
    assert lines[3].split()[:3] == ["quotes", "desktop", "FAILED:"]
    assert failed_audits_text(rows + rows).splitlines()[-2:] == [
        "seo/canonical (Document does not have a valid rel=canonical):",
        "    home mobile, home mobile: 0.00 — Is not an absolute URL (/)",
    ]


def test_a_layout_shift_that_rounds_to_zero_meets_the_target_but_is_still_listed():
    report = {
        "categories": {"performance": {"score": 1, "auditRefs": [{"id": "cumulative-layout-shift", "weight": 25}]}},
        "audits": {"cumulative-layout-shift": {"score": 1, "numericValue": 0.004}},
    }
    row = lighthouse_row("timeline", "desktop", "/timeline/", report)

    assert lighthouse_table([row]).splitlines()[2].split()[-1] == "0.004"
    assert [failed.audit for failed in row.failed] == ["cumulative-layout-shift"]


def test_of_several_runs_the_one_with_the_median_performance_counts():
    def run(score):
        return {"categories": {"performance": {"score": score}}, "id": score}

    failed = {"runtimeError": {"message": "NO_FCP"}}

    assert median_run([run(0.99), run(0.77), failed, run(0.95)])["id"] == 0.95
    assert median_run([run(0.9), run(1.0)])["id"] == 0.9
    assert median_run([failed]) is failed


def test_of_several_runs_the_largest_layout_shift_counts():
    def run(shift):
        return {"audits": {"cumulative-layout-shift": {"numericValue": shift}}}

    assert worst_layout_shift([run(0.0), run(0.082), {"runtimeError": {}}, run(0.04)]) == 0.082
    assert worst_layout_shift([{"runtimeError": {}}]) is None


def test_axe_violations_are_counted_per_element_and_listed_per_rule_with_their_elements():
    contrast = {
        "id": "color-contrast",
        "impact": "serious",
        "help": "Elements must meet contrast",
        "nodes": [{"target": [".chart text"]}, {"target": [".badge"]}],
    }
    results = {
        "issue": {"1280 light": (), "1280 dark": axe_violations([contrast])},
        "home": {"1280 light": (), "1280 dark": ()},
    }

    lines = axe_table(results).splitlines()

    assert lines[0].split() == ["page", "1280", "light", "1280", "dark"]
    assert lines[2].split() == ["issue", "0", "2!"]
    assert lines[3].split() == ["home", "0", "0"]
    assert lines[4:] == [
        "issue: color-contrast (serious, 1280 dark): Elements must meet contrast",
        "    .chart text",
        "    .badge",
    ]


def test_the_busiest_page_links_the_most_distinct_briefings_and_is_never_a_redirect():
    pages = {
        "/issues/quiet/": '<a href="/briefings/a/">a</a>',
        "/issues/busy/": '<a href="/briefings/a/">a</a> <a href="/briefings/b/">b</a> <a href="/briefings/a/">a</a>',
        "/issues/alias/": '<meta http-equiv="refresh" content="0; url=/issues/busy/">'
        + '<a href="/briefings/x/"></a>' * 5,
    }

    assert busiest_page(pages) == "/issues/busy/"
    assert busiest_page({}) is None


def test_pages_are_named_by_kind_optionally_with_the_page_to_use():
    kinds = ("home", "issue", "quotes")

    assert parse_pages(None, kinds) == {"home": None, "issue": None, "quotes": None}
    assert parse_pages("issue=/issues/kuril-islands/, quotes", kinds) == {
        "issue": "/issues/kuril-islands/",
        "quotes": None,
    }
