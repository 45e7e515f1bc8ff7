"""Answers of public queries, kept until the next publication (as the Wikidata Query Service
caches): a repeated query costs a dictionary look-up instead of an evaluation.

The key holds the snapshot the answer was computed on, so an answer can never outlive the data
it came from: a publication switches the workers to a new snapshot, and `clear` drops the rest.
Only complete answers are kept (never one cut short by a time limit or a crash), and only small
ones, within a total budget, so memory stays bounded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cached:
    kind: str
    format: str
    truncated: bool
    body: bytes


class ResultCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 2 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.hits = 0
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def put(self, key: Hashable, answer: Cached) -> None:
        """Keep a complete answer (a larger one than `max_entry` is not kept)."""
        if len(answer.body) > self.max_entry:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._size += len(answer.body)
            while self._size > self.max_bytes and self._entries:
                _, old = self._entries.popitem(last=False)
                self._size -= len(old.body)
