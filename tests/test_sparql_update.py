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
    (line 24)", not the rule it breaks."""
    for update in ("INSERT DATA { <a:s> a org:Organization }",
                   "INSERT DATA { <a:s> a org:Organization . }"):  # fmt: skip
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
