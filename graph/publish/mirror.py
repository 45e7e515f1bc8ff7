"""The public mirror: an on-disk store that has only ever received public data.

Why a store of its own, and not a copy of the main store with the internal graphs deleted:
the engine never removes a string from its dictionary, so such a copy would keep every
internal name, address and note in its files. The mirror is made once from the main store's
public graphs (the bulk loader, in slices, so memory stays bounded) and from then on receives
each commit's public delta, in one transaction where the engine allows it.

Whether the mirror may be trusted at start-up is written in a small marker beside it
(`public-mirror.json`, replaced atomically): the mirror's version and size, whether a process
has it in use (after a kill -9 that is still written there, so the next start-up rebuilds it),
and a fingerprint of the main store's files taken when both were closed in step. A CLI write
between two runs of the server changes those files, so the mirror is rebuilt then too.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from ..snapshot import write_atomically
from ..store import DATA_DIR, Change, Store, bulk_extend_in_slices

MIRROR_DIR = "public-mirror"
MARKER_FILE = "public-mirror.json"
#: 2: the mirror holds the inferred graph (`inference`); a mirror of format 1 is rebuilt.
FORMAT = 2


@dataclass
class Marker:
    """What the mirror's last user left written about it."""

    version: int = 0
    #: A process has the mirror open and publishes into it; if that is read at start-up, the
    #: process died, maybe between a commit and its publication: rebuild.
    in_use: bool = True
    #: `main_fingerprint` of the main store when the mirror was last closed in step with it.
    main_files: str | None = None
    #: How many quads the mirror held then: a mirror whose files were damaged or removed
    #: (the engine would open an empty one) does not pass for the old one.
    quads: int | None = None
    #: `Hierarchy.fingerprint` the inferred graph was derived with: a new vocabulary (an
    #: update of the product) derives it again at start-up.
    hierarchy: str | None = None
    format: int = FORMAT

    @classmethod
    def read(cls, store_path: Path) -> Marker | None:
        try:
            data = json.loads((Path(store_path) / MARKER_FILE).read_text(encoding="utf-8"))
            marker = cls(**data)
        except (FileNotFoundError, ValueError, TypeError):
            return None
        return marker if marker.format == FORMAT else None

    def write(self, store_path: Path) -> None:
        write_atomically(Path(store_path) / MARKER_FILE, json.dumps(asdict(self)) + "\n")


def mirror_path(store_path: Path) -> Path:
    return Path(store_path) / MIRROR_DIR


def main_fingerprint(store_path: Path) -> str:
    """The main store's files (name, size, modification time), as one digest.

    Any write changes them (a new log, a new table file, a longer manifest), and so does
    opening the store for writing; a read-only opening does not. Taken when the main store is
    closed, it says at the next start-up whether anything wrote to it in between. The
    engine's own diagnostics log is left out: it says nothing about the data. A table file
    the engine merged away between the listing and its reading counts as not there (closing
    the app failed on one): the next start-up sees the files as they are then, and a
    difference only costs a rebuild of the mirror.
    """
    digest = hashlib.sha256()
    data = Path(store_path) / DATA_DIR
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("LOG") or entry.name == "LOCK":
            continue
        try:
            stat = entry.stat()
        except FileNotFoundError:
            continue
        digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build_mirror(store: Store, target: Path) -> ox.Store:
    """A new mirror at `target` from the main store's public graphs, and nothing else.

    The quads pass as engine objects, not as a serialisation: a parser would give blank
    nodes new names, and the mirror must know them by the main store's names so that a later
    change can remove a statement about one.
    """
    shutil.rmtree(target, ignore_errors=True)
    mirror = ox.Store(str(target))
    bulk_extend_in_slices(mirror, store.dump_quads(public_only=True))
    mirror.flush()
    return mirror


def compact(mirror: ox.Store) -> None:
    """Merge the mirror's table files into one sorted run, before a snapshot links them.

    Each slice of the bulk loader adds its own table files, which overlap the others' keys,
    so a read must look into every one of them: the gallery on a snapshot of a mirror built
    in slices took 1.7x as long as on the same data compacted (1.42M-quad district, 6 heavy
    queries: 20.2 s against 12.0 s). A snapshot is never written, so the engine would never
    compact it later. Compaction costs about 1 s at 1M public quads and leaves the
    interpreter lock free meanwhile; it is done after the bulk loader only, since a small
    delta adds one small file that the engine merges on its own.
    """
    mirror.optimize()


@dataclass
class PublicDelta:
    """The public part of a change: what the mirror must receive."""

    add: list[ox.Quad] | ox.Store
    add_count: int
    remove: list[ox.Quad]

    def added(self) -> Iterator[ox.Quad]:
        if isinstance(self.add, list):
            return iter(self.add)
        # A load's in-memory store: its public graphs only, quads never all in a list.
        return itertools.chain.from_iterable(
            self.add.quads_for_pattern(None, None, None, g) for g in self.add.named_graphs()
        )

    def __len__(self) -> int:
        return self.add_count + len(self.remove)


def public_delta(store: Store, change: Change) -> PublicDelta:
    """The quads of `change` that are in public graphs (removals included)."""
    remove = [q for q in change.remove if store.is_public_graph(q.graph_name)]
    if isinstance(change.add, list):
        add = [q for q in change.add if store.is_public_graph(q.graph_name)]
        return PublicDelta(add, len(add), remove)
    public_graphs = [g for g in change.add.named_graphs() if store.is_public_graph(g)]
    if len(public_graphs) == len(list(change.add.named_graphs())) and not any(
        True for _ in change.add.quads_for_pattern(None, None, None, ox.DefaultGraph())
    ):
        return PublicDelta(change.add, len(change.add), remove)  # all public: no copy
    public = ox.Store()
    for g in public_graphs:
        public.extend(change.add.quads_for_pattern(None, None, None, g))
    return PublicDelta(public, len(public), remove)


def has_blank_node(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def apply_delta(mirror: ox.Store, delta: PublicDelta, *, bulk_from: int) -> None:
    """Write a public delta into the mirror.

    Small deltas without blank nodes go in one SPARQL update, one transaction. SPARQL cannot
    name a blank node in DELETE DATA, and INSERT DATA gives every blank node a new name; so a
    delta with blank nodes is removed quad by quad and added by `extend` (one transaction),
    and a large one through the bulk loader. Those two ways are not one transaction: the
    caller takes a snapshot only after this returns, so no reader sees a part, and rebuilds
    the mirror if it raises.
    """
    if delta.add_count >= bulk_from:
        for q in delta.remove:
            mirror.remove(q)
        bulk_extend_in_slices(mirror, delta.added())
    elif any(has_blank_node(q) for q in delta.remove) or any(
        has_blank_node(q) for q in delta.added()
    ):
        for q in delta.remove:
            mirror.remove(q)
        mirror.extend(list(delta.added()))
    else:
        # One update is one transaction. The text is the parsed terms' N-Triples forms.
        mirror.update(  # sparql-from: parsed terms of the committed change
            "DELETE DATA {" + _quads_block(delta.remove) + "};\n"
            "INSERT DATA {" + _quads_block(delta.added()) + "}"
        )


def _quads_block(quads: Iterable[ox.Quad]) -> str:
    return "\n".join(
        f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} . }}" for q in quads
    )
