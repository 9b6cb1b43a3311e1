"""Each page's output file, remembered by what its URL is made of (``PageKind.url_key``).

Naming the 72,000 pages of a 30,000-briefing site took ~70 ms of every build, an edit's
too: a Python call or three per page. The output is a pure function of the URL's key, so
a process names each page once, and a build after a kept state's takes its names from
there (``outputs_known``): then only the pages new since are named, the rest looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import unquote


class Kind(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def url_key(self) -> Callable[[Any], Hashable] | None: ...  # None: the key itself

    def output(self, key: Any) -> str: ...


class NamedOutputs(Mapping):
    """URL key → output of one kind's pages as a planning named them: the keys and outputs in
    two lists, in the pages' order. The next planning of the same pages in the same order
    takes the outputs by comparing the lists (in C); a dict of them is made only when they
    differ (a kept state's 72,000 names at 30,000 briefings were a dict to unpickle, ~10 ms of
    every edit's build, and to look up in, ~15 ms)."""

    def __init__(self, names: list, outputs: list[str]):
        self.names, self.outputs = names, outputs
        self.by_name: dict[Hashable, str] | None = None

    def __getitem__(self, name: Hashable) -> str:
        return self.named()[name]

    def named(self) -> dict[Hashable, str]:
        if self.by_name is None:
            self.by_name = dict(zip(self.names, self.outputs, strict=True))
        return self.by_name

    def __iter__(self) -> Iterator:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __reduce__(self) -> tuple:
        return (NamedOutputs, (self.names, self.outputs))


# kind's name → its pages' outputs, as the last planning in this process named them
_KNOWN: dict[str, NamedOutputs] = {}


def outputs_of(kind: Kind, keys: Sequence, names: list | None = None) -> list[str]:
    """The output file of each of ``keys`` of ``kind``, in order (``names``: their URL keys,
    in order, when at hand)."""
    if names is None or len(names) != len(keys):
        names = list(map(kind.url_key, keys)) if kind.url_key is not None else list(keys)
    known = _KNOWN.get(kind.name)
    if known is not None and known.names == names:  # the same pages as last time, in the same order
        return list(known.outputs)
    found = list(map(known.named().get, names)) if known is not None else [None] * len(names)
    named = zip(found, keys, strict=True)
    outputs = [output if output is not None else kind.output(key) for output, key in named]
    # these pages' alone, so what is remembered (and kept with a state) is bounded by the site
    _KNOWN[kind.name] = NamedOutputs(names, outputs)
    return outputs


def index_paths(index: Any) -> list[str] | None:
    """The paths of an ``Index``'s briefings, in order: its ``by_path``'s keys, when as many
    (a pass over 30,000 briefings' objects took ~8 ms of every edit's build)."""
    by_path = index.by_path
    return list(by_path) if len(by_path) == len(index.briefings) else None


def output_of(url: str) -> str:
    """The site file a URL is served from: "/issues/x/" → "issues/x/index.html"."""
    path = unquote(url.lstrip("/")) if "%" in url else url.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def known_outputs() -> dict[str, NamedOutputs]:
    """What this process's last planning named, for a kept state to hold."""
    return dict(_KNOWN)


def outputs_known(saved: Any) -> None:
    """The names a kept state holds (made by the same code), for the next planning to look up."""
    if isinstance(saved, dict):
        for name, known in saved.items():
            if isinstance(known, NamedOutputs):
                _KNOWN[name] = known
            elif isinstance(known, dict):
                _KNOWN[name] = NamedOutputs(list(known), list(known.values()))
