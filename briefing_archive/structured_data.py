"""What a briefing page tells machines: schema.org JSON-LD.

A ``NewsArticle`` published by the site, ``about`` its issues, ``mentions`` its
actors, ``isBasedOn`` the source article, with each quote a ``Quotation``
(``hasPart``), so search engines and fact-checkers can cite a quote with its
speaker, date and source. Pure: index and settings in, plain data out; the
template escapes it for its <script> element (``templating.json_script``).
"""

from __future__ import annotations

from .facts import QuoteFact
from .model import Briefing
from .page_views import Views, actor_url, briefing_url, issue_url, last_changed, safe_url, wikidata_url
from .refs import Ref
from .site_settings import SiteSettings

MENTION_TYPES = {"person": "Person", "country": "Country", "organisation": "Organization"}
# A Quotation's creator is a Person or an Organization: a state speaks through its government.
CREATOR_TYPES = {"person": "Person", "organisation": "Organization", "country": "GovernmentOrganization"}


def briefing_json_ld(briefing: Briefing, views: Views, settings: SiteSettings) -> dict:
    facts = views.index.facts[briefing.path]
    source = safe_url(briefing.source.url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": briefing.title,
        "inLanguage": settings.language,
        "datePublished": briefing.known_date.isoformat(),
        "dateModified": last_changed(briefing),
        "about": [thing("Thing", ref, views.issue_entries[ref.slug], issue_url, settings) for ref in facts.issues],
        "mentions": [actor_thing(ref, views, MENTION_TYPES, settings) for ref in facts.actors],
        "publisher": site_organisation(settings),
        "isBasedOn": source_article(briefing, source),
        "hasPart": [quotation(quote, views, source, settings) for quote in facts.quotes],
    }
    if settings.url:
        data["url"] = data["mainEntityOfPage"] = settings.absolute(briefing_url(briefing))
    if briefing.summary:
        data["description"] = briefing.summary
    return data


def site_organisation(settings: SiteSettings) -> dict:
    """The site as the publisher of its briefings."""
    data = {"@type": "Organization", "name": settings.name}
    if settings.url:
        data["url"] = settings.absolute("/")
    return data


def source_article(briefing: Briefing, url: str | None) -> dict:
    """The article the briefing summarises, by its outlet (and its address when it is a web link)."""
    data = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": briefing.source.outlet}}
    if url:
        data["url"] = url
    return data


def quotation(quote: QuoteFact, views: Views, source: str | None, settings: SiteSettings) -> dict:
    data = {
        "@type": "Quotation",
        "text": quote.text,
        "dateCreated": quote.date.isoformat(),
        "creator": actor_thing(quote.speaker, views, CREATOR_TYPES, settings),
    }
    if source:
        data["isBasedOn"] = source
    return data


def actor_thing(ref: Ref, views: Views, types: dict[str, str], settings: SiteSettings) -> dict:
    _, kind, entry = views.actor_heads[ref.slug]
    return thing(types.get(kind, "Thing"), ref, entry, actor_url, settings)


def thing(kind: str, ref: Ref, entry, url_of, settings: SiteSettings) -> dict:
    """An issue or actor: its name, its page here (when the site's address is known) and
    its Wikidata item (when the registry names one)."""
    data = {"@type": kind, "name": ref.name}
    wikidata = wikidata_url(entry)
    if settings.url:
        data["url"] = settings.absolute(url_of(ref.slug))
    if wikidata:
        data["sameAs"] = wikidata
    return data
