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
        self._structure: dict[str, dict[str, Any]] = {}
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

    def structure(self, lang: str = "de") -> dict[str, Any]:
        with self._build_lock:
            with self._state_lock:
                version, found = self.version, self._structure.get(lang)
            if found is None:
                found = structure(self.graph(lang), lang)
                self._keep(version, lambda: self._structure.__setitem__(lang, found))
            return found

    def growth(self) -> list[dict[str, Any]]:
        with self._build_lock:
            with self._state_lock:
                version, found = self.version, self._growth
            if found is None:
                found = growth(self.graph("de"))

                def put() -> None:
                    self._growth = found

                self._keep(version, put)
            return found
