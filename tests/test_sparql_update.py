"""SPARQL Update's data forms as staff send them (`sparql.update.parse_update`): what the
grammar allows is read, and a syntax error names its place in the text as sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from akteursgraph.errors import InvalidDataError
from akteursgraph.sparql.update import parse_update
from akteursgraph.store import Store

G = "<https://w3id.org/akteursgraph/mitte/graph/internal/x>"
H = "<https://w3id.org/akteursgraph/mitte/graph/internal/y>"


@pytest.fixture(scope="module")
def store(example_store_template: Path) -> Iterator[Store]:
    with Store.open(example_store_template, read_only=True) as opened:
        yield opened


@pytest.mark.parametrize(
    ("update", "added"),
    [
        # SPARQL's Quads: a "." may follow a GRAPH block (it is no TriG)
        (f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" }} . GRAPH {H} {{ <a:s> <a:p> "y" }} }}', 2),
        (f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" }} . }}', 1),
        # a dot and braces inside a literal are no part of the grammar
        (f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "a }} . b" }} }}', 1),
    ],
)
def test_the_quad_data_sparql_allows_is_read(store: Store, update: str, added: int) -> None:
    """Exploratory test: `GRAPH <g> {…} . GRAPH <h> {…}`, valid SPARQL 1.1, was refused as
    a syntax error (the block was read as TriG, which has no such dot)."""
    assert len(parse_update(store, update).add) == added


def test_triples_outside_a_graph_are_refused_for_their_graph_with_or_without_a_dot(
    store: Store,
) -> None:
    """Exploratory test: without a final dot (valid SPARQL) the refusal was "Unexpected end
    (line 24)", not the rule it breaks; a triple of full IRIs and a string, blanked by the
    check for text outside a graph, was refused as "Triples should be followed by a dot"
    (exploratory test), alone or after a GRAPH block."""
    after_a_graph = f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" }} . <a:s> <a:p> "y" }}'
    for update in ("INSERT DATA { <a:s> a org:Organization }",
                   "INSERT DATA { <a:s> a org:Organization . }",
                   'INSERT DATA { <http://x/a> <http://x/p> "x" }',
                   after_a_graph):  # fmt: skip
        with pytest.raises(InvalidDataError) as caught:
            parse_update(store, update)
        assert "braucht einen Graphen" in caught.value.de and "needs a graph" in caught.value.en


def test_a_syntax_error_names_the_line_and_column_as_sent(store: Store) -> None:
    """Exploratory test: the error on line 4 was said to be on line 27 (the predeclared
    prefixes counted), and on a one-line update the column was counted from the block."""
    update = "\n".join(
        ["PREFIX ex: <http://ex/>", "INSERT DATA {", f"  GRAPH {G} {{",
         '    <a:s> <a:p> "x" "y" .', "  }", "}"]
    )  # fmt: skip
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, update)
    assert "line 4 between columns 21 and 24" in caught.value.en, caught.value.en
    assert "Zeile 4, Spalte 21" in caught.value.de, caught.value.de
    line = update.splitlines()[3]
    assert line[20:23] == '"y"'
    one_line = f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" "y" }} }}'
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, one_line)
    column = one_line.index('"y"') + 1
    assert f"line 1 between columns {column} and {column + 3}" in caught.value.en


def test_a_brace_left_open_is_named_by_its_line_and_column(store: Store) -> None:
    """ "Fehlende schließende Klammer }." named no place (exploratory test): the brace left
    open is named by its line and column, in both languages; a brace inside a literal is
    none of the grammar's."""
    update = "\n".join(["INSERT DATA {", f"  GRAPH {G} {{", '    <a:s> <a:p> "{" .', "  }"])
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, update)
    assert "die Klammer { in Zeile 1, Spalte 13 ist nicht geschlossen" in caught.value.de
    assert "the brace { at line 1, column 13 is not closed" in caught.value.en
    inner = f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" '
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, inner)
    assert f"column {inner.index(G) + len(G) + 2} is not closed" in caught.value.en


@pytest.mark.parametrize(
    ("body", "german"),
    [
        ('<http://x/a b> <a:p> "x"', "Eine IRI enthält ein Zeichen, das in ihr nicht stehen darf"),
        ('<a:s> <a:p> "x" <a:t> <a:p> "y"', "Am Ende einer Aussage fehlt der Punkt"),
        ('<a:s> <a:p> "x" . <a:t> <a:p> "y" "z"', "Das Subjekt einer Aussage muss eine IRI"),
        ('<a:s> <a:p> "x"@1de', "Ein Sprachkürzel"),
    ],
)
def test_a_syntax_error_is_said_in_german_too(store: Store, body: str, german: str) -> None:
    """The German line of a syntax error carried the parser's English ("Syntaxfehler: Parser
    error at line 1 …: Invalid IRI code point ' '"; exploratory test), where `load` says
    the same mistake in German. Now it is said as `load` says it, of the update."""
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, f"INSERT DATA {{ GRAPH {G} {{ {body} }} }}")
    assert german in caught.value.de, caught.value.de
    assert "Parser error" not in caught.value.de
    assert "Parser error at line 1" in caught.value.en


def test_a_string_left_open_is_placed_in_german_too(store: Store) -> None:
    """Walk: the parser says a string left open "between line 4 column 55 and line 7 column
    1"; the English line named that place, the German one none."""
    update = "\n".join(["INSERT DATA {", f"  GRAPH {G} {{", '    <a:s> <a:p> "x .', "  }", "}"])
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, update)
    assert "between line 3 column" in caught.value.en, caught.value.en
    assert "Zeile 3, Spalte" in caught.value.de, caught.value.de


@pytest.mark.parametrize("where", ["# Kopf\n", "# Kopf mit <iri> und 'x'\n   "])
def test_a_comment_before_a_prefix_is_no_part_of_it(store: Store, where: str) -> None:
    """Walk: "# header" above the PREFIX line made the update "Not supported: PREFIX";
    without the comment it went through. So did a comment between `;` and a PREFIX."""
    update = f'{where}PREFIX ex: <http://ex/>\nINSERT DATA {{ GRAPH {G} {{ ex:s ex:p "x" }} }}'
    assert [q.subject.value for q in parse_update(store, update).add] == ["http://ex/s"]
    second = (
        f'INSERT DATA {{ GRAPH {G} {{ <a:s> <a:p> "x" }} }} ;\n# und dann\n'
        f'PREFIX ex: <http://ex/>\nINSERT DATA {{ GRAPH {G} {{ ex:t ex:p "y" }} }}'
    )
    assert len(parse_update(store, second).add) == 2


def test_the_operations_of_an_update_are_applied_in_their_order(store: Store) -> None:
    """SPARQL 1.1 runs the operations of one request one after another. `INSERT DATA {q} ;
    DELETE DATA {q}` kept q (walk): the inserts had been gathered apart from the deletes,
    and an insert won. The operation naming a quad last decides."""
    q = f'GRAPH {G} {{ <a:s> <a:p> "x" }}'
    inserted_then_deleted = parse_update(store, f"INSERT DATA {{ {q} }} ; DELETE DATA {{ {q} }}")
    assert not inserted_then_deleted.add and len(inserted_then_deleted.remove) == 1
    deleted_then_inserted = parse_update(store, f"DELETE DATA {{ {q} }} ; INSERT DATA {{ {q} }}")
    assert len(deleted_then_inserted.add) == 1 and not deleted_then_inserted.remove


def _chain(links: int, *, closed: bool = False) -> str:
    nodes = [f"_:n{i} <http://x/p> _:n{i + 1} ." for i in range(links)]
    if closed:
        nodes.append(f"_:n{links} <http://x/p> _:n0 .")
    return f"INSERT DATA {{ GRAPH {G} {{ <a:s> <http://x/p> _:n0 . {' '.join(nodes)} }} }}"


@pytest.mark.parametrize(
    ("update", "levels"), [(_chain(70), "> 64"), (_chain(3, closed=True), "∞")]
)
def test_blank_nodes_nested_too_deeply_are_refused_as_a_load_refuses_them(
    store: Store, update: str, levels: str
) -> None:
    """Walk: `load` refuses blank nodes nested deeper than 64 levels or in a cycle, but an
    update stored both; an editor's chain of 5,000 took 93 s to apply and held every other
    write meanwhile. A list's rdf:rest is no nesting, as for a load."""
    with pytest.raises(InvalidDataError) as caught:
        parse_update(store, update)
    assert f"zu tief verschachtelt ({levels} Ebenen" in caught.value.de, caught.value.de
    assert "nested too deeply" in caught.value.en and caught.value.where == "update"
    assert len(parse_update(store, _chain(63)).add) == 64  # 64 blank nodes, one in another
    items = " ".join(f'"{i}"' for i in range(500))
    listed = parse_update(store, f"INSERT DATA {{ GRAPH {G} {{ <a:s> <http://x/p> ({items}) }} }}")
    assert len(listed.add) == 1 + 2 * 500
