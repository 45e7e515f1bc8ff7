"""The built network and its derived figures, kept in memory until the data changes.

Building and analysing cost a pass over the store and a few centrality runs; a web app asks
for them on every network page. The cache builds on first use and forgets on `invalidate()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from ..languages import check_lang
from ..store import Store
from .analysis import growth, structure
from .build import NetworkRows, assemble, read_rows
from .periods import as_of_network, check_as_of

#: How many (language, point in time) structures the cache keeps: each costs a centrality run,
#: and a crawler walking `as_of` through the years must not fill the memory.
MAX_AS_OF = 16


class NetworkCache:
    """The built network and its derived figures, kept until `invalidate()`.

    The web app holds one per store and calls `invalidate()` after every public write; the
    next reader rebuilds (reading the store once for both languages), off the write path.
    Safe to share between threads: one lock orders the builders, and a second, held only for
    a moment, guards what is built; so `invalidate()` never waits for a build in progress (a
    writer would otherwise stall for seconds behind a reader). A build that an invalidation
    overtook is handed to its reader but not kept.
    """

    def __init__(self, store: Store | Callable[[], Store]) -> None:
        self._store = store
        self._build_lock = threading.RLock()
        self._state_lock = threading.Lock()
        self._raw: NetworkRows | None = None
        self._graphs: dict[str, nx.MultiDiGraph] = {}
        self._structure: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._growth: list[dict[str, Any]] | None = None
        self.version = 0
        self.build_seconds: float | None = None

    def _source(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def invalidate(self) -> None:
        with self._state_lock:
            self._raw = None
            self._graphs = {}
            self._structure = {}
            self._growth = None
            self.version += 1

    def _keep(self, version: int, put: Callable[[], None]) -> None:
        """Keep a result unless an invalidation came while it was being built."""
        with self._state_lock:
            if version == self.version:
                put()

    def graph(self, lang: str = "de") -> nx.MultiDiGraph:
        check_lang(lang)
        with self._build_lock:
            with self._state_lock:
                version, raw, built = self.version, self._raw, self._graphs.get(lang)
            if built is not None:
                return built
            began = time.perf_counter()
            if raw is None:
                raw = read_rows(self._source())
            built = assemble(raw, lang)
            self.build_seconds = time.perf_counter() - began

            def put() -> None:
                self._raw = raw
                self._graphs[lang] = built

            self._keep(version, put)
            return built

    def structure(self, lang: str = "de", as_of: str | None = None) -> dict[str, Any]:
        """The structure of the network (as of a point in time: its links then)."""
        key = (lang, check_as_of(as_of))
        with self._build_lock:
            with self._state_lock:
                version, found = self.version, self._structure.get(key)
            if found is None:
                found = structure(as_of_network(self.graph(lang), key[1]), lang)

                def put() -> None:
                    if len(self._structure) >= MAX_AS_OF:
                        self._structure.clear()
                    self._structure[key] = found

                self._keep(version, put)
            return found

    def growth(self, as_of: str | None = None) -> list[dict[str, Any]]:
        """Growth per year; as of a point in time, the years up to it."""
        as_of = check_as_of(as_of)
        rows = self._growth_rows()
        return rows if as_of is None else [r for r in rows if r["year"] <= int(as_of[:4])]

    def _growth_rows(self) -> list[dict[str, Any]]:
        with self._build_lock:
            with self._state_lock:
                version, found = self.version, self._growth
            if found is None:
                found = growth(self.graph("de"))

                def put() -> None:
                    self._growth = found

                self._keep(version, put)
            return found
