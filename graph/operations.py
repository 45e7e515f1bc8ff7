"""What the CLI and the web app do with a store, as named functions (no SPARQL in callers)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from .changes import (
    HISTORY_FILES,
    ORIGIN_INIT,
    ORIGIN_LOAD,
    ChangeMeta,
    Draft,
    default_author,
    submit,
)
from .changes.model import file_sha256
from .commit import Commit, Writer
from .config import DEFAULT_BASE_IRI
from .export import write_dataset
from .loader import LoadedFile, provenance, read_file, read_files
from .office import OfficeStart, district_file
from .office import check as check_office
from .office import publication as office_publication
from .resources import example_files, ontology_files, query
from .store import Change, Store

VOCABULARY_GRAPH = "public/vocabulary"


def init_store(
    path: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    example: bool = False,
    agent: str | None = None,
    progress: Callable[[int], None] | None = None,
    office: OfficeStart | None = None,
) -> tuple[Store, Commit]:
    """Create a store with the vocabulary (and the example data, or an office's own start:
    its districts as places, its name, coverage and logo in the publication settings; see
    `akteursgraph.office`): one validated write.

    If the write is refused, the half-made store folder is removed again, so a failed
    `init` leaves nothing behind.
    """
    office = office or OfficeStart()
    check_office(office, base_iri, example=example)
    # A history kept by `init --force` (the audit trail) stays if this init fails.
    had_history = (Path(path) / HISTORY_FILES[0]).exists()
    store = Store.create(path, base_iri)
    try:
        files = [read_file(store, f, graph=VOCABULARY_GRAPH) for f in ontology_files()]
        if example:
            files += [read_file(store, f, progress=progress) for f in example_files()]
        with district_file(store.base_iri, office) as districts:  # kept until committed
            if districts is not None:
                files.append(read_file(store, districts))
            detail = file_detail(files)
            if had_history:  # `init --force`: the data before is gone, its history stays
                detail = {**detail, "replaced_store": True}
            meta = ChangeMeta(
                author=agent or default_author(),
                origin=ORIGIN_INIT,
                comment="init --example" if example else "init",
                detail=detail,
            )
            # The operator's init never waits for review: straight to the write path.
            result = Writer(store).commit(stage_files(store, files, agent=agent), meta)
        if example:
            _example_publication(path)
        elif office.given:
            from .publish.settings import set_publication

            set_publication(path, office_publication(path, store.base_iri, office))
    except BaseException:
        store.close()
        _remove_store(path, keep_history=had_history)
        raise
    return store, result


def _example_publication(path: Path) -> None:
    """The example office's catalogue settings go with its data (docs/configuration.md)."""
    import json

    from .publish.settings import set_publication
    from .resources import example_publication_file

    set_publication(path, json.loads(example_publication_file().read_text(encoding="utf-8")))


def _remove_store(path: Path, *, keep_history: bool = False) -> None:
    import shutil

    from .store import CONFIG_FILE, DATA_DIR

    shutil.rmtree(Path(path) / DATA_DIR, ignore_errors=True)
    for name in (CONFIG_FILE, *(() if keep_history else HISTORY_FILES)):
        (Path(path) / name).unlink(missing_ok=True)


def load_files(
    store: Store, paths: Iterable[Path], *, writer: Writer | None = None, **options: Any
) -> Commit | Draft:
    """Load several files as one write: all of them land, or none does.

    `options` are those of `prepare_load`. The operator's load applies at once; with
    `draft=True` it waits for a reviewer instead.
    """
    return submit(writer or Writer(store), *prepare_load(store, paths, **options))


def prepare_load(
    store: Store,
    paths: Iterable[Path],
    *,
    graph: str | None = None,
    format_name: str | None = None,
    agent: str | None = None,
    comment: str = "",
    draft: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[Change, ChangeMeta]:
    """Read and check the files and describe the load, without writing: the change can then
    go to this process's writer or, while `serve` holds the store, to the running server.
    A store open for reading is enough."""
    files = read_files(store, paths, graph=graph, format_name=format_name, progress=progress)
    meta = ChangeMeta(
        author=agent or default_author(),
        origin=ORIGIN_LOAD,
        comment=comment,
        detail=file_detail(files),
        draft=draft,
    )
    return stage_files(store, files, agent=agent), meta


def file_detail(files: list[LoadedFile]) -> dict[str, object]:
    """The origin detail of a load: each file's name, path, SHA-256, quads and graphs."""
    return {
        "files": [
            {
                "name": f.path.name,
                "path": str(f.path.resolve()),
                "sha256": file_sha256(f.path),
                "quads": f.count,
                "graphs": list(f.graphs),
            }
            for f in files
        ]
    }


def commit_files(
    store: Store,
    files: list[LoadedFile],
    *,
    agent: str | None = None,
    meta: ChangeMeta | None = None,
    writer: Writer | None = None,
) -> Commit | Draft:
    """Files as one change set: applied at once, or a draft if `meta` asks for review."""
    meta = meta or ChangeMeta(
        author=agent or default_author(), origin=ORIGIN_LOAD, detail=file_detail(files)
    )
    return submit(writer or Writer(store), stage_files(store, files, agent=agent), meta)


def stage_files(store: Store, files: list[LoadedFile], *, agent: str | None = None) -> Change:
    """One change of several files and their provenance record, which names what the load
    still brings once the erasure journal has had its say (`_what_is_left`)."""
    # One write: the smaller files join the largest one's in-memory store.
    ordered = sorted(files, key=lambda f: f.count, reverse=True)
    staged = ordered[0].change.add
    for f in ordered[1:]:
        staged.extend(f.change.add)
    from .people.journal import Journal

    seen = len(Journal(store.path))  # counted before it is read: a later entry counts as new
    if _leave_out_erased(store, staged):
        files = [_what_is_left(store, f, staged) for f in files]
    staged.extend(provenance(store, files, agent=agent))
    return Change(add=staged, journal_seen=seen)


def _what_is_left(store: Store, loaded: LoadedFile, staged: ox.Store) -> LoadedFile:
    """`loaded` as its record names it after the journal dropped statements: the graphs that
    still receive some, and as many as they receive (from the files of this load that fill
    them). A file that brought back only an erased person's statements had a public record
    naming its file name, graph and 46 statements, though it added nothing public."""
    counts = {
        g: sum(1 for _ in staged.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        for g in loaded.graphs
    }
    public = sum(n for g, n in counts.items() if g.startswith(store.public_prefix))
    return dataclasses.replace(
        loaded,
        graphs=tuple(g for g in loaded.graphs if counts[g]),
        count=min(loaded.count, sum(counts.values())),
        public_count=min(loaded.public_count, public),
    )


def _leave_out_erased(store: Store, staged: ox.Store) -> int:
    """Nobody erased comes back by a load (an export or backup made before the erasure): what
    the erasure journal names is dropped, and said on stderr (`people.journal`). Returns how
    many statements were dropped."""
    import sys

    from .people.journal import Journal, drop_journalled

    dropped, namesakes = drop_journalled(staged, Journal(store.path))
    if dropped:
        print(
            f"akteursgraph: {dropped} Aussagen über gelöschte Personen ausgelassen "
            f"(Löschjournal) / statements about erased people left out (erasure journal)",
            file=sys.stderr,
        )
    for subject in namesakes:
        print(
            f"akteursgraph: {subject} trägt den Namen einer gelöschten Person: bitte prüfen / "
            "carries the name of an erased person: please check",
            file=sys.stderr,
        )
    return dropped


def export(store: Store, out: IO[bytes], *, fmt: str = "trig", public_only: bool = False) -> int:
    """Write a dump; quad formats keep graphs, triple formats merge them. Returns the count."""
    graphs = store.public_graphs() if public_only else store.named_graphs()
    return write_dataset(store.dataset, [ox.NamedNode(g) for g in graphs], out, fmt)


def stats(store: Store) -> dict[str, object]:
    """Counts for people and scripts: triples, graphs with visibility, entities per class."""
    graphs = [
        {
            "graph": row["graph"].value,
            "visibility": "public"
            if row["graph"].value.startswith(store.public_prefix)
            else "internal",
            "triples": int(row["triples"].value),
        }
        for row in store.select(query("stats-graphs"))
    ]
    classes = [
        {"class": row["class"].value, "count": int(row["count"].value)}
        for row in store.select(query("stats-classes"))
    ]
    return {
        "store": str(store.path),
        "base_iri": store.base_iri,
        "quads": len(store),
        "graphs": graphs,
        "classes": classes,
    }
