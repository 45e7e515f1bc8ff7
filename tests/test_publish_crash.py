"""kill -9 during publication leaves the public side at the old version or the new, never a
mix, and the next start-up brings it in step with the main store (issue 11).

A child process opens a copy of the example store as the server does, commits one change
with public additions and removals, and publishes it; the test kills it at varied moments:
anywhere from just before the commit to after it, and within the publication itself. Then
the current snapshot must hold exactly the old public quads or exactly the new ones, and a
start-up must leave the snapshot equal to the main store's public quads (a mirror the child
left in use is rebuilt). Every other round removes statements with blank nodes, which the
mirror takes quad by quad, not in one transaction.
"""

from __future__ import annotations

import contextlib
import os
import random
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.publish import Publisher
from akteursgraph.publish.inference import inferred_quads
from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Store

from .conftest import served_once

BASE = "https://w3id.org/akteursgraph/mitte/"
PUBLIC = ox.NamedNode(BASE + "graph/public/staff")
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ROUNDS = 24

CHILD = r"""
import sys
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.commit import Writer
from akteursgraph.publish import Publisher
from akteursgraph.store import Change, Store

path, add_file, remove_file = map(Path, sys.argv[1:4])
publisher = Publisher.before_open(path)
store = Store.open(path)
publisher.start(store)
writer = Writer(store)


def publish(commit):
    print("publishing", flush=True)
    publisher.publish(commit)
    print("published", flush=True)


writer.subscribe("public snapshot", publish)
add = list(ox.parse(path=add_file, format=ox.RdfFormat.N_QUADS))
remove = list(ox.parse(path=remove_file, format=ox.RdfFormat.N_QUADS))
print("ready", flush=True)
writer.commit(Change(add=add, remove=remove))
store.close()
publisher.close()
print("done", flush=True)
"""


def public_quads(store: Store) -> frozenset[str]:
    """The public graphs and the inferred graph derived from them."""
    quads = {str(q) for q in store.dump_quads(public_only=True)}
    return frozenset(quads | {str(q) for q in inferred_quads(store)})


def recorded(quads: frozenset[str]) -> frozenset[str]:
    """The statements outside the inferred graph."""
    return frozenset(q for q in quads if not q.endswith(f"<{BASE}graph/inferred>"))


def snapshot_quads(path: Path | None) -> frozenset[str]:
    assert path is not None
    opened = ox.Store.read_only(str(path))
    try:
        return frozenset(str(q) for q in opened)
    finally:
        del opened


def the_change(store: Store, blank: bool) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """A few hundred new public statements, and some removed: descriptions of existing
    organisations, or (with `blank`) their addresses, which are blank nodes."""
    add = []
    for n in range(60):
        s = ox.NamedNode(f"{BASE}example/organisation/absturz-{n}")
        add += [
            ox.Quad(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG + "Organization"), PUBLIC),
            ox.Quad(s, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(f"Absturz {n}", language="de"),
                    PUBLIC),
            ox.Quad(s, ox.NamedNode(ORG + "classification"),
                    ox.NamedNode("https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"),
                    PUBLIC),
        ]  # fmt: skip
    predicate = "https://schema.org/address" if blank else "http://purl.org/dc/terms/description"
    remove = []
    for q in store.dump_quads(public_only=True):
        if q.predicate.value == predicate and len(remove) < 12:
            remove.append(q)
            if blank:
                remove += store.quads(q.object, None, None, q.graph_name)  # the address node
    return add, remove


def lines_until(proc: subprocess.Popen[str], wanted: str, timeout: float = 30) -> list[str]:
    assert proc.stdout is not None
    seen: list[str] = []
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not sel.select(timeout=deadline - time.monotonic()):
                break
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line.strip())
            if seen[-1] == wanted:
                return seen
    errors = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"the child never said {wanted!r}: {seen} {errors}")


def run_child(path: Path, files: tuple[Path, Path]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), *map(str, files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_kill_during_publication_leaves_old_or_new(
    example_store_path: Path, tmp_path: Path
) -> None:
    served_once(example_store_path)
    versions = {}
    for blank in (False, True):
        with Store.open(example_store_path, read_only=True) as store:
            old = public_quads(store)
            add, remove = the_change(store, blank)
        files = (tmp_path / f"add-{blank}.nq", tmp_path / f"remove-{blank}.nq")
        files[0].write_bytes(ox.serialize(add, format=ox.RdfFormat.N_QUADS) or b"")
        files[1].write_bytes(ox.serialize(remove, format=ox.RdfFormat.N_QUADS) or b"")
        assert len(remove) >= 12
        # A round without a kill: how long the commit and the publication take.
        work = tmp_path / f"calibrate-{blank}"
        shutil.copytree(example_store_path, work)
        with run_child(work, files) as proc:
            lines_until(proc, "ready")
            began = time.monotonic()
            lines_until(proc, "publishing")
            committed = time.monotonic()
            lines_until(proc, "done")
            finished = time.monotonic()
            proc.wait(timeout=30)
        with Store.open(work, read_only=True) as done:
            new = public_quads(done)  # with the inferred graph as it follows from the change
        assert snapshot_quads(current_snapshot(work)) == new
        assert recorded(new) == (recorded(old) | {str(q) for q in add}) - {str(q) for q in remove}
        assert new != old
        versions[blank] = (old, new, files, committed - began, finished - committed)
        print(f"blank nodes {blank}: commit {committed - began:.3f} s, "
              f"publication and close {finished - committed:.3f} s")  # fmt: skip

    rng = random.Random(11)
    outcomes: Counter[str] = Counter()
    for round_ in range(ROUNDS):
        blank = bool(round_ % 2)
        old, new, files, commit_time, publish_time = versions[blank]
        work = tmp_path / f"round-{round_}"
        shutil.copytree(example_store_path, work)
        with run_child(work, files) as proc:
            if round_ % 4 < 2:  # anywhere from before the commit to after the publication
                lines_until(proc, "ready")
                time.sleep(rng.uniform(0, 1.3 * (commit_time + publish_time)))
            else:  # within the publication
                lines_until(proc, "publishing")
                time.sleep(rng.uniform(0, 1.2 * publish_time))
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)

        seen = snapshot_quads(current_snapshot(work))
        assert seen in (old, new), f"round {round_}: a mix of old and new"
        # The next start-up: the snapshot follows the main store, whichever version it holds.
        publisher = Publisher.before_open(work)
        store = Store.open(work)
        try:
            repaired = publisher.start(store)
            main = public_quads(store)
            assert main in (old, new), f"round {round_}: the main store holds a mix"
            assert snapshot_quads(repaired) == main, f"round {round_}: not repaired"
        finally:
            store.close()
            publisher.close()
        outcomes[("snapshot new" if seen == new else "snapshot old")
                 + (", main new" if main == new else ", main old")] += 1  # fmt: skip
        shutil.rmtree(work)
    # The kills fell on both sides of the publication.
    assert outcomes["snapshot old, main old"] and outcomes["snapshot new, main new"], outcomes
    print(dict(outcomes))
