"""The page cache: answers and page data kept until a publication touches what they showed
(issue 16, item 8).

A public page changes only when the public data it shows does, and the app knows when that
is: the writer's "page caches" subscriber calls `PageCache.publish` after every commit that
touches public graphs, once the search index and the network have followed it, with what
the commit touched (`explore.touched`: its subjects and objects and the lists it may
change). So

- an answer is computed while the store notes what it reads (`Store.noting_reads`: the
  IRIs of every row, and the list tokens of the facet indexes a list used) and kept
  (`PageCache.keep`, bounded by bytes, least recently used out) with that set; a
  publication drops exactly the answers whose set meets what it touched, and keeps every
  other, since its page did not change (`twins.conditional` answers and tags them);
- a request that ran across a publication keeps its answer only if none of the
  publications since it began touched what it read (`PageCache.keep`): an old answer is
  never stored under a new tag, nor a new one under an old tag;
- the page data behind several answers (a list's facet counts and items, the home summary)
  is kept in `PageCache.data`, lists' with what they read (dropped like answers), the rest
  until the next publication; the first of many simultaneous requests for a key computes
  it, the others wait for it rather than computing it again; the lists' data that a
  publication drops is computed anew in the background (`refill.py`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import threading
import time
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from flask import current_app

from .refill import LIMIT, Refiller

#: What an answer or page data depends on: the IRIs (and list tokens) it showed, or None for
#: "everything" (dropped by every publication).
Reads = frozenset[str] | None


@dataclass(frozen=True)
class Answer:
    """A kept answer: its tag, what it showed (`reads`), its day, and its body (`content()`;
    None when it was too big to keep: its tag still answers `304`)."""

    tag: str
    reads: Reads
    day: str
    status: int
    body: bytes | None
    headers: dict[str, str]
    #: The body packed with zlib, as the cache keeps it (then `body` is None).
    packed: bytes | None = None

    def content(self) -> bytes | None:
        """The body, unpacked if it was kept packed; None if it was not kept."""
        if self.body is not None or self.packed is None:
            return self.body
        return zlib.decompress(self.packed)


#: What a kept answer holds besides its body and what it read: its key and tag, the objects
#: that keep it and its place in the order (about 450 bytes, counted as 512).
_ENTRY_BYTES = 512
#: zlib's fastest level: an entity page of 12 KB in 90 µs, 3.5 times smaller (measured at
#: the 1M district; level 6 gave 3.9 times in 150 µs), back in 50 µs.
_PACK_LEVEL = 1


@dataclass(frozen=True)
class _Kept:
    """An answer as the cache keeps it (its body packed), and the bytes it is counted for."""

    answer: Answer
    size: int


def _kept(answer: Answer, limit_bytes: int) -> _Kept:
    """`answer` packed, and what it holds counted: its packed body, the set of what it
    read (its IRIs are shared: `memory.one_copy`), its headers and `_ENTRY_BYTES`. A body
    whose share would be more than an eighth of `limit_bytes` is not kept (one huge answer
    would push out hundreds of ordinary pages): only its tag stays, still answering 304."""
    packed = answer.packed
    if answer.body is not None:
        packed = zlib.compress(answer.body, _PACK_LEVEL)
    size = _ENTRY_BYTES + sys.getsizeof(answer.headers)
    size += sum(len(k) + len(v) for k, v in answer.headers.items())
    if answer.reads is not None:
        size += sys.getsizeof(answer.reads)
    if packed is not None and len(packed) > limit_bytes // 8:
        packed = None
    kept = dataclasses.replace(answer, body=None, packed=packed)
    return _Kept(kept, size + len(packed or b""))


class PageCache:
    """Answers and page data kept until a publication touches what they showed; see the
    module docstring.

    `limit_bytes` bounds what the kept answers hold (`_kept`: bodies packed with zlib, what
    they read, their headers; at most `entries` answers, tags of answers too big to keep
    included). Until 2026-12-02 it counted the bodies alone: 64 MiB of them held about
    100 MiB at the 1M district, 19 KiB a cached entity page, which now holds about 9 KiB.
    Page data entries are counted, at most `data_entries`. All drop the least recently used
    first.
    """

    #: Publications remembered for `keep` (a request that ran across more is not kept).
    RECENT = 64

    def __init__(
        self,
        version: int,
        limit_bytes: int,
        data_entries: int = 2048,
        entries: int = 100_000,
        reading: Callable[[], AbstractContextManager[set[str]]] | None = None,
        note: Callable[[Iterable[str]], None] | None = None,
        refill: Callable[[list[tuple[object, Callable[[], Any]]]], None] | None = None,
    ) -> None:
        self.version = version
        self.started = f"{time.time():.0f}"
        self.limit_bytes = limit_bytes
        self.data_entries = data_entries
        self.entries = entries
        self.reading = reading or _no_reads
        self._note = note or (lambda _iris: None)
        self._lock = threading.Lock()
        self._answers: OrderedDict[str, _Kept] = OrderedDict()
        self._bytes = 0
        self._data: OrderedDict[object, tuple[Any, Reads]] = OrderedDict()
        self._computing: dict[object, threading.Event] = {}
        # How to compute again the page data that a publication drops (`data(again=True)`),
        # and who does it (`webapp/refill.py`).
        self._again: dict[object, Callable[[], Any]] = {}
        self._refill = refill
        # (version before, version after, what it touched; None: everything), newest last.
        self._recent: deque[tuple[int, int, frozenset[str] | None]] = deque(maxlen=self.RECENT)
        self.hits = 0
        self.misses = 0

    def publish(self, version: int, touched: Iterable[str] | None = None) -> None:
        """A publication that changed what shows `touched` (IRIs and list tokens: webapp's
        `explorer.invalidate_pages`; None: anything). The answers and page data that showed
        one of them are dropped; the others stay, with their tags (their pages did not
        change). A publication need not say what it touched: then everything goes. The
        dropped page data that says how (`data(again=True)`: the lists') is handed to
        `refill`, to be computed anew before its next reader asks (issue 16, item 8: "caches
        that the publication step updates")."""
        changed = None if touched is None else frozenset(touched)
        with self._lock:
            before, self.version = self.version, max(version, self.version + 1)
            self._recent.append((before, self.version, changed))
            for key in [k for k, a in self._answers.items() if _meets(a.answer.reads, changed)]:
                self._forget(key)
            dropped = [k for k, (_, r) in self._data.items() if _meets(r, changed)]
            for key in dropped:
                del self._data[key]
            # Newest first: the data read last is the likeliest to be read next.
            again = [(k, self._again.pop(k)) for k in reversed(dropped) if k in self._again]
        if again and self._refill is not None:
            self._refill(again)

    def _forget(self, key: str) -> None:
        self._bytes -= self._answers.pop(key).size

    def _still(self, version: int, reads: Reads) -> bool:
        """Whether nothing published since `version` touched `reads` (with the lock held)."""
        if version == self.version:
            return True
        if not self._recent or self._recent[0][0] > version:
            return False  # more publications since than are remembered
        return not any(after > version and _meets(reads, t) for _, after, t in self._recent)

    @property
    def kept_bytes(self) -> int:
        """What the kept answers hold, as counted against `limit_bytes`."""
        with self._lock:
            return self._bytes

    # ---- answers -------------------------------------------------------------------------

    def answer(self, key: str, day: str) -> Answer | None:
        """The kept answer of `key` (`page_key`), if it is of `day`."""
        with self._lock:
            found = self._answers.get(key)
            if found is None or found.answer.day != day:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return found.answer

    def keep(
        self,
        key: str,
        version: int,
        answer: Answer,
    ) -> None:
        """Keep an answer computed from `version` on, unless a publication since touched what
        it showed (then its tag may name older content than it holds, or the reverse)."""
        kept = _kept(answer, self.limit_bytes)  # packed before the lock is taken
        with self._lock:
            if not self._still(version, answer.reads) or key in self._answers:
                return
            self._answers[key] = kept
            self._bytes += kept.size
            while (self._bytes > self.limit_bytes or len(self._answers) > self.entries) and (
                self._answers
            ):
                self._forget(next(iter(self._answers)))

    # ---- page data -----------------------------------------------------------------------

    def data(
        self, key: object, compute: Callable[[], Any], *, follows: bool = False, again: bool = False
    ) -> Any:
        """`compute()` once per key until a publication changes it; simultaneous callers of
        one key wait for the first instead of computing it too.

        With `follows`, the value is kept until a publication touches what `compute` read
        (`Store.noting_reads`), and each user of the kept value is told what it read (their
        answers depend on it too); without, every publication drops it. With `again` too,
        the publication that drops it has it computed anew right away (the cache's `refill`,
        in the background), so that its next reader need not wait for it: `compute` must
        then need no request, only the app."""
        while True:
            with self._lock:
                found = self._data.get(key)
                if found is not None:
                    self._data.move_to_end(key)
                    value, reads = found
                    if reads is not None:
                        self._note(reads)
                    return value
                waiting = self._computing.get(key)
                if waiting is None:
                    mine = self._computing[key] = threading.Event()
                    version = self.version
                    break
            waiting.wait()  # then look again: found, or the first caller failed
        try:
            with self.reading() as read:
                value = compute()
            reads = frozenset(read) if follows else None
            with self._lock:
                if self._still(version, reads):
                    self._data[key] = (value, reads)
                    if again and follows:
                        self._again[key] = compute
                    while len(self._data) > self.data_entries:
                        self._again.pop(self._data.popitem(last=False)[0], None)
            return value
        finally:
            with self._lock:
                del self._computing[key]
            mine.set()


def _no_reads() -> AbstractContextManager[set[str]]:
    return contextlib.nullcontext(set())


def _meets(reads: Reads, touched: frozenset[str] | None) -> bool:
    """Whether a publication that touched `touched` changes what showed `reads`."""
    if reads is None or touched is None:
        return True
    return not reads.isdisjoint(touched)


def page_cache() -> PageCache:
    return current_app.extensions["akteursgraph.page-cache"]


def init_app(app: Any, version: int) -> None:
    """The app's page cache, starting at the publication version the app started with; it
    notes what pages read through the app's store (`Store.noting_reads`), and has the page
    data a publication drops computed anew in the background (`refill.Refiller`)."""
    limit = int(float(app.config.get("PAGE_CACHE_MB", 64)) * 1024**2)
    store = app.extensions["akteursgraph.store"]
    refiller = Refiller(app, int(app.config.get("PAGE_REFILL", LIMIT)))
    app.extensions["akteursgraph.page-refill"] = refiller
    app.extensions["akteursgraph.page-cache"] = PageCache(
        version,
        limit,
        reading=store.noting_reads,
        note=store.note_reads,
        refill=refiller.submit if refiller.limit else None,
    )
