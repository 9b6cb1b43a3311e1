"""The Jinja environment the pages are rendered with, and its filters.

One environment per set of templates (keyed by their digest) per process;
filters rather than macros for what every page repeats (dates, JSON). Jinja is
imported when the first environment is made: an edit's build leaves its few pages to
the rendering process beside it (``site_writer``), and need not import it (~25 ms).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment


def c_escape_text() -> Callable[[str], str] | None:
    """MarkupSafe 3's C replacement of the five characters, which its ``escape`` wraps; None
    where there is none (MarkupSafe 2's ``escape`` is all C; or no C at all)."""
    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:
        return None
    return _escape_inner


ESCAPE_TEXT = c_escape_text()

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_ENVIRONMENTS: dict[str, Environment] = {}  # per templates digest, per process
# Where this process keeps compiled templates when a caller names no place: a rendering
# process, forked for one build, is told once (``keep_compiled``).
_COMPILED: list[Callable[[], BytecodeCache]] = []


def kept_compiled() -> BytecodeCache | None:
    """Where this process keeps compiled templates (``keep_compiled``), if it was told."""
    return next((kept() for kept in _COMPILED), None)


def keep_compiled(compiled: Callable[[], BytecodeCache] | None) -> None:
    """Where this process keeps compiled templates: ``compiled()``, asked when it first makes
    an environment (``cache.template_code`` is Jinja's: it is imported then)."""
    _COMPILED[:] = [functools.cache(compiled)] if compiled is not None else []


def page_templates(templates: dict[str, str]) -> list[str]:
    """The names of the templates pages are rendered from (not the static files among them)."""
    return [name for name in templates if name.endswith((".html", ".xml", ".svg")) and not name.startswith("static/")]


def templates_digest(templates: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(templates, sort_keys=True).encode()).hexdigest()[:16]


def long_date(iso: str) -> str:
    """ "2019-05-30" → "30 May 2019" (fixed English, not the machine's locale)."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


@functools.lru_cache(maxsize=65536)  # dates repeat: a few thousand days, 200,000 tags
def time_tag(iso: str) -> Markup:
    """A <time> element; a filter, not a macro: Jinja macro calls cost ~20 µs each."""
    return Markup('<time datetime="%s">%s</time>') % (iso, long_date(iso))


def json_script(data: object) -> Markup:
    """JSON for a <script> element: "<", ">" and "&" escaped so "</script>" cannot end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)  # no indent: the C encoder
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def quick_escape(value: object) -> Markup:
    """``markupsafe.escape``, text (most of what a page shows) escaped without its Python
    wrapper and ``Markup``'s constructor: half its cost, which was ~25% of rendering the
    pages of a whole build (every ``{{ }}`` of an autoescaped template is one call). Markup
    (a filter's or macro's) is shown as it is, a whole number as its digits: ``escape`` made
    an equal copy of each through the same wrapper."""
    if type(value) is str and ESCAPE_TEXT is not None:
        return str.__new__(Markup, ESCAPE_TEXT(value))
    if type(value) is Markup:
        return value
    if type(value) is int:
        return str.__new__(Markup, int.__repr__(value))
    return escape(value)


@functools.cache
def tuned_environment() -> type[Environment]:
    """``Environment`` where ``entry.url`` looks the key up first when ``entry`` is a plain
    dict (every context is): Jinja's default tries the attribute first and fails, ~18% of
    a briefing page's render time. Same result: a context key never names a dict method
    the templates call. Its templates escape through ``quick_escape``."""
    from jinja2 import Environment, Template

    class QuickEscapeTemplate(Template):
        @classmethod
        def from_code(cls, environment: Environment, code: Any, globals: Any, uptodate: Any = None) -> Template:
            template = super().from_code(environment, code, globals, uptodate)
            # The compiled template's functions find ``escape`` among their module's globals.
            namespace = getattr(template.root_render_func, "__globals__", {})
            if namespace.get("escape") is escape:
                namespace["escape"] = quick_escape
            return template

    class DictFirstEnvironment(Environment):
        template_class = QuickEscapeTemplate

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return DictFirstEnvironment


def environment(
    templates: dict[str, str],
    digest: str = "",
    site: dict[str, Any] | None = None,
    compiled: BytecodeCache | None = None,
) -> Environment:
    """The Jinja environment for these templates, made once per process.

    ``digest`` (from the job) saves re-hashing every template for every page; ``site``:
    what every page may show (the navigation), as template globals; ``compiled``: where
    the templates it has not loaded yet are kept compiled (``cache.template_code``).
    """
    digest = digest or templates_digest(templates)
    if digest in _ENVIRONMENTS and compiled is not None:
        _ENVIRONMENTS[digest].bytecode_cache = compiled
    if digest not in _ENVIRONMENTS:
        from jinja2 import DictLoader, StrictUndefined

        compiled = compiled if compiled is not None else kept_compiled()
        env = tuned_environment()(
            loader=DictLoader(dict(templates)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=compiled,
        )
        env.filters.update(long_date=long_date, time_tag=time_tag, json_script=json_script)
        env.globals.update(site or {})
        _ENVIRONMENTS[digest] = env
    return _ENVIRONMENTS[digest]
