"""The memory of a process and its descendants (`akteursgraph serve`, its query workers, its
dump maker), read from /proc: now (VmRSS, sampled while a workload runs) and at its peak
since each process started (VmHWM).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

#: How often `RssSampler` samples.
RSS_EVERY_S = 0.05


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (from /proc's children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{p}/task"):
                with contextlib.suppress(OSError):
                    children = Path(f"/proc/{p}/task/{task}/children").read_text()
                    todo += [int(c) for c in children.split()]
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory now (VmRSS) of a process and its descendants, summed, in MiB."""
    return sum(tree_rss_by_process(pid).values())


def tree_rss_by_process(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS, MiB) of a process and each descendant, keyed by the
    process id and the last words of its command line (which part of serve it is).

    A child that has not yet replaced its program (between fork or vfork and exec: its
    command line is still its parent's) is the parent's memory, shared, and is not counted
    again: a sample that caught `serve` starting its dump maker counted `serve` twice
    (1,327 MiB, of which 560 MiB were the same pages)."""
    found: dict[str, float] = {}
    lines: dict[int, bytes] = {}
    for p in tree_pids(pid):
        with contextlib.suppress(OSError):
            lines[p] = Path(f"/proc/{p}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
            if p != pid and lines.get(parent) == lines[p]:
                continue  # not yet exec'd: its parent's memory
            name = " ".join(w.decode("utf-8", "replace") for w in lines[p].split(b"\0") if w)
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[f"{p} {name[-60:]}"] = int(line.split()[1]) / 1024
                    break
    return found


class RssSampler(threading.Thread):
    """The peak of `tree_rss_mb` while it runs, sampled every `RSS_EVERY_S`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        #: Each process's share at the peak: which part of serve the memory was in.
        self.at_peak: dict[str, float] = {}
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            parts = tree_rss_by_process(self.pid)
            if sum(parts.values()) > self.peak:
                self.peak, self.at_peak = sum(parts.values()), parts
            self.samples += 1
            self._halt.wait(RSS_EVERY_S)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)


def tree_peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its descendants, summed, in MiB."""
    total = 0
    for p in tree_pids(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
    return total / 1024
