"""Memory a big job freed goes back to the system (`akteursgraph.memory.give_back`): glibc
keeps it in the arena of the thread that freed it, which is how `serve` kept 290 MiB after
the catalogue's counts at the 1M district (issue 11: 1 GiB for serve with its workers)."""

from __future__ import annotations

import threading
from pathlib import Path

from akteursgraph.memory import give_back


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
