"""The issue page: the latest briefing and where each side stands first, the timeline in the
chart's periods (each bar links to its period), every side's quotes; and the chart itself."""

import dataclasses
import datetime as dt
import re

from briefing_archive import render
from briefing_archive.detail_pages import context_for_actor, context_for_issue
from briefing_archive.index import build_index
from briefing_archive.issue_page import OPEN_BRIEFINGS, POSITIONS, SIDE_QUOTES
from briefing_archive.model import Actor, Correction, Quote
from briefing_archive.page_views import views_of
from briefing_archive.reads import ReadsDict, recording
from briefing_archive.svgchart import bar_chart, nice_ticks, periods
from tests.site.test_index import JAPAN, KONO, LAVROV, REGISTRY, RUSSIA, actor, briefing
from tests.site.test_render import TEMPLATES, sample  # noqa: F401 (a fixture)

D = dt.date.fromisoformat


def issue_context(*briefings, slug="kuril-islands"):
    views = views_of(build_index(briefings, REGISTRY))
    return context_for_issue(views.index.issues[slug], views)


# --- the chart --------------------------------------------------------------


def test_the_axis_marks_round_counts_from_zero_to_at_least_the_highest():
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(4) == [0, 1, 2, 3, 4]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(39) == [0, 10, 20, 30, 40]
    assert nice_ticks(101) == [0, 50, 100, 150]


def test_periods_are_months_quarters_or_years_so_that_no_more_than_twelve_bars_show():
    unit, months = periods([D("2019-05-30"), D("2019-07-01"), D("2019-07-02")])
    assert unit == "month" and [(p.key, p.label, p.count) for p in months] == [
        ("2019-05", "May 2019", 1),
        ("2019-06", "Jun", 0),
        ("2019-07", "Jul", 2),
    ]
    unit, quarters = periods([D("2019-05-30"), D("2021-03-01")])
    assert unit == "quarter" and len(quarters) == 8
    assert [(p.key, p.label, p.name) for p in quarters[2:4]] == [
        ("2019-q4", "Q4", "Oct–Dec 2019"),
        ("2020-q1", "Q1 2020", "Jan–Mar 2020"),
    ]
    unit, years = periods([D("2015-01-01"), D("2024-12-31")])
    assert unit == "year" and [p.key for p in years] == [str(y) for y in range(2015, 2025)]


def test_each_bar_with_briefings_links_to_its_period_and_has_an_accessible_name():
    chart = bar_chart([D("2019-05-30"), D("2019-07-01"), D("2019-07-02")], "Kuril Islands")
    assert [(bar["anchor"], bar["count"]) for bar in chart["bars"]] == [("#p2019-05", 1), (None, 0), ("#p2019-07", 2)]
    assert [tick["value"] for tick in chart["ticks"]] == [0, 1, 2]
    page = render_chart(chart)
    assert '<a href="#p2019-07" aria-label="Jul 2019: 2 briefings">' in page
    assert '<a href="#p2019-05" aria-label="May 2019: 1 briefing">' in page
    assert 'href="#p2019-06"' not in page  # an empty month links nowhere


def test_the_chart_is_drawn_in_css_pixels_so_its_labels_keep_their_size_on_a_phone():
    page = render_chart(bar_chart([D("2015-01-01"), D("2024-12-31")], "X"))
    assert "viewBox" not in page  # a viewBox would scale 13 px labels down to 7 px at 390 px
    assert re.search(r'<svg width="100%" height="\d+"', page)
    xs = re.findall(r'<rect class="bar" x="([\d.]+)%"', page)
    assert len(xs) == 2 and all(0 < float(x) < 100 for x in xs)


def test_on_a_phone_only_every_other_label_of_ten_years_shows():
    chart = bar_chart([D(f"{year}-06-01") for year in range(2015, 2025)], "X")
    assert [bar["label"] for bar in chart["bars"] if bar["narrow"]] == ["2015", "2017", "2019", "2021", "2023"]
    assert all(bar["label"] for bar in chart["bars"])  # a wide screen shows them all


def render_chart(chart) -> str:
    return render.page_environment(TEMPLATES).get_template("chart.svg").render(chart=chart)


# --- what the issue page says first ---------------------------------------------


def test_the_latest_briefing_and_when_the_issue_last_changed_come_first():
    old = briefing("old", "2018-01-01", ["Kuril Islands"])
    new = briefing("new", "2019-05-30", ["Kuril Islands"])
    corrected = briefing("corrected", "2017-01-01", ["Kuril Islands"])
    corrected = dataclasses.replace(corrected, corrections=(Correction(D("2019-06-02"), "Fixed a name."),))
    context = issue_context(old, new, corrected)
    assert context["latest"]["title"] == "New" and context["latest"]["date"] == "2019-05-30"
    assert context["latest"]["updated"] == "2019-06-02"  # a correction is an update


def test_each_side_shows_its_latest_quote_with_speaker_and_date_and_links_to_all_its_quotes():
    older = briefing(
        "older",
        "2019-01-01",
        ["Kuril Islands"],
        [KONO, LAVROV],
        [Quote("Taro Kono", "Ours since 1855."), Quote("Sergei Lavrov", "Sovereign.")],
    )
    newer = briefing("newer", "2019-05-30", ["Kuril Islands"], [KONO, JAPAN], [Quote("Japan", "Unacceptable.")])
    context = issue_context(older, newer)
    assert [
        (
            p["side"]["name"],
            p["count"],
            p["latest"]["text"],
            p["latest"]["speaker"]["name"],
            p["latest"]["date"],
            p["list"],
        )
        for p in context["positions"]
    ] == [
        ("Japan", 2, "Unacceptable.", "Japan", "2019-05-30", "quotes-japan"),
        ("Russia", 1, "Sovereign.", "Sergei Lavrov", "2019-01-01", "quotes-russia"),
    ]
    assert [(side["id"], [q["text"] for q in side["quotes"]]) for side in context["sides"]] == [
        ("quotes-japan", ["Unacceptable.", "Ours since 1855."]),
        ("quotes-russia", ["Sovereign."]),
    ]


def test_who_said_what_lists_each_sides_newest_quotes_and_counts_them_all():
    bs = [
        briefing(f"b{day}", f"2019-01-{day:02d}", ["Kuril Islands"], [KONO], [Quote("Taro Kono", f"Day {day}.")])
        for day in range(1, SIDE_QUOTES + 3)
    ]
    [japan] = issue_context(*bs)["sides"]
    assert japan["count"] == SIDE_QUOTES + 2 and len(japan["quotes"]) == SIDE_QUOTES
    assert japan["quotes"][0]["text"] == f"Day {SIDE_QUOTES + 2}."


def test_beyond_the_most_quoted_sides_the_others_are_one_click_away():
    countries = [f"Country {n}" for n in range(POSITIONS + 2)]
    registry = REGISTRY.__class__(
        issues=REGISTRY.issues, actors=REGISTRY.actors + tuple(actor(name, "country") for name in countries)
    )
    b = briefing(
        "b",
        "2019-01-01",
        ["Kuril Islands"],
        [Actor(name, "country") for name in countries],
        [Quote(name, f"{name} speaks.") for name in countries],
    )
    views = views_of(build_index([b], registry))
    context = context_for_issue(views.index.issues["kuril-islands"], views)
    assert len(context["positions"]) == POSITIONS and len(context["more_positions"]) == 2


def test_the_timeline_uses_the_charts_periods_newest_first_and_collapses_older_ones():
    dates = [f"2019-{month:02d}-{day:02d}" for month in (1, 2, 3) for day in range(1, 6)]
    context = issue_context(
        *(dataclasses.replace(briefing(f"b{date}", date, ["Kuril Islands"]), summary="What.") for date in dates)
    )
    assert context["chart"]["unit"] == "month"
    assert [(p["id"], p["name"], len(p["entries"]), p["open"]) for p in context["timeline"]] == [
        ("p2019-03", "Mar 2019", 5, True),
        ("p2019-02", "Feb 2019", 5, True),
        ("p2019-01", "Jan 2019", 5, False),
    ]
    assert OPEN_BRIEFINGS == 10
    summaries = [{entry["summary"] for entry in p["entries"]} for p in context["timeline"]]
    assert summaries == [{"What."}, {"What."}, {""}]  # a collapsed period lists titles only


def test_only_the_newest_briefings_of_a_busy_period_show_their_summary():
    dates = [f"2019-03-{day:02d}" for day in range(1, 16)]
    context = issue_context(
        *(dataclasses.replace(briefing(f"b{date}", date, ["Kuril Islands"]), summary="What.") for date in dates)
    )
    [period] = context["timeline"]
    assert period["open"] and [entry["summary"] for entry in period["entries"]] == ["What."] * 10 + [""] * 5
    assert {bar["anchor"] for bar in context["chart"]["bars"]} == {"#" + p["id"] for p in context["timeline"]}


def test_the_timeline_reads_the_cards_of_the_briefings_it_summarises_and_the_list_entries_of_the_rest():
    # A kept state's cards are unpickled one by one when read: ~1,000 an issue page at 30,000 briefings.
    dates = [f"2019-03-{day:02d}" for day in range(1, 16)]
    views = views_of(
        build_index(
            [dataclasses.replace(briefing(f"b{date}", date, ["Kuril Islands"]), summary="What.") for date in dates],
            REGISTRY,
        )
    )
    facts = views.index.issues["kuril-islands"]
    recorded = dataclasses.replace(
        views, cards=ReadsDict("cards", views.cards), entries=ReadsDict("entries", views.entries)
    )
    with recording() as reads:
        context = context_for_issue(facts, recorded)
    assert {key for name, key in reads if name == "cards"} == set(facts.briefings[:OPEN_BRIEFINGS])
    assert {key for name, key in reads if name == "entries"} == set(facts.briefings[OPEN_BRIEFINGS:])
    assert context == context_for_issue(facts, views)


def test_an_issue_without_briefings_has_no_chart_latest_or_sides():
    context = issue_context(briefing("other", "2019-01-01", ["Aegis Ashore"]))
    assert (context["latest"], context["chart"], context["timeline"], context["positions"]) == (None, None, [], [])


# --- the pages ------------------------------------------------------------------


def test_the_issue_page_leads_with_latest_then_positions_then_timeline(sample):  # noqa: F811
    page = render.render_site(sample, TEMPLATES)["issues/kuril-islands/index.html"].decode()
    order = [
        page.index(needle)
        for needle in ('id="latest-heading"', 'id="positions-heading"', 'id="timeline-heading"', 'id="sides-heading"')
    ]
    assert order == sorted(order)
    assert "last updated <time" in page
    assert '<a class="count" href="#quotes-japan">3 quotes</a>' in page
    assert 'id="quotes-japan"' in page and 'id="p2019-05"' in page and 'href="#p2019-05"' in page


def test_quotes_name_their_briefing_by_a_dated_link_not_its_title(sample):  # noqa: F811
    site = render.render_site(sample, TEMPLATES)
    title = "Japan and Russia accuse one another of military buildup"
    for path in ("issues/kuril-islands/index.html", "actors/sergei-lavrov/index.html"):
        page = site[path].decode()
        assert page.count(f">{title}</a>") <= 2, path  # the latest briefing and the timeline, not each quote


def test_count_badges_say_what_they_count(sample):  # noqa: F811
    site = render.render_site(sample, TEMPLATES)
    issue = site["issues/kuril-islands/index.html"].decode()
    badges = re.findall(r'class="count"[^>]*>([^<]+)<', issue)
    assert badges and all(re.fullmatch(r"\d+ (quotes?|briefings?)", badge) for badge in badges), badges
    japan = site["actors/japan/index.html"].decode()
    badges = re.findall(r'class="count"[^>]*>([^<]+)<', japan)
    assert badges and all(re.fullmatch(r"\d+ (quotes?|briefings?)", badge) for badge in badges), badges


def test_an_actor_page_shows_its_newest_quotes_and_links_to_all():
    quotes = [
        briefing(
            f"q{day:02d}", f"2019-01-{day:02d}", ["Kuril Islands"], [KONO], [Quote("Taro Kono", f"Said on day {day}.")]
        )
        for day in range(1, 16)
    ]
    views = views_of(build_index(quotes + [briefing("other", "2019-02-01", [], [RUSSIA])], REGISTRY))
    context = context_for_actor(views.index.actors["taro-kono"], views, quote_count=15)
    assert [q["text"] for q in context["quotes"]][:2] == ["Said on day 15.", "Said on day 14."]
    assert len(context["quotes"]) == 10
    assert context["all_quotes"] == {"url": "/actors/taro-kono/quotes/", "label": "All 15 quotes by Taro Kono"}
    assert context["count"] == 15
