"""The quote pages: every quote, an issue's, one side's on an issue and an actor's, newest
first, QUOTES_PER_PAGE a page, with a pager above and below the list."""

import re

from briefing_archive.page_views import actor_quotes_url, issue_quotes_url, quotes_url
from briefing_archive.quote_pages import QUOTES_PER_PAGE
from tests.site.inline_site import briefing, said, site_of


def year_of_quotes(year: int, count: int, issue: str = "Kuril Islands"):
    """``count`` briefings in ``year``, each with a quote by Taro Kono and one by Sergei Lavrov."""
    return [
        briefing(
            f"{year}-01-{day:02d}-{issue.split()[0].lower()}",
            f"{year}-01-{day:02d}",
            issues=(issue,),
            quotes=(said("Taro Kono", f"Kono {year}-{day}."), said("Sergei Lavrov", f"Lavrov {year}-{day}.")),
        )
        for day in range(1, count + 1)
    ]


def quotes_on(page: str) -> list[str]:
    return re.findall(r"<blockquote><p>(.*?)</p></blockquote>", page)


def test_the_addresses_of_quote_pages():
    assert quotes_url() == "/quotes/" and quotes_url(3) == "/quotes/page/3/"
    assert issue_quotes_url("kuril-islands") == "/issues/kuril-islands/quotes/"
    assert issue_quotes_url("kuril-islands", "japan") == "/issues/kuril-islands/quotes/japan/"
    assert issue_quotes_url("kuril-islands", "japan", 2) == "/issues/kuril-islands/quotes/japan/page/2/"
    assert actor_quotes_url("taro-kono", 2) == "/actors/taro-kono/quotes/page/2/"


def test_every_quote_newest_first_a_page_at_a_time_with_a_pager_above_and_below():
    site = site_of(*year_of_quotes(2019, 20), *year_of_quotes(2018, 10))  # 60 quotes
    first, last = site["quotes/index.html"], site["quotes/page/3/index.html"]
    assert len(quotes_on(first)) == QUOTES_PER_PAGE and len(quotes_on(last)) == 60 - 2 * QUOTES_PER_PAGE
    assert quotes_on(first)[:2] == ["Kono 2019-20.", "Lavrov 2019-20."] and quotes_on(last)[-1] == "Lavrov 2018-1."
    assert "quotes/page/4/index.html" not in site
    second = site["quotes/page/2/index.html"]
    top, bottom = re.findall(r'<nav class="pager" aria-label="Pages of quotes \((top|bottom)\)">', second)
    assert (top, bottom) == ("top", "bottom")
    assert second.index('aria-label="Pages of quotes (top)"') < second.index("<blockquote>")
    assert (
        second.count('<a rel="prev" href="/quotes/">') == 2
        and second.count('<a rel="next" href="/quotes/page/3/">') == 2
    )
    # 2018's newest quote is the 41st, on page 2, which starts in 2019.
    assert (
        '<li><a href="/quotes/" aria-current="true">2019</a></li><li><a href="/quotes/page/2/">2018</a></li>' in second
    )
    assert '<li><a href="/quotes/">2019</a></li><li><a href="/quotes/page/2/" aria-current="true">2018</a></li>' in last


def test_the_first_page_narrows_by_issue_country_and_speaker():
    site = site_of(*year_of_quotes(2019, 2), *year_of_quotes(2019, 1, issue="Aegis Ashore"))
    first = site["quotes/index.html"]
    for link in (
        '<a href="/issues/kuril-islands/quotes/">Kuril Islands</a> <span class="meta">4 quotes</span>',
        '<a href="/issues/aegis-ashore/quotes/">Aegis Ashore</a> <span class="meta">2 quotes</span>',
        '<a href="/actors/japan/quotes/">Japan</a> <span class="meta">3 quotes</span>',
        '<a href="/actors/taro-kono/quotes/">Taro Kono</a> <span class="meta">3 quotes</span>',
    ):
        assert link in first


def test_an_issues_quotes_and_each_sides_on_it():
    site = site_of(
        *year_of_quotes(2019, 6),
        briefing("2019-03-01-x", "2019-03-01", issues=("Aegis Ashore",), quotes=(said("Japan", "Elsewhere."),)),
    )
    issue = site["issues/kuril-islands/quotes/index.html"]
    assert quotes_on(issue)[:4] == ["Kono 2019-6.", "Lavrov 2019-6.", "Kono 2019-5.", "Lavrov 2019-5."]
    assert '<a href="/issues/kuril-islands/quotes/japan/">Japan</a> <span class="meta">6 quotes</span>' in issue
    assert quotes_on(site["issues/kuril-islands/quotes/japan/index.html"]) == [
        f"Kono 2019-{n}." for n in range(6, 0, -1)
    ]
    assert quotes_on(site["issues/kuril-islands/quotes/russia/index.html"])[0] == "Lavrov 2019-6."
    assert "issues/aegis-ashore/quotes/russia/index.html" not in site  # Russia said nothing on it


def test_a_side_the_issue_page_shows_whole_has_no_quote_pages_of_its_own():
    site = site_of(*year_of_quotes(2019, 5))  # five quotes a side: all on the issue page
    assert "issues/kuril-islands/quotes/japan/index.html" not in site
    issue_quotes = site["issues/kuril-islands/quotes/index.html"]
    assert '<a href="/issues/kuril-islands/#quotes-japan">Japan</a> <span class="meta">5 quotes</span>' in issue_quotes
    assert "All 5 quotes" not in site["issues/kuril-islands/index.html"]


def test_a_states_quotes_include_its_peoples_a_persons_only_their_own():
    site = site_of(*year_of_quotes(2019, 1), briefing("2019-03-01-x", "2019-03-01", quotes=(said("Japan", "Ours."),)))
    assert quotes_on(site["actors/japan/quotes/index.html"]) == ["Ours.", "Kono 2019-1."]
    assert quotes_on(site["actors/taro-kono/quotes/index.html"]) == ["Kono 2019-1."]


def test_every_issue_has_a_quotes_page_and_an_actor_page_links_its_quotes():
    site = site_of(*year_of_quotes(2019, 11))
    assert "No quotes yet." in site["issues/aegis-ashore/quotes/index.html"]
    actor = site["actors/taro-kono/index.html"]
    assert (
        len(quotes_on(actor)) == 10 and '<a href="/actors/taro-kono/quotes/">All 11 quotes by Taro Kono →</a>' in actor
    )
    assert (
        '<a href="/actors/japan/quotes/">All 11 quotes from Japan and its people →</a>'
        in site["actors/japan/index.html"]
    )


def test_a_numbered_quote_list_reads_as_the_quotes_at_its_positions_and_pickles_sharing_every_quote():
    import pickle
    from array import array

    from briefing_archive.numbered_quotes import NumberedQuotes

    every = [{"text": f"q{n}"} for n in range(5)]
    listed = NumberedQuotes(every, array("I", [4, 1, 3]))
    assert listed == [every[4], every[1], every[3]] and len(listed) == 3
    assert listed[1] is every[1] and listed[1:] == [every[1], every[3]] and list(reversed(listed))[0] is every[3]
    assert every[3] in listed and every[0] not in listed and listed.index(every[3]) == 2
    reworded = [*every[:1], {"text": "new"}, *every[2:]]
    assert listed.over(reworded)[1] == {"text": "new"} and listed[1] == {"text": "q1"}
    every_again, listed_again = pickle.loads(pickle.dumps((every, listed)))
    assert listed_again == listed and listed_again.every is every_again


def test_a_numbered_quote_list_in_a_page_records_the_runs_it_reads():
    from array import array

    from briefing_archive.numbered_quotes import NumberedQuotes
    from briefing_archive.reads import LENGTH, ReadsNumbered, recording

    every = [{"text": f"q{n}"} for n in range(60)]
    quotes = ReadsNumbered("quote_list", NumberedQuotes(every, array("I", range(59, -1, -1))), ("issue", "x"), 25)
    with recording() as reads:
        assert quotes[25:27] == [every[34], every[33]] and len(quotes) == 60
    assert reads == {("quote_list", (("issue", "x"), 1)), ("quote_list", (("issue", "x"), LENGTH))}
