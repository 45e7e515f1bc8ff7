"""Giving memory that a big job freed back to the system.

glibc's allocator keeps what Python and the store engine free for the next allocation, and
gives a thread's arena back only from its top: after a build that read a great deal (the
network, a list's facet index, the catalogue's counts) `serve` kept hundreds of MiB it no
longer used. At the 1M district the catalogue's counts, made in a thread, left 290 MiB
behind (828 MiB resident, 537 MiB after `malloc_trim`); issue 11 allows `serve` with its
workers 1 GiB. `give_back` asks glibc to return every free page of every arena: 2.4 ms with
the network built at the 1M district, so it is called where a big job ends, not on every
request. Elsewhere than glibc (musl, macOS) it does nothing.

`limit_arenas` caps how many arenas glibc makes: one per thread by default (up to 8 per
core), each keeping its own freed memory. `serve` runs many threads (requests, the catalogue's
counts, search updates); at the peak of the publication benchmark at the 1M district, with
serve and its workers: 1,144 MiB with glibc's 16 arenas, 1,013 MiB with 4, 990 MiB with 2.
The acknowledgement's p95 was under 200 ms in every run (161 ms with 16, 142 with 4, 119 and
183 with 2: runs on one machine differ that much), simple /sparql p95 60-67 ms in all.

`map_large_blocks` gives every block of 128 KiB or more its own mapping, returned to the
system when it is freed. glibc does that by default only until the first such block is freed;
from then on it raises the size (up to 32 MiB) and serves large blocks from its heaps, where
what the builds free (a dict's table of tens of thousands of entries, a list of rows) stays
as holes between live blocks that no `malloc_trim` returns. In-process at the 1M district,
after the reading surfaces of the publication benchmark were opened: 103 MiB free in the heaps
(756 MiB resident), 30 MiB with the threshold kept at 128 KiB (691 MiB).

The query workers (`sparql/worker.py`) set both as `serve` does, and give back between
queries once they have grown: what the engine freed after a large answer stayed otherwise.

`one_copy` is the other half: one string object for a text that many structures keep.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path


@functools.cache
def _libc_function(name: str) -> Callable[..., int] | None:
    """A function of the C library by name, or None where it has none (not glibc)."""
    library = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(library), name) if library else None
    except (OSError, AttributeError):
        return None


#: glibc's `mallopt` parameter for the most arenas (malloc.h's M_ARENA_MAX).
_M_ARENA_MAX = -8
#: The arenas `serve` allows: see the module docstring.
SERVE_ARENAS = 2


def limit_arenas(most: int = SERVE_ARENAS) -> bool:
    """Let glibc make at most `most` arenas from now on; call it before threads start (an
    arena made before stays). An operator's MALLOC_ARENA_MAX in the environment, which
    glibc has read already, is left as it is. True if the limit was set."""
    mallopt = _libc_function("mallopt")
    if "MALLOC_ARENA_MAX" in os.environ or mallopt is None:
        return False
    return mallopt(_M_ARENA_MAX, most) == 1


#: glibc's `mallopt` parameter for the size from which a block is mapped on its own
#: (malloc.h's M_MMAP_THRESHOLD); setting it also stops glibc from raising it.
_M_MMAP_THRESHOLD = -3
#: From this size `serve`'s blocks are mapped on their own: glibc's own starting value.
SERVE_MAPPED_FROM = 128 * 1024


def map_large_blocks(size: int = SERVE_MAPPED_FROM) -> bool:
    """Let glibc map every block of `size` bytes or more on its own, for good (see the module
    docstring). An operator's MALLOC_MMAP_THRESHOLD_ in the environment is left as it is.
    True if the size was set."""
    mallopt = _libc_function("mallopt")
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or mallopt is None:
        return False
    return mallopt(_M_MMAP_THRESHOLD, size) == 1


def give_back() -> None:
    """Return the free memory of every arena of the process to the system (glibc's
    `malloc_trim(0)`), after a job that allocated much and freed most of it."""
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


#: The size of a memory page, in which /proc/PID/statm counts.
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None = None) -> int:
    """The resident memory of process `pid` (this one by default) now, from Linux's /proc;
    0 where it cannot be read (another system, a process gone)."""
    try:
        pages = Path(f"/proc/{pid or 'self'}/statm").read_text().split()[1]
    except (OSError, IndexError):
        return 0
    return int(pages) * _PAGE


def one_copy(text: str) -> str:
    """The one string object for `text` (an IRI, a kind, a date, a language tag) that every
    structure kept in memory shares: each term pyoxigraph gives is a new string, and the
    network, the lists' facet indexes and the search index name the same entities hundreds
    of thousands of times at the 1M district (the facet indexes alone kept 375,000 copies of
    their members' IRIs there, 71 MB). Interned strings still go when nothing holds them."""
    return sys.intern(text)
