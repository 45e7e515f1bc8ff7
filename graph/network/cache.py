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

    The web app holds one per store and calls `invalidate()` after every write; the next
    reader rebuilds (reading the store once for both languages). Safe to share between
    threads: one lock guards building, the built objects are only read afterwards.
    """

    def __init__(self, store: Store | Callable[[], Store]) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._raw: NetworkRows | None = None
        self._graphs: dict[str, nx.MultiDiGraph] = {}
        self._structure: dict[str, dict[str, Any]] = {}
        self._growth: list[dict[str, Any]] | None = None
        self.version = 0
        self.build_seconds: float | None = None

    def _source(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def invalidate(self) -> None:
        with self._lock:
            self._raw = None
            self._graphs.clear()
            self._structure.clear()
            self._growth = None
            self.version += 1

    def graph(self, lang: str = "de") -> nx.MultiDiGraph:
        check_lang(lang)
        with self._lock:
            if lang not in self._graphs:
                began = time.perf_counter()
                if self._raw is None:
                    self._raw = read_rows(self._source())
                self._graphs[lang] = assemble(self._raw, lang)
                self.build_seconds = time.perf_counter() - began
            return self._graphs[lang]

    def structure(self, lang: str = "de") -> dict[str, Any]:
        with self._lock:
            if lang not in self._structure:
                self._structure[lang] = structure(self.graph(lang), lang)
            return self._structure[lang]

    def growth(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._growth is None:
                self._growth = growth(self.graph("de"))
            return self._growth
