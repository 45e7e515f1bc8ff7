"""Giving memory that a big job freed back to the system.

glibc's allocator keeps what Python and the store engine free for the next allocation, and
gives a thread's arena back only from its top: after a build that read a great deal (the
network, a list's facet index, the catalogue's counts) `serve` kept hundreds of MiB it no
longer used. At the 1M district the catalogue's counts, made in a thread, left 290 MiB
behind (828 MiB resident, 537 MiB after `malloc_trim`); issue 11 allows `serve` with its
workers 1 GiB. `give_back` asks glibc to return every free page of every arena: 2.4 ms with
the network built at the 1M district, so it is called where a big job ends, not on every
request. Elsewhere than glibc (musl, macOS) it does nothing.

`one_copy` is the other half: one string object for a text that many structures keep.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the free memory of every arena of the process to the system (glibc's
    `malloc_trim(0)`), after a job that allocated much and freed most of it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def one_copy(text: str) -> str:
    """The one string object for `text` (an IRI, a kind, a date, a language tag) that every
    structure kept in memory shares: each term pyoxigraph gives is a new string, and the
    network, the lists' facet indexes and the search index name the same entities hundreds
    of thousands of times at the 1M district (the facet indexes alone kept 375,000 copies of
    their members' IRIs there, 71 MB). Interned strings still go when nothing holds them."""
    return sys.intern(text)
