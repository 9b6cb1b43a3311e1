"""The Jinja environment the pages are rendered with, and its filters.

One environment per set of templates (keyed by their digest) per process;
filters rather than macros for what every page repeats (dates, JSON).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

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


class DictFirstEnvironment(Environment):
    """``entry.url`` looks the key up first when ``entry`` is a plain dict (every
    context is): Jinja's default tries the attribute first and fails, ~18% of
    a briefing page's render time. Same result: a context key never names a
    dict method the templates call."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(templates: dict[str, str], digest: str = "", site: dict[str, Any] | None = None) -> Environment:
    """The Jinja environment for these templates, made once per process.

    ``digest`` (from the job) saves re-hashing every template for every page; ``site``:
    what every page may show (the navigation), as template globals.
    """
    digest = digest or templates_digest(templates)
    if digest not in _ENVIRONMENTS:
        env = DictFirstEnvironment(
            loader=DictLoader(dict(templates)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(long_date=long_date, time_tag=time_tag, json_script=json_script)
        env.globals.update(site or {})
        _ENVIRONMENTS[digest] = env
    return _ENVIRONMENTS[digest]
