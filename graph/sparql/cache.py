"""Answers of public queries, kept until the next publication (as the Wikidata Query Service
caches): a repeated query costs a dictionary look-up instead of an evaluation.

The key holds the snapshot the answer was computed on, so an answer can never outlive the data
it came from: a publication switches the workers to a new snapshot, and `clear` drops the rest.
Only complete answers are kept (never one cut short by a time limit or a crash), and only small
ones, within a total budget, so memory stays bounded.

Answers are kept packed (zlib's fastest level): a JSON answer of 800 KB (4,000 rows at the 1M
district) packs 19-23 times smaller in 1.5 ms and unpacks in about 1 ms. The budget counts the
packed bytes: its 16 MiB hold about 300 MiB of such answers, where until 2026-12-02 64 MiB of
memory held 64 MiB of answers (serve grew by 61 MiB under 100 sorted queries). The budget
counts each entry's key too (it holds the query's text).
"""

from __future__ import annotations

import sys
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

#: zlib's fastest level (level 6 packs JSON answers little smaller, several times slower).
_PACK_LEVEL = 1
#: What an entry holds besides its packed body and its key's parts: the `Cached` object and
#: its place in the order (about 200 bytes, counted as 256).
_ENTRY_BYTES = 256


def _held(key: Hashable, packed: bytes) -> int:
    """The bytes an entry is counted for: its packed body, its key (the query's text is in
    it: a budget of bodies alone let 16 MiB of tiny answers keep hundreds of MB of queries)
    and `_ENTRY_BYTES`."""
    parts = key if isinstance(key, tuple) else (key,)
    return len(packed) + _ENTRY_BYTES + sys.getsizeof(key) + sum(map(sys.getsizeof, parts))


@dataclass(frozen=True)
class Cached:
    kind: str
    format: str
    truncated: bool
    body: bytes


class ResultCache:
    def __init__(self, max_bytes: int = 16 * 1024 * 1024, max_entry: int = 2 * 1024 * 1024):
        """`max_bytes`: the packed answers kept, at most; `max_entry`: the largest answer
        kept (unpacked)."""
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.hits = 0
        self._entries: OrderedDict[Hashable, tuple[Cached, int]] = OrderedDict()  # packed
        self._size = 0
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """The bytes kept now, as counted against `max_bytes` (`_held`)."""
        with self._lock:
            return self._size

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return replace(found[0], body=zlib.decompress(found[0].body))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def put(self, key: Hashable, answer: Cached) -> None:
        """Keep a complete answer (a larger one than `max_entry` is not kept)."""
        if len(answer.body) > self.max_entry:
            return
        packed = replace(answer, body=zlib.compress(answer.body, _PACK_LEVEL))
        held = _held(key, packed.body)
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (packed, held)
            self._size += held
            while self._size > self.max_bytes and self._entries:
                _, (_, old) = self._entries.popitem(last=False)
                self._size -= old
