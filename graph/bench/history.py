"""The history part of the publication benchmark: an entity given 1,000 change sets through
the one write path, then its history read in-process and by the CLI, each answer counted."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.changes import ORIGIN_CORE, ChangeMeta, entity_history
from akteursgraph.commit import Writer
from akteursgraph.sparql.update import parse_update
from akteursgraph.store import Change, Store

from .probes import SKOS_LABEL, new_organisation
from .server import EXECUTABLE, child_env
from .stats import summary, timed

# ---- history -------------------------------------------------------------------------------


def _label_quad(iri: str, graph: str, label: str) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(iri), SKOS_LABEL, ox.Literal(label, language="de"), ox.NamedNode(graph)
    )


def build_history(
    store_path: Path, iri: str, graph: str, label: str, n: int, *, create: bool = False
) -> dict:
    """Give `iri` `n` change sets in all, committed in-process through the one write path:
    its creation when `create` (else it has its bulk load already), then label changes.
    Returns the time taken and the commits' median."""
    meta = ChangeMeta(author="bench", origin=ORIGIN_CORE, comment="history probe")
    store = Store.open(store_path)
    try:
        writer = Writer(store)
        t0 = time.perf_counter()
        if create:
            probe = new_organisation(iri.rsplit("/", 1)[1])
            writer.commit(parse_update(store, probe.update), meta)
            label = probe.label
        have = len(entity_history(store_path, iri))
        samples = []
        for k in range(n - have):
            new = f"Verlaufsprobe {k}"
            change = Change(
                add=[_label_quad(iri, graph, new)], remove=[_label_quad(iri, graph, label)]
            )
            t = time.perf_counter()
            writer.commit(change, meta)
            samples.append(time.perf_counter() - t)
            label = new
        return {
            "build_s": time.perf_counter() - t0,
            "commits": len(samples) + int(create),
            "commit": summary(samples),
        }
    finally:
        store.close()


def cli_history(store_path: Path, iri: str) -> tuple[float, int]:
    """`akteursgraph history IRI --format json` as a process: (seconds, entries)."""
    t = time.perf_counter()
    done = subprocess.run(
        [str(EXECUTABLE), "--store", str(store_path), "history", iri, "--format", "json"],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"akteursgraph history exit {done.returncode}: {done.stderr[-300:]}")
    return seconds, len(json.loads(done.stdout))


def time_history(store_path: Path, iri: str, n: int, reps: int) -> dict:
    """The history read, in-process and by the CLI, each answer checked to have `n` entries."""
    counted = len(entity_history(store_path, iri))
    if counted != n:
        raise RuntimeError(f"history of {iri}: {counted} entries, {n} expected")
    inproc = timed(lambda: entity_history(store_path, iri), reps)
    runs = [cli_history(store_path, iri) for _ in range(max(1, min(reps, 3)))]
    if any(count != n for _, count in runs):
        raise RuntimeError(f"akteursgraph history {iri}: {[c for _, c in runs]} entries")
    return {"iri": iri, "entries": n, "in_process": inproc, "cli": [s for s, _ in runs]}
