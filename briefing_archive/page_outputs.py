"""Each page's output file, remembered by what its URL is made of (``PageKind.url_key``).

Naming the 72,000 pages of a 30,000-briefing site took ~70 ms of every build, an edit's
too: a Python call or three per page. The output is a pure function of the URL's key, so
a process names each page once, and a build after a kept state's takes its names from
there (``outputs_known``): then only the pages new since are named, the rest looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol, cast
from urllib.parse import unquote


class Kind(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def url_key(self) -> Callable[[Any], Hashable] | None: ...  # None: the key itself

    def output(self, key: Any) -> str: ...


# kind's name → URL key → output, as the last planning in this process named them
_KNOWN: dict[str, dict[Hashable, str]] = {}


def outputs_of(kind: Kind, keys: Sequence) -> list[str]:
    """The output file of each of ``keys`` of ``kind``, in order."""
    names = list(map(kind.url_key, keys)) if kind.url_key is not None else list(keys)
    known = _KNOWN.get(kind.name, {})
    found = list(map(known.get, names))
    if None not in found and len(known) == len(names):  # the same pages as last time: kept as they are
        return cast(list[str], found)
    named = zip(found, keys, strict=True)
    outputs = [output if output is not None else kind.output(key) for output, key in named]
    # these pages' alone, so what is remembered (and kept with a state) is bounded by the site
    _KNOWN[kind.name] = dict(zip(names, outputs, strict=True))
    return outputs


def output_of(url: str) -> str:
    """The site file a URL is served from: "/issues/x/" → "issues/x/index.html"."""
    path = unquote(url.lstrip("/")) if "%" in url else url.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def known_outputs() -> dict[str, dict[Hashable, str]]:
    """What this process's last planning named, for a kept state to hold."""
    return dict(_KNOWN)


def outputs_known(saved: Any) -> None:
    """The names a kept state holds (made by the same code), for the next planning to look up."""
    if isinstance(saved, dict):
        _KNOWN.update((name, known) for name, known in saved.items() if isinstance(known, dict))
