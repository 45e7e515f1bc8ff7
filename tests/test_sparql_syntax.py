"""A SPARQL syntax error in words (`akteursgraph.sparql.syntax`): each message made from what
the real engine says about a broken query, so that an engine upgrade that words its errors
differently shows here."""

from __future__ import annotations

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
            "Zeile 1, Spalte 32, bei „unbekannt:p“: das Präfix „unbekannt:“ ist nicht erklärt",
            'line 1, column 32, at "unbekannt:p": the prefix "unbekannt:" is not declared',
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
            "eine Variable im SELECT ist bei GROUP BY weder gruppiert noch in einer Aggregat",
            "a variable in the SELECT is, with GROUP BY, neither grouped nor inside an aggregate",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT",
            "Zeile 1, Spalte 34, am Ende der Anfrage: der Parser erwartet hier eines von:",
            "line 1, column 34, at the end of the query: the parser expects here one of:",
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
