"""Render the site: plan one job per output file, then render each job to bytes.

``plan_pages`` does everything that needs the whole archive (the index, each
page's context) and yields small, picklable ``PageJob``s; ``render_page``
turns one job into bytes using only that job and the templates, so jobs can
be spread over processes and cached by ``PageJob.key()``. ``render_site`` is
both, in one process.
"""
from __future__ import annotations

import gc
import hashlib
import json
import re
from dataclasses import dataclass

import markdown
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from . import pages
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
        """Content hash of everything the output depends on (a cache key)."""
        data = [self.output, self.kind, self.template, self.context, self.markdown, self.theme]
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --- Markdown: raw HTML is shown as text, links only to the web --------------

SAFE_LINK = re.compile(r"(?i)(https?:|mailto:|[/#?.]|[^:/?#]*(?:[/?#]|$))")


class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Drop href/src with a scheme other than http(s)/mailto (javascript:, data:, …)."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not SAFE_LINK.match(value.strip()):
                    del element.attrib[attribute]


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


# --- Jinja ------------------------------------------------------------------

_ENVIRONMENTS: dict[str, Environment] = {}  # per templates digest, per process


def templates_digest(templates: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(templates, sort_keys=True).encode()).hexdigest()[:16]


def long_date(iso: str) -> str:
    """"2019-05-30" → "30 May 2019" (fixed English, not the machine's locale)."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def time_tag(iso: str) -> Markup:
    """A <time> element; a filter, not a macro: Jinja macro calls cost ~20 µs each."""
    return Markup('<time datetime="%s">%s</time>') % (iso, long_date(iso))


def json_script(data) -> Markup:
    """JSON for a <script> element: "<", ">" and "&" escaped so "</script>" cannot end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)  # no indent: the C encoder
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def environment(templates: dict[str, str], digest: str = "") -> Environment:
    """The Jinja environment for these templates, made once per process.

    ``digest`` (from the job) saves re-hashing every template for every page.
    """
    digest = digest or templates_digest(templates)
    if digest not in _ENVIRONMENTS:
        env = Environment(loader=DictLoader(dict(templates)), autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters.update(long_date=long_date, time_tag=time_tag, json_script=json_script)
        _ENVIRONMENTS[digest] = env
    return _ENVIRONMENTS[digest]


def render_page(job: PageJob, templates: dict[str, str]) -> bytes:
    """The bytes of one output file: a function of the job and the templates only."""
    if job.kind == "static":
        return templates[job.template].encode("utf-8")
    if job.kind == "json":
        return (json.dumps(job.context["data"], ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
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
    # Planning makes hundreds of thousands of small dicts and no cycles; the
    # cyclic garbage collector would rescan them all again and again (2× slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return sorted(plan_all(archive, templates, include_drafts, history), key=lambda job: job.output)
    finally:
        if collecting:
            gc.enable()


def plan_all(archive, templates, include_drafts: bool, history) -> list[PageJob]:
    index = build_index(visible(archive.briefings, include_drafts), archive.registry)
    views = pages.views_of(index)
    theme = templates_digest(templates)

    def page(output, template, context, markdown=()):
        return PageJob(output, "page", template, context, tuple(markdown), theme)

    jobs = [page("index.html", "home.html", pages.context_for_home(views)),
            page("timeline/index.html", "timeline.html", pages.context_for_timeline(views)),
            page("quotes/index.html", "quotes.html", pages.context_for_quotes(views)),
            page("issues/index.html", "issues.html", pages.context_for_issues_index(index)),
            page("actors/index.html", "actors.html", pages.context_for_actors_index(index)),
            page("corrections/index.html", "corrections.html", pages.context_for_corrections(views)),
            page("feed.xml", "feed.xml", pages.context_for_feed("Briefing archive", "/", list(index.briefings), index)),
            PageJob("briefings.json", "json", "", {"data": pages.briefings_data(index)}, (), theme)]
    for briefing in index.briefings:
        context = pages.context_for_briefing(briefing, views, (history or {}).get(briefing.path))
        jobs.append(page(f"briefings/{briefing.stem}/index.html", "briefing.html", context,
                         [("body", briefing.body)]))
    jobs += topic_jobs(views, page)
    jobs += [PageJob(name, "static", name, {}, (), theme) for name in sorted(templates) if name.startswith("static/")]
    return jobs


def topic_jobs(views, page) -> list[PageJob]:
    """Issue and actor pages, issue feeds, and redirects from alias slugs."""
    index, jobs = views.index, []
    for slug, facts in index.issues.items():
        overview = [("overview", facts.entry.overview)] if facts.entry else [("overview", "")]
        jobs.append(page(f"issues/{slug}/index.html", "issue.html", pages.context_for_issue(facts, views), overview))
        briefings = [index.by_path[path] for path in facts.briefings]
        jobs.append(page(f"issues/{slug}/feed.xml", "feed.xml",
                         pages.context_for_feed(facts.ref.name, pages.issue_url(slug), briefings, index)))
    for slug, facts in index.actors.items():
        overview = [("overview", facts.entry.overview)] if facts.entry else [("overview", "")]
        jobs.append(page(f"actors/{slug}/index.html", "actor.html", pages.context_for_actor(facts, views), overview))
    for kind, canonical in (("issue", index.issues), ("actor", index.actors)):
        for alias_slug, slug in index.aliases[kind].items():
            if alias_slug not in canonical and slug in canonical:
                jobs.append(page(f"{kind}s/{alias_slug}/index.html", "redirect.html",
                                 pages.context_for_redirect(kind, alias_slug, canonical[slug].ref)))
    return jobs


def render_site(archive, templates: dict[str, str], *, include_drafts: bool = False,
                history: dict[str, list] | None = None) -> dict[str, bytes]:
    """The whole site: output path → bytes."""
    jobs = plan_pages(archive, templates, include_drafts=include_drafts, history=history)
    return {job.output: render_page(job, templates) for job in jobs}
