"""Bad files: each is refused with the place and the rule, in German and English, and the
store stays exactly as it was."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.errors import InvalidDataError, StoreError, UsageError
from akteursgraph.loader import read_file, read_files
from akteursgraph.operations import load_files
from akteursgraph.store import Store

from .conftest import dump

TRIPLE = (
    "<https://w3id.org/akteursgraph/mitte/example/x> "
    '<http://www.w3.org/2000/01/rdf-schema#label> "x" .'
)

GRAPH = "https://w3id.org/akteursgraph/mitte/graph/public/test"
SYNTAX_ERRORS = {
    "broken.ttl": ('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n', 2),
    "broken.nt": (TRIPLE + "\n" + "<http://a> <http://b> .\n", 2),
    "broken.nq": (f'{TRIPLE}\n\n<http://a> <http://b> <http://c> <{GRAPH}> "x" .\n', 3),
    "broken.trig": (f"<{GRAPH}> {{\n <http://a> <http://b> .\n}}\n", 2),
    "broken.jsonld": ('{"@id": "http://a",\n "http://b": [ }\n', 2),
    "broken.rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="http://a"><unclosed>\n</rdf:RDF>\n',
        None,
    ),
}


def refused(store: Store, path: Path, error: type[Exception] = InvalidDataError) -> Exception:
    before = dump(store)
    with pytest.raises(error) as caught:
        load_files(store, [path], agent="test")
    assert dump(store) == before, "a refused load changed the store"
    exc = caught.value
    assert exc.de and exc.en and exc.de != exc.en  # type: ignore[attr-defined]
    assert str(path) in (exc.where or "")  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_error_names_file_and_line(vocab_store: Store, tmp_path: Path, name: str) -> None:
    text, line = SYNTAX_ERRORS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    exc = refused(vocab_store, path)
    assert "Syntaxfehler" in exc.de and "syntax error" in exc.en  # type: ignore[attr-defined]
    if line is not None:
        assert exc.where.startswith(f"{path}:{line}")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('<http://a> <http://b> "c"\n<http://a> <http://b> "d" .\n',
         "Zeile 2, Spalte 1: Am Ende der Aussage fehlt der Punkt"),
        ('ex:a ex:b "c" .\n', "Das Präfix „ex:“ ist nicht deklariert"),
        ('<http://a> <http://b> "c', "Die Datei endet mitten in einer Aussage"),
    ],
)  # fmt: skip
def test_a_syntax_error_is_said_in_german_too(
    vocab_store: Store, tmp_path: Path, text: str, said: str
) -> None:
    """The German line carried the parser's English: "Syntaxfehler (Turtle): Parser error at
    line 4 between columns 1 and 13: A dot is expected at the end of statements"
    (exploratory test). The English line keeps the parser's words."""
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    exc = refused(vocab_store, path)
    assert said in exc.de, exc.de  # type: ignore[attr-defined]
    assert "Parser error" not in exc.de and "Parser error" in exc.en  # type: ignore[attr-defined]


def test_unknown_file_type(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "organisations.xlsx"
    path.write_bytes(b"PK\x03\x04")
    exc = refused(vocab_store, path, UsageError)
    assert "Unbekannter Dateityp" in exc.de and "Unknown file type" in exc.en  # type: ignore[attr-defined]


def test_a_folder_is_named_a_folder(vocab_store: Store, tmp_path: Path) -> None:
    """Audit: `load DIR` said "Unknown file type '(no extension)'"."""
    folder = tmp_path / "data.ttl"  # a folder named like a file, too
    for path in (tmp_path / "exports", folder):
        path.mkdir()
        exc = refused(vocab_store, path, UsageError)
        assert "ist ein Ordner" in exc.de and "is a folder" in exc.en  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bom.ttl", f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n{TRIPLE}\n"),
        ("bom.nt", TRIPLE + "\n"),
        ("bom.jsonld", '{"@id": "https://w3id.org/akteursgraph/mitte/example/x",'
                       ' "http://www.w3.org/2000/01/rdf-schema#label": "x"}'),
    ],
)  # fmt: skip
def test_a_byte_order_mark_from_a_windows_editor_is_read_past(
    vocab_store: Store, tmp_path: Path, name: str, text: str
) -> None:
    """Audit: a Turtle file saved with a BOM was refused for an invisible character at 1:1."""
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = load_files(vocab_store, [path], graph="internal/notes", agent="test")
    assert result.added >= 1


def test_a_value_too_long_for_the_parser_is_named_with_the_file(
    vocab_store: Store, tmp_path: Path
) -> None:
    """Exploratory test: a literal of 17 MB was "an unexpected error: MemoryError(...)" (the
    parser's bound for one value), naming neither the file nor the limit."""
    huge = tmp_path / "huge.ttl"
    huge.write_text('<http://a/s> <http://a/p> "' + "x" * (17 * 1024**2) + '" .\n')
    before = dump(vocab_store)
    with pytest.raises(InvalidDataError) as caught:
        read_file(vocab_store, huge, graph="internal/huge")
    assert caught.value.where == str(huge)
    assert "too long" in caught.value.en and "16 MB" in caught.value.en
    assert dump(vocab_store) == before


def test_empty_file(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.ttl"
    path.write_bytes(b"")
    exc = refused(vocab_store, path)
    assert "leer" in exc.de and "empty" in exc.en  # type: ignore[attr-defined]


def test_file_with_only_prefixes_has_no_triples(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "prefixes.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n# nothing else\n")
    exc = refused(vocab_store, path)
    assert "keine Tripel" in exc.de  # type: ignore[attr-defined]


def test_200_mb_file_is_refused_without_reading_it(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.nt"
    with path.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    exc = refused(vocab_store, path, UsageError)
    assert "zu groß" in exc.de and "AKTEURSGRAPH_MAX_LOAD_BYTES" in exc.en  # type: ignore[attr-defined]


def test_large_file_streams_and_an_error_at_its_end_changes_nothing(
    vocab_store: Store, tmp_path: Path
) -> None:
    """A few MB of valid N-Triples with one bad line at the very end: nothing lands."""
    path = tmp_path / "big.nt"
    lines = 60_000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            fh.write(
                f"<https://w3id.org/akteursgraph/mitte/example/n{i}> "
                f'<http://www.w3.org/2000/01/rdf-schema#label> "n{i}" .\n'
            )
        fh.write("<http://broken> .\n")
    assert path.stat().st_size > 4_000_000
    exc = refused(vocab_store, path)
    assert exc.where.startswith(f"{path}:{lines + 1}")  # type: ignore[attr-defined]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="http://example.org/a"><rdfs:label>&lol5;</rdfs:label></rdf:Description>
</rdf:RDF>
"""


def test_rdfxml_with_dtd_is_refused_before_parsing(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "lolz.rdf"
    path.write_text(BILLION_LAUGHS)
    exc = refused(vocab_store, path)
    assert "DOCTYPE" in exc.de and "billion laughs" in exc.en  # type: ignore[attr-defined]


def test_a_dtd_after_a_long_comment_is_refused_too(vocab_store: Store, tmp_path: Path) -> None:
    """Issue 13, item 9: only the first 64 KB were read, so a 70 KB comment got it past."""
    path = tmp_path / "lolz.rdf"
    head, rest = BILLION_LAUGHS.split("\n", 1)
    path.write_text(head + "\n<!-- " + "x" * 70_000 + " -->\n" + rest)
    exc = refused(vocab_store, path)
    assert "DOCTYPE" in exc.de and exc.where == str(path)  # type: ignore[attr-defined]


def test_an_entity_declaration_anywhere_in_any_encoding_is_refused(
    vocab_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "late.rdf"
    body = BILLION_LAUGHS.replace("<!DOCTYPE lolz [", "").replace("]>", "")
    late = body.replace("</rdf:RDF>", "<!-- " + "y" * 2_100_000 + " -->\n</rdf:RDF>")
    path.write_text(late.replace("</rdf:RDF>", '<!ENTITY e "x">\n</rdf:RDF>'))
    assert path.stat().st_size > 2_000_000  # past the first block the scan reads
    assert "ENTITY" in refused(vocab_store, path).en  # type: ignore[attr-defined]
    utf16 = tmp_path / "lolz16.rdf"
    utf16.write_bytes(BILLION_LAUGHS.encode("utf-16"))
    assert "DOCTYPE" in refused(vocab_store, utf16).en  # type: ignore[attr-defined]


def _nested(levels: int) -> str:
    return (
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:p " + "[ ex:p " * levels + "ex:b" + " ]" * levels + " .\n"
    )


@pytest.mark.parametrize("levels", [65, 100_000])
def test_blank_nodes_nested_too_deeply_are_refused(
    vocab_store: Store, tmp_path: Path, levels: int
) -> None:
    """Issue 13, item 9: a million levels loaded, then every write touching it took 19 s."""
    path = tmp_path / "deep.ttl"
    path.write_text(_nested(levels))
    exc = refused(vocab_store, path)
    assert "zu tief verschachtelt" in exc.de and "at most 64" in exc.en  # type: ignore[attr-defined]


def test_a_refusal_of_deep_nesting_holds_no_engine_iterator(
    vocab_store: Store, tmp_path: Path
) -> None:
    """An engine iterator may only be dropped on the thread that made it. The refusal's
    traceback held the query's answer in a frame (a local kept for a generator over it);
    kept in a cycle, the collector dropped it on a thread of the next parallel load, which
    failed with "QuerySolutions is unsendable" (CI)."""
    path = tmp_path / "deep.ttl"
    path.write_text(_nested(65))
    with pytest.raises(InvalidDataError) as caught:
        read_file(vocab_store, path)
    held, tb = [], caught.value.__traceback__
    while tb is not None:
        held += [type(v).__name__ for v in tb.tb_frame.f_locals.values()
                 if type(v).__module__ == "pyoxigraph" and not isinstance(v, ox.BlankNode)
                 and type(v).__name__.endswith(("Solutions", "Iter", "Triples"))]  # fmt: skip
        tb = tb.tb_next
    assert held == []


def test_nesting_within_the_bound_and_long_lists_load(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fine.ttl"
    items = " ".join(f'"{i}"' for i in range(1000))  # a list is long, not deep
    path.write_text(_nested(64) + f"<http://example.org/c> <http://example.org/l> ({items}) .\n")
    load_files(vocab_store, [path], graph="internal/nesting")
    assert len(vocab_store) > 1000


def test_a_cycle_of_blank_nodes_is_refused(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cycle.nq"
    path.write_text(
        "_:a <http://example.org/p> _:b <https://w3id.org/akteursgraph/mitte/graph/internal/x> .\n"
        "_:b <http://example.org/p> _:a <https://w3id.org/akteursgraph/mitte/graph/internal/x> .\n"
    )
    assert "∞" in refused(vocab_store, path).en  # type: ignore[attr-defined]


def test_jsonld_remote_context_is_never_fetched(vocab_store: Store, tmp_path: Path) -> None:
    """A listener on loopback stands in for the remote host; it must see no connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    port = server.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):  # the timeout: nobody came, as it should be
            connections.append(server.accept())

    thread = threading.Thread(target=accept)
    thread.start()
    path = tmp_path / "remote.jsonld"
    path.write_text(
        f'{{"@context": ["http://127.0.0.1:{port}/context.jsonld", '
        '{"name": "http://schema.org/name"}], "@id": "http://example.org/a", "name": "A"}'
    )
    exc = refused(vocab_store, path)
    thread.join()
    server.close()
    assert connections == []
    assert "@context" in exc.en and "nicht geladen" in exc.de  # type: ignore[attr-defined]


def test_jsonld_with_inline_context_loads(vocab_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text(
        '{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"},'
        ' "@id": "https://w3id.org/akteursgraph/mitte/example/note", "label": "Notiz"}'
    )
    result = load_files(vocab_store, [path], graph="internal/notes", agent="test")
    assert result.added >= 1


def test_named_graph_outside_the_visibility_scheme_is_refused(
    vocab_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "foreign.trig"
    path.write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }")
    exc = refused(vocab_store, path)
    assert "graph/public/" in exc.en  # type: ignore[attr-defined]


def test_several_files_are_one_write(vocab_store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(
        "<https://w3id.org/akteursgraph/mitte/example/note> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "ok" .\n'
    )
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle\n")
    before = dump(vocab_store)
    with pytest.raises(InvalidDataError):
        load_files(vocab_store, [good, bad], agent="test")
    assert dump(vocab_store) == before


def test_each_load_has_a_record_of_its_own(vocab_store: Store, tmp_path: Path) -> None:
    """Two loads of one file within a second had one record (its IRI names the second and
    the file), with two agents and the first load's count: the meta showed one load, and a
    revert of the first would have taken the second's record too (exploratory test). So
    for two files of one name in one load."""
    note = (
        "<https://w3id.org/akteursgraph/mitte/example/note{}> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "ok" .\n'
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "note.ttl", tmp_path / "b" / "note.ttl"
    first.write_text(note.format(1))
    second.write_text(note.format(2))
    for files in ([first], [first], [first, second]):
        load_files(vocab_store, files, agent="test")
    activity = "http://www.w3.org/ns/prov#Activity"
    loads = sorted(
        q.subject.value
        for q in vocab_store.quads(None, None, None)
        if q.object.value == activity and "-note" in q.subject.value
    )
    assert len(loads) == 4, loads
    for iri in loads:
        said = list(vocab_store.quads(ox.NamedNode(iri), None, None))
        assert sum(q.predicate.value.endswith("wasAssociatedWith") for q in said) == 1, iri
        assert sum(q.predicate.value.endswith("startedAtTime") for q in said) == 1, iri


def test_two_loads_staged_at_once_have_records_of_their_own(
    vocab_store: Store, tmp_path: Path
) -> None:
    """Two loads sent to the running server at once both found the record's IRI free, before
    either was written, and the second's record merged into the first's (re-check of
    dc0f9a4): the IRI names the load's time to the microsecond."""
    from akteursgraph.loader import provenance

    path = tmp_path / "note.ttl"
    path.write_text(
        "<https://w3id.org/akteursgraph/mitte/example/note> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "ok" .\n'
    )
    loaded = read_file(vocab_store, path)
    first, second = (
        {q.subject.value for q in provenance(vocab_store, [loaded], agent="test")} for _ in range(2)
    )
    assert first and second and not first & second


def test_store_path_that_is_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    from akteursgraph.operations import init_store

    with pytest.raises(StoreError) as caught:
        init_store(blocker / "store")
    assert str(blocker) in caught.value.where  # type: ignore[operator]


def _turtle(path: Path, n: int) -> Path:
    path.write_text(
        "".join(
            f"<https://w3id.org/akteursgraph/mitte/example/n{n}-{i}> "
            f'<http://www.w3.org/2000/01/rdf-schema#label> "{i}" .\n'
            for i in range(20_000)
        ),
        encoding="utf-8",
    )
    return path


def test_several_files_are_read_side_by_side_each_as_alone(
    vocab_store: Store, tmp_path: Path
) -> None:
    paths = [_turtle(tmp_path / f"f{n}.ttl", n) for n in range(3)]
    threads: set[str] = set()
    inside = [0]
    overlapped: list[bool] = []

    def progress(n: int) -> None:
        inside[0] += 1
        overlapped.append(inside[0] > 1)
        threads.add(threading.current_thread().name)
        time.sleep(0.001)
        inside[0] -= 1

    together = read_files(vocab_store, paths, progress=progress)
    alone = [read_file(vocab_store, p) for p in paths]
    assert [f.path for f in together] == paths  # in their order
    assert [(f.count, f.graphs, f.public_count) for f in together] == [
        (f.count, f.graphs, f.public_count) for f in alone
    ]
    assert len(threads) > 1, "the files were read one after the other"
    assert overlapped and not any(overlapped), "the progress bar was moved from two threads"


def test_of_several_bad_files_the_first_in_order_is_named(
    vocab_store: Store, tmp_path: Path
) -> None:
    good = _turtle(tmp_path / "good.ttl", 0)
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    first.write_text("this is not turtle\n")
    second.write_text("<http://a> <http://b> .\n")
    with pytest.raises(InvalidDataError) as caught:
        read_files(vocab_store, [good, first, second])
    assert caught.value.where.startswith(str(first))


def test_the_load_record_names_who_loaded_without_the_blanks_typed(
    vocab_store: Store, tmp_path: Path
) -> None:
    """Walk of 2026-12-07: `load --agent "  Otto Operator "` recorded the change set's author
    as "Otto Operator" but the load record in the data as "  Otto Operator "; two spellings
    of one person."""
    path = tmp_path / "note.ttl"
    path.write_text(
        "<https://w3id.org/akteursgraph/mitte/example/note1> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "ok" .\n'
    )
    load_files(vocab_store, [path], agent="  Otto Operator \t")
    names = {
        q.object.value
        for q in vocab_store.quads(None, ox.NamedNode("http://xmlns.com/foaf/0.1/name"), None)
    }
    assert "Otto Operator" in names and not any(n != n.strip() for n in names), names
