"""Small inline archives for the page tests: a registry of two states, two ministers and
two issues, and briefings made in one line each."""

from __future__ import annotations

import datetime as dt

from briefing_archive import render
from briefing_archive.archive import Archive
from briefing_archive.model import Actor, Briefing, Quote, RegistryEntry, Source
from briefing_archive.registry import Registry, slug_of
from briefing_archive.site_settings import SiteSettings
from tests.site.refresh_golden import PROJECT, read_templates

TEMPLATES = read_templates(PROJECT / "templates")


def entry(
    kind: str,
    name: str,
    actor_kind: str | None = None,
    country: str | None = None,
    wikidata: str | None = None,
    overview: str = "",
) -> RegistryEntry:
    return RegistryEntry(
        f"content/{kind}s/{slug_of(name)}.md",
        kind,
        name,
        slug_of(name),
        (),
        wikidata=wikidata,
        overview=overview,
        actor_kind=actor_kind,
        country=country,
    )


REGISTRY = Registry(
    issues=(
        entry("issue", "Kuril Islands", overview="The **four** islands [Japan](https://x.org/) claims.\n\nMore."),
        entry("issue", "Aegis Ashore"),
    ),
    actors=(
        entry("actor", "Japan", "country", wikidata="Q17"),
        entry("actor", "Russia", "country", wikidata="Q159"),
        entry("actor", "Taro Kono", "person", country="Japan", wikidata="Q1063469"),
        entry("actor", "Sergei Lavrov", "person", country="Russia"),
    ),
)

DEFAULT_SETTINGS = SiteSettings()
KONO = Actor("Taro Kono", "person", "Foreign Minister", "Japan")
LAVROV = Actor("Sergei Lavrov", "person", "Foreign Minister", "Russia")
JAPAN, RUSSIA = Actor("Japan", "country"), Actor("Russia", "country")


def briefing(stem: str, date: str, issues=("Kuril Islands",), quotes=(), **fields) -> Briefing:
    fields.setdefault("source", Source("DW"))
    fields.setdefault("actors", (KONO, LAVROV, JAPAN, RUSSIA))
    return Briefing(
        path=f"briefings/{stem}.md",
        title=stem.replace("-", " ").capitalize(),
        date=dt.date.fromisoformat(date),
        status=fields.pop("status", "published"),
        issues=tuple(issues),
        quotes=tuple(quotes),
        **fields,
    )


def site_of(*briefings: Briefing, settings: SiteSettings = DEFAULT_SETTINGS, include_drafts: bool = False) -> dict:
    """The rendered site (output path → text) of these briefings over ``REGISTRY``."""
    archive = Archive(".", tuple(briefings), REGISTRY, (), len(briefings), settings)
    return {
        path: data.decode("utf-8")
        for path, data in render.render_site(archive, TEMPLATES, include_drafts=include_drafts).items()
    }


def said(speaker: str, text: str, to: str | None = None) -> Quote:
    return Quote(speaker, text, to)
