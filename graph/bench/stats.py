"""Timing and statistics for the benchmark: samples, medians, spreads, one result row.

Kept apart from what is measured, so that every workload times the same way (wall clock,
`time.perf_counter`, n runs, median and interquartile range) and the report reads the same
fields for every row.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


@dataclass
class Row:
    """One workload next to its baseline, as saved in scale-N.json and shown in the report."""

    workload: str
    samples: list[float]  # seconds
    baseline_name: str = ""
    baseline: list[float] = field(default_factory=list)
    target: str = "—"
    target_s: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def met(self) -> str:
        if self.target_s is None or not self.samples:
            return "—"
        return "met" if self.median <= self.target_s else "**missed**"


def iqr(samples: list[float]) -> float:
    """Interquartile range; the full range below four samples (quartiles need four)."""
    if len(samples) < 4:
        return max(samples) - min(samples) if len(samples) > 1 else 0.0
    q = statistics.quantiles(samples, n=4)
    return q[2] - q[0]


def timed(fn: Callable[[], object], reps: int) -> list[float]:
    """Wall-clock seconds of `reps` calls of `fn`, one sample per call."""
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def in_threads(clients: int, work: Callable[[], None]) -> float:
    """Run `work` in `clients` threads at once; the wall-clock seconds until all ended."""
    import threading

    threads = [threading.Thread(target=work) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def median_or_none(samples: list[float] | None) -> float | None:
    return statistics.median(samples) if samples else None


def fmt_s(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def within_target(http: float, engine: float) -> bool:
    """The issue's figure for one query: over HTTP within 1.5x the engine, plus 2 ms."""
    return http <= 1.5 * engine + 0.002


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def machine() -> dict[str, str]:
    """What the figures were measured on: CPU, memory, load, versions, load generator."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("pyoxigraph", "rdflib", "pyshacl", "networkx", "SPARQLWrapper", "waitress"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    wrk = shutil.which("wrk")
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GiB",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "os": platform.platform(),
        **versions,
        "load generator": "wrk" if wrk else "Python threads (wrk not installed)",
    }


# ---- percentiles of figures that may be missing -----------------------------------------


def percentile(values: Sequence[float | None], p: float) -> float | None:
    """Nearest-rank percentile; a missing value (None: not seen in time) ranks above all.
    None when the rank falls on a missing value, or there are no values."""
    if not values:
        return None
    ranked = sorted(math.inf if v is None else v for v in values)
    value = ranked[max(0, math.ceil(p / 100 * len(ranked)) - 1)]
    return None if math.isinf(value) else value


def summary(values: Sequence[float | None]) -> dict[str, float | int | None]:
    """n, how many are missing, p50, p95 and max (None: beyond the deadline)."""
    return {
        "n": len(values),
        "missing": sum(v is None for v in values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": percentile(values, 100),
    }


def within(value: float | None, target: float) -> bool:
    return value is not None and value <= target
