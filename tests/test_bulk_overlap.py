"""A bulk load alone with its store runs beside its own checks (issue 11: "overlap the checks
with the bulk write into a staging area that no reader sees, and make it visible only once it
conforms"). The staging area is the write's checkpoint: the checks read the state before the
write from it, other processes read it meanwhile, and it is put back unless the checks pass.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from akteursgraph.changes import revert
from akteursgraph.changes.history import History
from akteursgraph.cli import cli
from akteursgraph.commit import Writer
from akteursgraph.errors import StoreError
from akteursgraph.findings import ValidationFailed
from akteursgraph.namespaces import ORG, RDF_TYPE, SCHEMA, SKOS
from akteursgraph.store import CHECKPOINT_DIR, CHECKS_GRAPH_PREFIX, Change, Store, _lines_apart

from .conftest import copy_store, dump

KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"


def _organisations(store: Store, n: int, start: int = 0) -> ox.Store:
    """`n` valid organisations in a public graph, staged in memory as a load stages a file."""
    g = ox.NamedNode(store.graph_iri("public/bulk"))
    staged = ox.Store()
    for i in range(start, start + n):
        org = ox.NamedNode(f"{store.base_iri}organisation/bulk-{i}")
        staged.extend(
            [
                ox.Quad(org, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG + "Organization"), g),
                ox.Quad(
                    org, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(f"V {i}", language="de"), g
                ),
                ox.Quad(org, ox.NamedNode(ORG + "classification"), ox.NamedNode(KIND), g),
            ]
        )
    return staged


def _broken_classification(store: Store, n: int) -> ox.Quad:
    """A classification that is text, not a term: breaks a rule of organisation `n`."""
    return ox.Quad(
        ox.NamedNode(f"{store.base_iri}organisation/bulk-{n}"),
        ox.NamedNode(ORG + "classification"),
        ox.Literal("kein Begriff"),
        ox.NamedNode(store.graph_iri("public/bulk")),
    )


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Store, "BULK_THRESHOLD", 100)


def _change_sets(store: Store) -> int:
    return len(History(store.path).recent(1_000))


@pytest.mark.usefixtures("bulk")
def test_a_bulk_load_beside_its_checks_lands_whole_and_is_recorded(vocab_store: Store) -> None:
    staged = _organisations(vocab_store, 50)
    before = _change_sets(vocab_store)
    result = Writer(vocab_store, alone=True).commit(Change(add=staged))
    assert result.added == 150
    assert set(staged) <= set(vocab_store.quads())
    assert not (vocab_store.path / CHECKPOINT_DIR).exists()
    record = History(vocab_store.path).get(result.change_id or "")
    assert (record.status, record.added) == ("applied", 150)
    assert _change_sets(vocab_store) == before + 1
    iri = f"{vocab_store.base_iri}organisation/bulk-7"
    assert History(vocab_store.path).versions([iri]) == {iri: result.change_id}


@pytest.mark.usefixtures("bulk")
def test_a_bulk_load_that_breaks_a_rule_is_written_then_taken_back_whole(
    vocab_store: Store,
) -> None:
    """The write ran while the checks found the broken statement: nothing of it stays, and
    no change set is recorded (the checks fail before the history is written)."""
    before, sets = dump(vocab_store), _change_sets(vocab_store)
    staged = _organisations(vocab_store, 50)
    last = f"{vocab_store.base_iri}organisation/bulk-49"
    staged.add(_broken_classification(vocab_store, 49))
    with pytest.raises(ValidationFailed) as refused:
        Writer(vocab_store, alone=True).commit(Change(add=staged))
    assert {f.node for f in refused.value.report.violations} == {last}
    assert dump(vocab_store) == before
    assert _change_sets(vocab_store) == sets
    assert not (vocab_store.path / CHECKPOINT_DIR).exists()
    Writer(vocab_store, alone=True).commit(Change(add=_organisations(vocab_store, 40)))


@pytest.mark.usefixtures("bulk")
def test_the_checks_read_the_state_before_the_write_and_so_does_every_other_reader(
    vocab_store: Store,
) -> None:
    before = dump(vocab_store)
    staged = _organisations(vocab_store, 50)
    seen: list[bool] = []

    def checks(state: Store) -> None:
        assert state.read_only and dump(state) == before  # the checkpoint, not the write
        with Store.open(vocab_store.path, read_only=True) as reader:  # as another process
            seen.append(dump(reader) == before)

    vocab_store.apply(Change(add=staged), alongside=checks)
    assert seen == [True]
    assert set(staged) <= set(vocab_store.quads())


@pytest.mark.usefixtures("bulk")
def test_checks_that_fail_for_any_reason_take_the_write_back(vocab_store: Store) -> None:
    before = dump(vocab_store)

    def checks(state: Store) -> None:
        raise OSError(28, "No space left on device")  # the history's disk, say

    with pytest.raises(StoreError, match="No space"):
        vocab_store.apply(Change(add=_organisations(vocab_store, 50)), alongside=checks)
    assert dump(vocab_store) == before
    assert not (vocab_store.path / CHECKPOINT_DIR).exists()


def _with_addresses(store: Store, staged: ox.Store, n: int) -> None:
    """Give the first `n` organisations of `_organisations` a postal address: a blank node,
    as a file's `schema:address [ ... ]` stages one."""
    g = ox.NamedNode(store.graph_iri("public/bulk"))
    for i in range(n):
        org = ox.NamedNode(f"{store.base_iri}organisation/bulk-{i}")
        address = ox.BlankNode()
        staged.extend(
            [
                ox.Quad(org, ox.NamedNode(SCHEMA + "address"), address, g),
                ox.Quad(address, ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "PostalAddress"), g),
                ox.Quad(address, ox.NamedNode(SCHEMA + "postalCode"), ox.Literal("10551"), g),
            ]
        )


@pytest.mark.usefixtures("bulk")
def test_a_bulk_load_keeps_its_blank_nodes_as_recorded_so_that_its_revert_undoes_it(
    vocab_store: Store,
) -> None:
    """The history records the quads the checks read; the store must hold those very quads.
    The engine's bulk loader names blank nodes anew: the addresses were stored under other
    names than recorded, and the load's revert found them gone (a conflict)."""
    before = dump(vocab_store)
    staged = _organisations(vocab_store, 50)
    _with_addresses(vocab_store, staged, 20)
    writer = Writer(vocab_store, alone=True)
    done = writer.commit(Change(add=staged))
    assert set(staged) <= set(vocab_store.quads())
    added, _ = writer.history.payload(done.change_id or "")
    assert set(ox.parse(added, format=ox.RdfFormat.N_QUADS)) == set(staged)
    revert(writer, done.change_id or "", author="ops", comment="wrong file")
    assert dump(vocab_store) == before


@pytest.mark.usefixtures("bulk")
def test_what_the_checks_put_beside_a_bulk_write_is_never_written(vocab_store: Store) -> None:
    """The checks put the context they read into the change's own staged store while the
    bulk write dumps that store (validation's CONTEXT_GRAPH, dropped after the checks). A
    dump that caught it wrote the context into the store: seen once in the full test run, as
    a load's revert that left two quads of the context graph behind. Here the staged store
    holds context from the start, as a dump that came after the checks began would see it."""
    before = dump(vocab_store)
    staged = _organisations(vocab_store, 50)
    _with_addresses(vocab_store, staged, 5)
    context = ox.NamedNode(CHECKS_GRAPH_PREFIX)
    staged.add(ox.Quad(ox.NamedNode(KIND), ox.NamedNode(RDF_TYPE), ox.NamedNode(SKOS + "Concept"),
                       context))  # fmt: skip
    staged.add(ox.Quad(ox.BlankNode(), ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "Place"),
                       ox.NamedNode(CHECKS_GRAPH_PREFIX + "-public")))  # fmt: skip
    # A blank node in the default graph is set apart too, and written under its name.
    staged.add(ox.Quad(ox.BlankNode(), ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "Place")))

    written = next(iter(_organisations(vocab_store, 1)))

    def checks(state: Store) -> None:
        # Dropped once the write has landed (as validation drops its context after the
        # checks), so that the write's dump has surely seen it.
        deadline = time.monotonic() + 60
        while written not in vocab_store.dataset and time.monotonic() < deadline:
            time.sleep(0.01)
        for graph in (context, ox.NamedNode(CHECKS_GRAPH_PREFIX + "-public")):
            staged.remove_graph(graph)

    vocab_store.apply(Change(add=staged), alongside=checks)
    graphs = {g.value for g in vocab_store.dataset.named_graphs()}
    assert not [g for g in graphs if g.startswith(CHECKS_GRAPH_PREFIX)]
    assert set(staged) <= set(vocab_store.quads())
    assert len(dump(vocab_store)) == len(before) + len(staged)


def test_a_small_write_is_checked_first_and_written_after(vocab_store: Store) -> None:
    """Below the bulk size the engine writes in one transaction: nothing to overlap."""
    staged = _organisations(vocab_store, 2)
    order: list[str] = []

    def checks(state: Store) -> None:
        assert state is vocab_store and not (set(staged) & set(state.quads()))
        order.append("checked")

    vocab_store.apply(Change(add=staged), alongside=checks)
    assert order == ["checked"] and set(staged) <= set(vocab_store.quads())


#: A child process's start: the store (argument 1) and the N-Quads file to write (argument
#: 2) staged, a bulk write from 100 quads; each script below then makes it die on its way.
_CHILD_STAGES = """
import os, shutil, sys
import pyoxigraph as ox
from akteursgraph.changes.history import History
from akteursgraph.commit import Writer
from akteursgraph.store import Change, Store

Store.BULK_THRESHOLD = 100
store = Store.open(sys.argv[1])
staged = ox.Store()
staged.load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""


def _killed_with_organisations(script: str, path: Path, tmp_path: Path) -> None:
    """`_killed_child` with 50 new organisations, staged from a file as a load stages it."""
    with Store.open(path) as store:
        data = tmp_path / "orgs.nq"
        data.write_bytes(_organisations(store, 50).dump(format=ox.RdfFormat.N_QUADS))
    _killed_child(script, path, data)


def _killed_child(script: str, path: Path, data: Path) -> None:
    """Run `_CHILD_STAGES` + `script` on the store at `path` with `data`: it must die (9)."""
    killed = subprocess.run(
        [sys.executable, "-c", _CHILD_STAGES + script, str(path), str(data)], check=False
    )
    assert killed.returncode == 9


_KILLED_AFTER_RECORDING = """
begin = History.begin
def begin_then_die(self, *args, **kwargs):
    begin(self, *args, **kwargs)  # the change set is recorded as applying ...
    os._exit(9)  # ... and the process dies before the write counts
History.begin = begin_then_die
Writer(store, alone=True).commit(Change(add=staged))
"""


@pytest.mark.usefixtures("bulk")
def test_a_load_killed_between_its_record_and_its_end_is_undone_and_marked_failed(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    path = copy_store(vocab_store_template, tmp_path)
    with Store.open(path) as store:
        before = dump(store)
        sets = _change_sets(store)
        data = tmp_path / "orgs.nq"
        data.write_bytes(_organisations(store, 50).dump(format=ox.RdfFormat.N_QUADS))
    _killed_child(_KILLED_AFTER_RECORDING, path, data)
    assert (path / CHECKPOINT_DIR).exists()
    with Store.open(path) as store:
        Writer(store)  # a writer settles what the crash left
        assert dump(store) == before
        history = History(path)
        records = history.recent(1_000)
        assert len(records) == sets + 1
        assert records[0].status == "failed"


_KILLED_WHILE_THE_CHECKPOINT_GOES = """
rmtree = shutil.rmtree
def rmtree_then_die(path, *args, **kwargs):
    # Deleting goes file by file: the checkpoint's CURRENT first, then the process dies.
    if os.path.isfile(os.path.join(path, "CURRENT")):
        os.remove(os.path.join(path, "CURRENT"))
        os._exit(9)
    return rmtree(path, *args, **kwargs)
shutil.rmtree = rmtree_then_die
store.apply(Change(add=staged))
"""


def test_a_write_killed_while_its_checkpoint_is_deleted_leaves_a_store_that_opens(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """A checkpointed write landed; then the process died while deleting the checkpoint.
    The next start took the rest of it for a checkpoint to put back, in place of the data,
    and the engine refused that folder ("Corruption: While creating a new Db, wal_dir
    contains existing log file"; seen once in the kill -9 loop of test_publish_crash). The
    checkpoint is now renamed aside before it is deleted: the write stands."""
    path = copy_store(vocab_store_template, tmp_path)
    with Store.open(path) as store:
        data = tmp_path / "orgs.nq"
        staged = _organisations(store, 50)
        data.write_bytes(staged.dump(format=ox.RdfFormat.N_QUADS))
    _killed_child(_KILLED_WHILE_THE_CHECKPOINT_GOES, path, data)
    with Store.open(path) as store:
        assert set(staged) <= set(store.quads())
    assert not (path / CHECKPOINT_DIR).exists()


_KILLED_BEFORE_THE_CHECKPOINT_GOES = """
import akteursgraph.store as store_module
def die(path):
    os._exit(9)  # the write is whole in the data, its checkpoint not yet dropped
store_module._discard_checkpoint = die
Writer(store, alone=True).commit(Change(add=staged))
"""


@pytest.mark.usefixtures("bulk")
def test_a_query_after_a_crash_reads_what_every_reader_reads(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """A write that a crash cut off counts for nothing until the next writer puts the
    checkpoint back: `export` and `stats` read the checkpoint, but `akteursgraph query` gave
    its worker the written data, and after a kill -9 in a publication counted 1,304 of
    20,000 entries being removed (exploratory test)."""
    path = copy_store(vocab_store_template, tmp_path)
    _killed_with_organisations(_KILLED_BEFORE_THE_CHECKPOINT_GOES, path, tmp_path)
    assert (path / CHECKPOINT_DIR).exists()
    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?o a org:Organization FILTER(STRSTARTS(STR(?o), '%s')) }"
    )
    with Store.open(path, read_only=True) as store:
        text = count % f"{store.base_iri}organisation/bulk-"
        assert store.data_path == path / CHECKPOINT_DIR
    for public in ([], ["--public"]):
        answer = CliRunner().invoke(
            cli, ["--store", str(path), "query", *public, "--format", "csv", text]
        )
        assert answer.exit_code == 0, answer.output
        assert answer.output.splitlines()[1:] == ["0"], answer.output
    with Store.open(path) as store:  # a writer settles it: the write is undone
        Writer(store)
    assert not (path / CHECKPOINT_DIR).exists()


@pytest.mark.usefixtures("bulk")
def test_the_cli_load_of_a_big_file_with_one_broken_statement_changes_nothing(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """`akteursgraph load` is the writer that runs its bulk write beside the checks."""
    path = copy_store(vocab_store_template, tmp_path)
    with Store.open(path) as store:
        before, sets = dump(store), _change_sets(store)
        staged = _organisations(store, 50)
        good = tmp_path / "good.nq"
        good.write_bytes(staged.dump(format=ox.RdfFormat.N_QUADS))
        staged.add(_broken_classification(store, 49))
        bad = tmp_path / "bad.nq"
        bad.write_bytes(staged.dump(format=ox.RdfFormat.N_QUADS))
    refused = CliRunner().invoke(cli, ["--store", str(path), "load", str(bad)])
    assert refused.exit_code == 1, refused.output
    assert "bulk-49" in refused.stdout + refused.stderr
    with Store.open(path, read_only=True) as store:
        assert dump(store) == before and _change_sets(store) == sets
    loaded = CliRunner().invoke(cli, ["--store", str(path), "load", str(good)])
    assert loaded.exit_code == 0, loaded.output
    with Store.open(path, read_only=True) as store:
        assert len(dump(store)) >= len(before) + 150 and _change_sets(store) == sets + 1
        assert set(_organisations(store, 50)) <= set(store.quads())


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b'<http://e/a> <http://e/p> "x" .\n',
        b"_:b <http://e/p> _:c .\n",
        b'<http://e/a> <http://e/p> "a_:b" .\n<http://e/a> <http://e/p> "y" .',
        b'<http://e/a> <http://e/p> "y" .\n_:b <http://e/p> "z" <http://g> .\n<http://e/z> <http'
        b'://e/p> "w" .\n_:b <http://e/q> _:c .',
        b'<http://e/a> <http://e/p> "y" <urn:x-akteursgraph:validation-context> .\n<http://e/'
        b'a> <http://e/p> "_:" .\n<http://e/b> <http://e/p> "x" .\n',
    ],
)
def test_the_lines_of_blank_nodes_are_set_apart_and_every_other_line_kept(text: bytes) -> None:
    plain, blank = _lines_apart(text)
    rest = b"" if plain is None else plain if isinstance(plain, bytes) else plain.read()
    lines = [line for line in text.split(b"\n") if line]
    marks = (b"_:", CHECKS_GRAPH_PREFIX.encode())
    assert all(any(m in line for m in marks) for line in blank.split(b"\n") if line)
    assert not any(m in rest for m in marks)
    assert sorted(lines) == sorted(line for line in (rest + b"\n" + blank).split(b"\n") if line)
