"""Render the site: plan one job per output file, then render each job to bytes.

``plan_pages`` does everything that needs the whole archive (the index, each
page's context) and yields small, picklable ``PageJob``s; ``render_page``
turns one job into bytes using only that job and the templates, so jobs can
be spread over processes and cached by ``PageJob.key()``. ``render_site`` is
both, in one process.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import html
import json
import pickle
import re
from dataclasses import dataclass
from typing import Callable

import markdown
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from . import pages, records
from .index import build_index

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class PageJob:
    output: str  # path in the site, e.g. "issues/kuril-islands/index.html"
    kind: str  # "page" (a template), "json" or "static"
    template: str  # template name (for "static": the file's name in the templates)
    context: dict  # plain data from pages.context_for_*
    markdown: tuple[tuple[str, str], ...] = ()  # (context key, Markdown text) made HTML when rendered
    theme: str = ""  # digest of the templates, so key() changes when they do

    def key(self) -> str:
        """Content hash of everything the output depends on (a cache key).

        pickle, not json.dumps(sort_keys=True): ~10× faster on the large
        contexts (3.8 s → 0.4 s at 10,000 briefings). Contexts are built by the
        same code in the same order on every build, so equal data pickles to
        equal bytes; if it ever did not, the page would merely be rendered
        again (a different pickle never decodes to the same data).
        """
        data = (self.output, self.kind, self.template, self.context, self.markdown, self.theme)
        return hashlib.blake2b(pickle.dumps(data, protocol=5), digest_size=20).hexdigest()


@dataclass(frozen=True)
class PageSpec:
    """A page planned but not yet given its context: ``make()`` gives (context, markdown).

    Contexts are made where the page is rendered (in a worker process), so the
    planning process never holds every page's context at once.
    """

    output: str
    kind: str
    template: str
    make: Callable[[], tuple[dict, tuple]]
    theme: str
    weight: int = 1  # rough rendering cost, to hand out the big pages first

    def job(self) -> PageJob:
        context, markdown = self.make()
        return PageJob(self.output, self.kind, self.template, context, tuple(markdown), self.theme)


# --- Markdown: raw HTML is shown as text, links only to the web --------------

SAFE_LINK = re.compile(r"(?i)(https?:|mailto:|[/#?.]|[^:/?#]*(?:[/?#]|$))")


class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Drop href/src with a scheme other than http(s)/mailto (javascript:, data:, …);
    links out of the site neither reveal the page nor get a handle on it."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_link(value):
                    del element.attrib[attribute]
            if element.tag == "a" and EXTERNAL_LINK.match(element.get("href", "").strip()):
                element.set("rel", "noopener noreferrer")


EXTERNAL_LINK = re.compile(r"(?i)(https?:)?//")


def safe_link(value: str) -> bool:
    """Judge the URL a browser will follow: entities decoded ("&colon;", "&#106;",
    also as Markdown's placeholders for them) and the tabs and newlines it skips removed."""
    plain = html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    return bool(SAFE_LINK.match(re.sub(r"[\x00-\x20\x7f]", "", plain)))


def safe_markdown() -> markdown.Markdown:
    converter = markdown.Markdown(output_format="html")
    converter.preprocessors.deregister("html_block")  # raw HTML blocks stay text (escaped)
    converter.inlinePatterns.deregister("html")  # and so do inline tags
    converter.treeprocessors.register(SafeLinks(converter), "safe_links", 0)
    return converter


_CONVERTER: list[markdown.Markdown] = []  # one per process: building one costs more than a page

# Text made only of plain paragraphs needs no Markdown parser: nothing in it is
# markup (checked by tests/test_render.py against Python-Markdown itself).
# Python-Markdown costs ~1–4 ms per briefing; this is ~100× faster.
MARKUP_CHARACTERS = re.compile(r"[\\`*_\[\]<>&#\x00-\x09\x0b-\x1f\x7f]")
LINE_MARKUP_STARTS = frozenset("-+=>|~:0123456789")  # lists, rules, headings, quotes (digits: "1. ")


def plain_paragraphs(text: str) -> str | None:
    """The HTML of ``text`` if it is only plain paragraphs, else None."""
    text = text.strip("\n")
    if not text or MARKUP_CHARACTERS.search(text):
        return None
    for line in text.split("\n"):
        if line and (line[0] in LINE_MARKUP_STARTS or line[0].isspace() or line[-1].isspace()):
            return None
    return "\n".join(f"<p>{block}</p>" for block in re.split(r"\n\n+", text))


def markdown_html(text: str) -> Markup:
    """Markdown → HTML that cannot carry markup of its own (raw HTML is escaped)."""
    fast = plain_paragraphs(text)
    if fast is not None:
        return Markup(fast)
    if not _CONVERTER:
        _CONVERTER.append(safe_markdown())
    converter = _CONVERTER[0]
    converter.reset()
    return Markup(converter.convert(text))


def json_lines(items: list) -> bytes:
    """A JSON array with one item per line: diffs well, and written by the C encoder
    (``indent`` would switch json to its pure-Python encoder, 5× slower)."""
    if not items:
        return b"[]\n"
    lines = (json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def json_object_lines(data: dict) -> bytes:
    """A JSON object with one key per line (sorted)."""
    lines = (f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(data.items()))
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


# --- Jinja ------------------------------------------------------------------

_ENVIRONMENTS: dict[str, Environment] = {}  # per templates digest, per process


def templates_digest(templates: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(templates, sort_keys=True).encode()).hexdigest()[:16]


def long_date(iso: str) -> str:
    """"2019-05-30" → "30 May 2019" (fixed English, not the machine's locale)."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


@functools.lru_cache(maxsize=65536)  # dates repeat: a few thousand days, 200,000 tags
def time_tag(iso: str) -> Markup:
    """A <time> element; a filter, not a macro: Jinja macro calls cost ~20 µs each."""
    return Markup('<time datetime="%s">%s</time>') % (iso, long_date(iso))


def json_script(data) -> Markup:
    """JSON for a <script> element: "<", ">" and "&" escaped so "</script>" cannot end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)  # no indent: the C encoder
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class DictFirstEnvironment(Environment):
    """``entry.url`` looks the key up first when ``entry`` is a plain dict (every
    context is): Jinja's default tries the attribute first and fails, ~18% of
    a briefing page's render time. Same result: a context key never names a
    dict method the templates call."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(templates: dict[str, str], digest: str = "") -> Environment:
    """The Jinja environment for these templates, made once per process.

    ``digest`` (from the job) saves re-hashing every template for every page.
    """
    digest = digest or templates_digest(templates)
    if digest not in _ENVIRONMENTS:
        env = DictFirstEnvironment(loader=DictLoader(dict(templates)), autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters.update(long_date=long_date, time_tag=time_tag, json_script=json_script)
        _ENVIRONMENTS[digest] = env
    return _ENVIRONMENTS[digest]


def render_page(job: PageJob, templates: dict[str, str]) -> bytes:
    """The bytes of one output file: a function of the job and the templates only."""
    if job.kind == "static":
        return templates[job.template].encode("utf-8")
    if job.kind == "json":
        data = job.context["data"]
        return json_lines(data) if isinstance(data, list) else json_object_lines(data)
    context = dict(job.context)
    for key, text in job.markdown:
        context[key] = markdown_html(text)
    return environment(templates, job.theme).get_template(job.template).render(context).encode("utf-8")


# --- Planning ---------------------------------------------------------------

def visible(briefings, include_drafts: bool) -> list:
    return [b for b in briefings if include_drafts or b.status != "draft"]


def plan_pages(archive, templates: dict[str, str], *, include_drafts: bool = False,
               history: dict[str, list] | None = None) -> list[PageJob]:
    """Every file of the site as a job, sorted by output path."""
    with no_cyclic_gc():
        return [spec.job() for spec in plan_specs(archive, templates, include_drafts, history)]


class no_cyclic_gc:
    """Planning makes hundreds of thousands of small dicts and no cycles; the
    cyclic garbage collector would rescan them all again and again (2× slower)."""

    def __enter__(self):
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info):
        if self.collecting:
            gc.enable()


def views_for(archive, include_drafts: bool = False) -> pages.Views:
    """What the pages of this archive are made from (its index and shared views)."""
    return pages.views_of(build_index(visible(archive.briefings, include_drafts), archive.registry))


def plan_specs(archive, templates: dict[str, str], include_drafts: bool = False,
               history: dict[str, list] | None = None, views: pages.Views | None = None) -> list[PageSpec]:
    """Every file of the site as a spec (context not made yet), sorted by output path."""
    views = views or views_for(archive, include_drafts)
    index = views.index
    theme = templates_digest(templates)

    def page(output, template, make, weight=1, kind="page"):
        return PageSpec(output, kind, template, make, theme, weight)

    specs = [page("index.html", "home.html", lambda: (pages.context_for_home(views), ())),
             page("issues/index.html", "issues.html", lambda: (pages.context_for_issues_index(index), ()), 5),
             page("actors/index.html", "actors.html", lambda: (pages.context_for_actors_index(index), ()), 5),
             page("corrections/index.html", "corrections.html", lambda: (pages.context_for_corrections(views), ()), 5),
             page("feed.xml", "feed.xml", lambda: (pages.context_for_feed(
                 "Briefing archive", "/", list(index.briefings), index), ())),
             page("briefings.json", "", lambda: ({"data": pages.briefings_data(index)}, ()),
                  len(index.briefings) // 5, kind="json"),
             page("search-filters.json", "", lambda: ({"data": records.search_filters_data(
                 index.briefings, archive.registry)}, ()), len(index.briefings) // 20, kind="json")]
    specs += listing_specs(views, page)
    for briefing in index.briefings:
        specs.append(page(f"briefings/{briefing.stem}/index.html", "briefing.html", functools.partial(
            briefing_context, briefing, views, (history or {}).get(briefing.path))))
    specs += topic_specs(views, page)
    specs += [page(name, name, lambda: ({}, ()), kind="static") for name in sorted(templates) if name.startswith("static/")]
    return sorted(specs, key=lambda spec: spec.output)


def briefing_context(briefing, views, history) -> tuple[dict, tuple]:
    return pages.context_for_briefing(briefing, views, history), (("body", briefing.body),)


def listing_specs(views, page) -> list[PageSpec]:
    """Timeline (front page + one per year) and quotes (one page per QUOTES_PER_PAGE)."""
    every = pages.every_quote(views)
    specs = [page("timeline/index.html", "timeline.html", lambda: (pages.context_for_timeline(views), ()), 20)]
    for year, _ in views.index.timeline:
        specs.append(page(f"timeline/{year}/index.html", "timeline.html",
                          functools.partial(lambda y: (pages.context_for_timeline(views, y), ()), year), 20))
    for number in range(1, pages.quote_pages(every) + 1):
        output = "quotes/index.html" if number == 1 else f"quotes/page/{number}/index.html"
        specs.append(page(output, "quotes.html",
                          functools.partial(lambda n: (pages.context_for_quotes(views, n, every), ()), number), 20))
    return specs


def topic_specs(views, page) -> list[PageSpec]:
    """Issue and actor pages, issue feeds, and redirects from alias slugs."""
    index, specs = views.index, []
    for slug, facts in index.issues.items():
        specs.append(page(f"issues/{slug}/index.html", "issue.html",
                          functools.partial(topic_context, pages.context_for_issue, facts, views),
                          1 + len(facts.briefings) // 20))
        specs.append(page(f"issues/{slug}/feed.xml", "feed.xml", functools.partial(issue_feed_context, facts, index)))
    for slug, facts in index.actors.items():
        specs.append(page(f"actors/{slug}/index.html", "actor.html",
                          functools.partial(topic_context, pages.context_for_actor, facts, views),
                          1 + len(facts.briefings) // 20))
    for kind, canonical in (("issue", index.issues), ("actor", index.actors)):
        for alias_slug, slug in index.aliases[kind].items():
            if alias_slug not in canonical and slug in canonical:
                context = pages.context_for_redirect(kind, alias_slug, canonical[slug].ref)
                specs.append(page(f"{kind}s/{alias_slug}/index.html", "redirect.html",
                                  functools.partial(lambda c: (c, ()), context)))
    return specs


def topic_context(context_for, facts, views) -> tuple[dict, tuple]:
    overview = facts.entry.overview if facts.entry else ""
    return context_for(facts, views), (("overview", overview),)


def issue_feed_context(facts, index) -> tuple[dict, tuple]:
    briefings = [index.by_path[path] for path in facts.briefings]
    return pages.context_for_feed(facts.ref.name, pages.issue_url(facts.ref.slug), briefings, index), ()


def render_site(archive, templates: dict[str, str], *, include_drafts: bool = False,
                history: dict[str, list] | None = None) -> dict[str, bytes]:
    """The whole site in memory: output path → bytes (tests and small archives;
    ``site_writer`` renders large ones on every core straight to disk)."""
    jobs = plan_pages(archive, templates, include_drafts=include_drafts, history=history)
    return {job.output: render_page(job, templates) for job in jobs}
