"""Memory a big job freed goes back to the system (`akteursgraph.memory.give_back`): glibc
keeps it in the arena of the thread that freed it, which is how `serve` kept 290 MiB after
the catalogue's counts at the 1M district (issue 11: 1 GiB for serve with its workers)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from akteursgraph.explore import facet_index
from akteursgraph.explore.lists import list_kinds
from akteursgraph.languages import LANGUAGES
from akteursgraph.memory import give_back, one_copy
from akteursgraph.network import NetworkCache
from akteursgraph.search import SearchIndex
from akteursgraph.store import Store


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_what_a_threads_job_freed_goes_back_to_the_system() -> None:
    kept: list[bytes] = []

    def job() -> None:  # 150 MB in blocks past Python's own small-object allocator
        many = [bytes(1000) + bytes([i % 256]) for i in range(150_000)]
        kept.extend(many[::500])  # a little stays, scattered, as a build's result does
        many.clear()

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    before = resident_mib()
    give_back()
    assert before - resident_mib() > 50
    assert len(kept) == 300


def test_the_lists_search_and_network_share_one_string_per_iri(store: Store) -> None:
    """Every term pyoxigraph gives is a new string: the lists' facet indexes kept 375,000
    copies of their members' IRIs at the 1M district (71 MB) before they shared one string
    per IRI (`one_copy`) with each other, the search index and the network."""
    cache = NetworkCache(store)
    network = cache.graph()
    assert cache._raw is not None
    tags = [lang for found in cache._raw.labels.values() for lang in found]
    assert tags and all(lang is one_copy(lang) for lang in tags)  # a string per language tag
    search = SearchIndex.build(store)
    for kind in list_kinds():
        facts = facet_index(store, kind).facts
        assert facts is not None
        members = {iri: iri for iri in facts.names}
        assert members, kind
        for found in facts.values.values():
            for holding in found.values():
                assert all(members[iri] is iri for iri in holding), kind
        for iri in facts.dates:
            assert members[iri] is iri
        # Only the interface languages' names: they alone sort a list.
        assert {lang for names in facts.names.values() for lang in names} <= set(LANGUAGES)
        for iri in members:
            if iri in network:
                assert network.nodes[iri]["iri"] is iri, iri
            doc = search._doc_of.get(iri)
            if doc is not None:
                assert search._docs[doc].iri is iri, iri


def _number_printed(script: str, how: str, env: dict[str, str]) -> int:
    """What `script` prints when run with the argument `how` by a fresh Python (glibc reads
    its settings at the start of a process)."""
    done = subprocess.run(
        [sys.executable, "-c", script, how], env=env, capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return int(done.stdout)


_ARENAS = """
import ctypes, sys, threading
from akteursgraph.memory import limit_arenas
if sys.argv[1] == "limited":
    assert limit_arenas(2)
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.open_memstream.restype = ctypes.c_void_p
together = threading.Barrier(8)
def job():  # eight threads, each allocating while the others are alive (an arena each)
    together.wait()
    block = libc.malloc(100_000)
    together.wait()
    libc.free(ctypes.c_void_p(block))
threads = [threading.Thread(target=job) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
text, size = ctypes.c_char_p(), ctypes.c_size_t()
stream = ctypes.c_void_p(libc.open_memstream(ctypes.byref(text), ctypes.byref(size)))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(text.value.decode().count("<heap nr="))
"""


def test_serve_lets_glibc_make_two_arenas_not_one_per_thread() -> None:
    """Each arena keeps its own freed memory: with one per thread, `serve` held 960 MiB at
    the peak of the publication benchmark at the 1M district, with two 811 MiB.
    (malloc_info lists the arenas; `serve` calls `limit_arenas` before its threads start.)"""
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert _number_printed(_ARENAS, "free", env) > 2
    assert _number_printed(_ARENAS, "limited", env) <= 2
    # An operator's own setting wins: glibc read it at start.
    assert not subprocess.run(
        [sys.executable, "-c", "from akteursgraph.memory import limit_arenas as l; "
         "raise SystemExit(l())"], env={**env, "MALLOC_ARENA_MAX": "4"}, check=False,
    ).returncode  # fmt: skip


_MAPPED = """
import ctypes, sys
from akteursgraph.memory import map_large_blocks
if sys.argv[1] == "mapped":
    assert map_large_blocks()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in "arena ordblks smblks hblks hblkhd usmblks "
                "fsmblks uordblks fordblks keepcost".split()]
libc.mallinfo2.restype = Info
libc.free(ctypes.c_void_p(libc.malloc(4_000_000)))  # a build's big block, freed
before = libc.mallinfo2().hblks  # blocks mapped on their own
block = libc.malloc(200_000)  # then a block as a later build's dict table
print(libc.mallinfo2().hblks - before)
"""


def test_serve_maps_large_blocks_on_their_own_for_good() -> None:
    """After the first large block is freed glibc serves large blocks from its heaps, where
    freed ones stay as holes: 103 MiB of them in `serve` at the 1M district after the reading
    surfaces were opened, 30 MiB with 128 KiB kept as the size from which blocks are mapped
    (`serve` calls `map_large_blocks` at start)."""
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    assert _number_printed(_MAPPED, "default", env) == 0  # glibc raised its size past 200 KB
    assert _number_printed(_MAPPED, "mapped", env) == 1
    # An operator's own setting wins: glibc read it at start.
    assert not subprocess.run(
        [sys.executable, "-c", "from akteursgraph.memory import map_large_blocks as m; "
         "raise SystemExit(m())"], env={**env, "MALLOC_MMAP_THRESHOLD_": "65536"}, check=False,
    ).returncode  # fmt: skip
