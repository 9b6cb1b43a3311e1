"""Render the site: plan one job per output file, then render each job to bytes.

``planning.plan_pages`` does everything that needs the whole archive (the
index, each page's context) and yields small, picklable ``PageJob``s;
``render_page`` turns one job into bytes using only that job and the
templates, so jobs can be spread over processes and cached by
``PageJob.key()``. ``render_site`` is both, in one process.
"""

from __future__ import annotations

import json

from .kinds import navigation
from .planning import PageJob, plan_pages
from .safe_markdown import markdown_html
from .templating import environment

SITE_GLOBALS = {"nav": navigation()}  # what every page's header lists


def json_lines(items) -> bytes:
    """A JSON array with one item per line: diffs well, and written by the C encoder
    (``indent`` would switch json to its pure-Python encoder, 5× slower)."""
    return b"".join(json_line_chunks(items))


def json_line_chunks(items):
    """``json_lines`` piece by piece, so a large list can be written as it is made."""
    return framed_json_lines(json_item(item) for item in items)


def json_item(item) -> bytes:
    return json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8")


# ``json_lines``' framing: what goes before the first item and before each other, and
# what closes the array (or is all of it, with no item).
JSON_OPEN, JSON_BETWEEN, JSON_CLOSE, JSON_EMPTY = b"[\n", b",\n", b"\n]\n", b"[]\n"


def framed_json_lines(encoded):
    """Items already encoded (``json_item``) made into ``json_lines``' array, piece by piece."""
    first = True
    for data in encoded:
        yield (JSON_OPEN if first else JSON_BETWEEN) + data
        first = False
    yield JSON_EMPTY if first else JSON_CLOSE


def json_object_lines(data: dict) -> bytes:
    """A JSON object with one key per line (sorted)."""
    lines = (f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(data.items()))
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def render_page(job: PageJob, templates: dict[str, str]) -> bytes:
    """The bytes of one output file: a function of the job and the templates only."""
    if job.kind == "static":
        return templates[job.template].encode("utf-8")
    if job.kind == "json":
        data = job.context["data"]
        return json_lines(data) if isinstance(data, list) else json_object_lines(data)
    context = dict(job.context)
    for key, text in job.markdown:
        context[key] = markdown_html(text, job.settings.remote_images)
    context["site"] = site_view(job.settings)
    return page_environment(templates, job.theme).get_template(job.template).render(context).encode("utf-8")


def site_view(settings) -> dict:
    """What every page may say of the site (its name, address, description, language)."""
    return {
        "name": settings.name,
        "url": settings.url,
        "description": settings.description,
        "language": settings.language,
    }


def page_environment(templates: dict[str, str], digest: str = "", compiled=None):
    """The templates' Jinja environment, with what every page may show (``compiled``:
    where its templates are kept compiled, see ``templating.environment``)."""
    return environment(templates, digest, SITE_GLOBALS, compiled)


def render_site(archive, templates: dict[str, str], *, include_drafts: bool = False) -> dict[str, bytes]:
    """The whole site in memory: output path → bytes (tests and small archives;
    ``site_writer`` renders large ones on every core straight to disk)."""
    jobs = plan_pages(archive, templates, include_drafts=include_drafts)
    return {job.output: render_page(job, templates) for job in jobs}
