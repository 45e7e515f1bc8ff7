"""A SPARQL syntax error in words (`akteursgraph.sparql.syntax`): each message made from what
the real engine says about a broken query, so that an engine upgrade that words its errors
differently shows here."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.namespaces import PREFIXES
from akteursgraph.sparql.syntax import syntax_message


def engine_says(query: str) -> str:
    """The engine's own syntax error for `query`, with the endpoint's predeclared prefixes."""
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(query, prefixes=PREFIXES)
    return str(caught.value)


@pytest.mark.parametrize(
    ("query", "german", "english"),
    [
        (
            "SELECT * WHERE { ?s unbekannt:p ?o }",
            "Zeile 1, Spalte 21, bei „unbekannt:p“: das Präfix „unbekannt:“ ist nicht erklärt",
            'line 1, column 21, at "unbekannt:p": the prefix "unbekannt:" is not declared',
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMT 5",
            "Zeile 1, Spalte 29, bei „LIMT“: „LIMT“ ist kein Wort von SPARQL",
            'line 1, column 29, at "LIMT": "LIMT" is not a word of SPARQL',
        ),
        (
            "PREFIX x: <http://example.org/>\nSELEC * WHERE { ?s x:p ?o }",
            "Zeile 2, Spalte 1, bei „SELEC“: „SELEC“ ist kein Wort von SPARQL",
            'line 2, column 1, at "SELEC": "SELEC" is not a word of SPARQL',
        ),
        (
            "SELECT * WHERE {\n  ?s ?p ?o .\n",
            "am Ende der Anfrage: eine schließende Klammer „}“ fehlt.",
            'at the end of the query: a closing brace "}" is missing.',
        ),
        (
            'SELECT * WHERE {\n  ?s ?p "offen .\n}',
            'Zeile 2, Spalte 9, bei „"offen“: eine Zeichenkette ist nicht geschlossen',
            'line 2, column 9, at ""offen": a string is not closed',
        ),
        (
            "SELECT * WHERE { VALUES ?x { 1 2 } ?x ?p ?o . ?o ag:name }",
            "Zeile 1, Spalte 47, bei „?o“: ein Tripelmuster ist unvollständig: es braucht "
            "Subjekt, Prädikat und Objekt (hier nur „?o ag:name“).",
            'line 1, column 47, at "?o": a triple pattern is incomplete',
        ),
        (
            "SELECT ?s ?o WHERE { ?s ?p ?o } GROUP BY ?s",
            "Zeile 1, Spalte 11, bei „?o“: die Variable ?o im SELECT ist bei GROUP BY weder "
            "gruppiert noch in einer Aggregat",
            'line 1, column 11, at "?o": the variable ?o in the SELECT is, with GROUP BY, '
            "neither grouped nor inside an aggregate",
        ),
        # ... in a subquery too, where the engine listed function names at the end.
        (
            "SELECT ?s WHERE {\n  { SELECT ?s ?o WHERE { ?s ?p ?o } GROUP BY ?s }\n}",
            "Zeile 2, Spalte 15, bei „?o“: die Variable ?o im SELECT ist bei GROUP BY",
            'line 2, column 15, at "?o": the variable ?o in the SELECT is, with GROUP BY',
        ),
        # Grouped by an expression: left to the engine's note.
        (
            "SELECT ?s ?o WHERE { ?s ?p ?o } GROUP BY (STR(?s) AS ?t)",
            "eine Variable im SELECT ist bei GROUP BY weder gruppiert noch in einer Aggregat",
            "a variable in the SELECT is, with GROUP BY, neither grouped nor inside an aggregate",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT",
            "Zeile 1, Spalte 34, am Ende der Anfrage: der Parser erwartet hier eines von:",
            "line 1, column 34, at the end of the query: the parser expects here one of:",
        ),
        # ORDER or GROUP without BY: the engine placed it at the end of the query.
        (
            "SELECT ?s WHERE { ?s ?p ?o } ORDER ?s",
            "Zeile 1, Spalte 30, bei „ORDER“: nach ORDER folgt BY, etwa ORDER BY ?s.",
            'line 1, column 30, at "ORDER": ORDER is followed by BY, as in ORDER BY ?s.',
        ),
        (
            "SELECT ?group (COUNT(?o) AS ?n) WHERE { ?group ?p ?o }\ngroup ?group",
            "Zeile 2, Spalte 1, bei „group“: nach GROUP folgt BY",
            'line 2, column 1, at "group": GROUP is followed by BY',
        ),
        # From an exploratory walk: each of these said the wrong rule or the wrong place.
        (
            "# Kommentar\nSELECT ?s WHERE {\n  ?s ?p\n}",
            "Zeile 3, Spalte 3, bei „?s“: ein Tripelmuster ist unvollständig",
            'line 3, column 3, at "?s": a triple pattern is incomplete',
        ),
        (
            "SELECT ?s WHERE { ?s zz:p ?o }",
            "Zeile 1, Spalte 22, bei „zz:p“: das Präfix „zz:“ ist nicht erklärt",
            'line 1, column 22, at "zz:p": the prefix "zz:" is not declared',
        ),
        (
            "SELECT ?s WHERE { ?s ?p ?o FILTER(?o) ?s ?p }",
            "Zeile 1, Spalte 39, bei „?s“: ein Tripelmuster ist unvollständig",
            'line 1, column 39, at "?s": a triple pattern is incomplete',
        ),
        (
            "SELECT * WHERE { ?s a ag:Organisation ; ag:foo }",
            "bei „ag:foo“: ein Tripelmuster ist unvollständig: nach „;“ folgen Prädikat und Objekt",
            'at "ag:foo": a triple pattern is incomplete: after ";" come a predicate and an object',
        ),
        (
            'SELECT ?s WHERE { # eine Klammer }\n  ?s rdfs:label "x}" .\n',
            "am Ende der Anfrage: eine schließende Klammer „}“ fehlt.",
            'at the end of the query: a closing brace "}" is missing.',
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } }",
            "Zeile 1, Spalte 29, bei „}“: eine schließende Klammer „}“ zu viel.",
            'line 1, column 29, at "}": one closing brace "}" too many.',
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s",
            "Zeile 1, Spalte 8, bei „*“: mit GROUP BY ist SELECT * nicht erlaubt",
            'line 1, column 8, at "*": SELECT * is not allowed with GROUP BY',
        ),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER ?o = 1 }",
            "bei „FILTER“: nach FILTER steht der Ausdruck in Klammern",
            'at "FILTER": after FILTER the expression goes in parentheses',
        ),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }",
            "Zeile 1, Spalte 37, bei „>“: dem Vergleich „>“ fehlt der Wert",
            'line 1, column 37, at ">": the comparison ">" lacks the value',
        ),
        (
            "SELECT (COUNT(?s) ?n) WHERE { ?s ?p ?o }",
            "ein Ausdruck im SELECT braucht AS vor seiner Variablen: (… AS ?n).",
            "an expression in the SELECT needs AS before its variable: (… AS ?n).",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) }",
            "bei „?o“: ?o ist hier schon gebunden",
            'at "?o": ?o is bound here already',
        ),
        (  # read as the undeclared prefix "http:" (researchers' walk of 2026-12-07)
            "SELECT * WHERE { <http://ex.org/a b> ?p ?o }",
            "Zeile 1, Spalte 18, bei „<http://ex.org/a“: eine IRI enthält keine Leerzeichen",
            'line 1, column 18, at "<http://ex.org/a": an IRI holds no spaces',
        ),
        (  # the engine: "expected one of NOT" at the brace
            'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "x") }',
            "Zeile 1, Spalte 33, bei „FILTER(CONTAINS(STR(?o“: die hier geöffnete Klammer „(“ "
            "wird nicht geschlossen: eine „)“ fehlt.",
            'line 1, column 33, at "FILTER(CONTAINS(STR(?o": the parenthesis "(" opened here '
            'is not closed: a ")" is missing.',
        ),
        (  # the engine: "expected one of DISTINCT, ENCODE_FOR_URI"
            "SELECT (COUNT(?s AS ?n) WHERE { ?s ?p ?o }",
            "Zeile 1, Spalte 8, bei „(COUNT(?s“: die hier geöffnete Klammer „(“",
            'line 1, column 8, at "(COUNT(?s": the parenthesis "(" opened here',
        ),
        (
            "SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 1)) }",
            "Zeile 1, Spalte 42, bei „1“: eine schließende Klammer „)“ zu viel.",
            'line 1, column 42, at "1": one closing parenthesis ")" too many.',
        ),
        (
            "INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> 1 } }",
            "Zeile 1, Spalte 1, bei „INSERT“: eine Änderung (SPARQL Update) ist keine Abfrage",
            'line 1, column 1, at "INSERT": an update (SPARQL Update) is not a query',
        ),
    ],
)
def test_a_syntax_error_says_the_place_and_the_rule(query: str, german: str, english: str) -> None:
    de, en = syntax_message(query, engine_says(query))
    assert de.startswith("SPARQL-Syntaxfehler: ") and german in de, de
    assert en.startswith("SPARQL syntax error: ") and english in en, en
    for said in (de, en):
        assert "..=" not in said and "[_]" not in said  # none of the parser's classes
        assert "\n" not in said


def test_words_in_strings_iris_and_language_tags_are_no_typos() -> None:
    """Only bare words count: a typo is never found in a string, an IRI, a comment, a
    variable's name or a language tag."""
    query = (
        'SELECT ?Wort WHERE { ?s <http://example.org/Unsinn> "Quatsch"@de-DE . '
        "# Kommentar\n ?s ?p ?o "
    )
    de, _ = syntax_message(query, engine_says(query))
    assert "kein Wort von SPARQL" not in de and "„}“ fehlt" in de


def test_a_message_without_a_place_is_passed_on() -> None:
    de, en = syntax_message("SELECT", "unexpected end")
    assert (de, en) == (
        "SPARQL-Syntaxfehler: unexpected end",
        "SPARQL syntax error: unexpected end",
    )


QUERIES = sorted((Path(__file__).parent.parent / "graph" / "queries").rglob("*.rq"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_the_first_mistake_named_in_a_valid_query_is_the_one_added(path: Path) -> None:
    """The rules are read on the text: none may fire on what is valid. Each of the product's
    queries (the gallery's too) with one closing brace added at its end is said to have one
    brace too many there, not a mistake before it."""
    broken = path.read_text(encoding="utf-8") + "\n}"
    de, en = syntax_message(broken, engine_says(broken))
    last = broken.count("\n") + 1
    assert f"Zeile {last}, Spalte 1, bei „}}“: eine schließende Klammer „}}“ zu viel." in de, de
    assert f'line {last}, column 1, at "}}": one closing brace "}}" too many.' in en, en
