"""A SPARQL syntax error in words: where it is (line, column, the text there) and which rule
the query breaks there, in German and in English.

The engine's own message is its parser's list of alternatives, in English only, character
classes included: an undeclared prefix read "error at 1:28: expected one of Prefix not found,
['%'], ['-' | '0' ..= '9' | '\\u{00B7}' …" over six lines, and never named the prefix. The
one place that turns it into words, for the endpoint, the CLI and the product's own queries.
"""

from __future__ import annotations

import re

from ..namespaces import PREFIXES
from .guard import TOKEN, blank_literals
from .prefixes import prefix_usage

_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
#: One of the parser's alternatives: a quoted token (`"}"`, `"\\u"`), a character class of
#: its grammar (`['0' ..= '9' | '_']`, `[_]`: no reader's word), a keyword or a note.
_ALTERNATIVE = re.compile(r'"(?:\\.|[^"\\])*"|\[(?:\'(?:\\.|[^\'\\])*\'|[^\]\'])*\]|[^,\s][^,]*')
_UNBOUND = "The SELECT contains a variable that is unbound"
_NO_PREFIX = "Prefix not found"
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_FIRST_WORD = re.compile(r"[A-Za-z]+")
#: A term of a triple pattern (IRI, literal with its tag or type, variable, prefixed name,
#: blank node label, number), a delimiter of one, or anything else (one token each).
_PATTERN_TOKEN = re.compile(
    r'(?P<term><[^>\s]*>|(?:"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')'
    r"(?:@[\w-]+|\^\^(?:<[^>\s]*>|[\w.-]*:[\w.-]*))?|[?$]\w+|_?[\w.-]*:[\w%.:-]*|[-+]?\d[\d.eE+-]*)"
    r"|(?P<end>[{}.])|\S+?(?=[\s{}.]|$)|\S"
)
#: The words of SPARQL 1.1's query grammar (keywords, aggregates, functions), and the engine's
#: additions (RDF-star, LATERAL), case aside: a bare word not among them is a typing error.
_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a abs adjust as asc ask avg base bind blank bnode bound by ceil coalesce concat
    construct contains count datatype day desc describe distinct encode_for_uri exists false
    filter floor from graph group group_concat having hours if in iri isblank isiri isliteral
    isnumeric istriple isuri lang langdir langmatches lateral lcase limit max md5 min minus
    minutes month named not now object offset optional order predicate prefix rand reduced
    regex replace round sameterm sample select separator service sha1 sha256 sha384
    sha512 silent str strafter strbefore strdt strends strlang strlangdir strlen strstarts
    struuid subject substr sum timezone triple true tz ucase undef union uri uuid values
    where year haslang haslangdir""",
    )
)
#: The prologue before a query form: PREFIX and BASE declarations.
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.IGNORECASE)


def syntax_message(query: str, engine: str) -> tuple[str, str]:
    """(German, English) for the engine's syntax error `engine` about `query`: the place,
    the text found there, and the rule in words; the engine's text where it says no place."""
    found = _AT.match(engine.strip())
    if found is None:
        return f"SPARQL-Syntaxfehler: {engine}", f"SPARQL syntax error: {engine}"
    line, column, detail = int(found.group(1)), int(found.group(2)), found.group(3)
    rule_de, rule_en, offset = _rule(query, detail, _offset(query, line, column))
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    place_de, place_en = _place(query, line, column)
    return (
        f"SPARQL-Syntaxfehler: {place_de}: {rule_de}",
        f"SPARQL syntax error: {place_en}: {rule_en}",
    )


def _offset(query: str, line: int, column: int) -> int:
    """The engine's line and column (both from 1) as an offset into `query`."""
    start = 0
    for _ in range(line - 1):
        start = query.find("\n", start) + 1
        if start == 0:
            return len(query)
    end = query.find("\n", start)
    return min(start + column - 1, len(query) if end < 0 else end)


def _place(query: str, line: int, column: int) -> tuple[str, str]:
    """Line and column, and the word there (or before it): "Zeile 1, Spalte 28, bei „foo:x“"."""
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    rest = "".join(lines[line:]) if line <= len(lines) else ""
    where_de, where_en = f"Zeile {line}, Spalte {column}", f"line {line}, column {column}"
    i = min(column - 1, len(text))
    if not text[i:].strip() and not rest.strip():
        return f"{where_de}, am Ende der Anfrage", f"{where_en}, at the end of the query"
    # The word at the place, or the one before it where the place is a space.
    last = i if i < len(text) and not text[i].isspace() else len(text[:i].rstrip()) - 1
    if last < 0:
        return where_de, where_en
    left = re.search(r"\S*$", text[: last + 1]).start()  # type: ignore[union-attr]
    right = re.match(r"\S*", text[last:]).end() + last  # type: ignore[union-attr]
    word = text[left:right]
    if len(word) > 40:
        word = word[:40] + "…"
    return f"{where_de}, bei „{word}“", f'{where_en}, at "{word}"'


def _rule(query: str, detail: str, at: int) -> tuple[str, str, int]:
    """The rule the query breaks, from the parser's alternatives at offset `at`, and the
    offset to name: the engine's, or the start of what breaks the rule where the engine
    stops later (a typo is read on until the grammar runs out)."""
    expected = _alternatives(detail)
    if any(item.startswith('"\\\\') for item in expected):  # escapes: inside a string
        opened = max(query.rfind('"', 0, at), query.rfind("'", 0, at))
        return (
            "eine Zeichenkette ist nicht geschlossen: ihr schließendes Anführungszeichen fehlt.",
            "a string is not closed: its closing quotation mark is missing.",
            opened if opened >= 0 else at,
        )
    unknown = _unknown_prefixes(query)
    if _NO_PREFIX in detail and unknown:
        name = unknown[0]
        return (
            f"das Präfix „{name}:“ ist nicht erklärt und keines der vorgegebenen Präfixe. "
            f"Erklären Sie es am Anfang der Anfrage: PREFIX {name}: <…>",
            f'the prefix "{name}:" is not declared and not one of the predeclared prefixes. '
            f"Declare it at the start of the query: PREFIX {name}: <…>",
            at,
        )
    if _UNBOUND in detail:
        return (
            "eine Variable im SELECT ist bei GROUP BY weder gruppiert noch in einer "
            "Aggregatfunktion (COUNT, SAMPLE, GROUP_CONCAT …).",
            "a variable in the SELECT is, with GROUP BY, neither grouped nor inside an "
            "aggregate (COUNT, SAMPLE, GROUP_CONCAT …).",
            at,
        )
    typo = _unknown_word(query)
    if typo is not None:
        word = typo.group(0)
        return (
            f"„{word}“ ist kein Wort von SPARQL (weder Schlüsselwort noch Funktion); vertippt?",
            f'"{word}" is not a word of SPARQL (neither a keyword nor a function); a typo?',
            typo.start(),
        )
    form = _FIRST_WORD.match(query, _PROLOGUE.match(query).end())  # type: ignore[union-attr]
    if form is None or form.group(0).upper() not in _FORMS:
        return (
            "eine Abfrage beginnt (nach PREFIX- und BASE-Zeilen) mit SELECT, CONSTRUCT, ASK "
            "oder DESCRIBE.",
            "a query starts (after PREFIX and BASE lines) with SELECT, CONSTRUCT, ASK or DESCRIBE.",
            form.start() if form is not None else at,
        )
    short = _short_pattern(query)
    if short is not None:
        said = query[short[0] : short[1]]
        return (
            "ein Tripelmuster ist unvollständig: es braucht Subjekt, Prädikat und Objekt "
            f"(hier nur „{said}“).",
            f"a triple pattern is incomplete: it needs a subject, a predicate and an object "
            f'(here only "{said}").',
            short[0],
        )
    if '"}"' in expected and query.count("{") > query.count("}"):
        return "eine schließende Klammer „}“ fehlt.", 'a closing brace "}" is missing.', at
    if not expected:
        return (
            "dieses Zeichen ist hier nicht erlaubt.",
            "this character is not allowed here.",
            at,
        )
    listed = ", ".join(expected)
    return (
        f"der Parser erwartet hier eines von: {listed}.",
        f"the parser expects here one of: {listed}.",
        at,
    )


def _alternatives(detail: str) -> list[str]:
    """The parser's alternatives a reader can type: keywords and punctuation, without the
    character classes and the parser's own notes."""
    text = detail.removeprefix("expected one of ").removeprefix("expected ")
    kept: list[str] = []
    for item in (i.strip() for i in _ALTERNATIVE.findall(text)):
        if item.startswith("[") or " " in item.strip('"') or item in kept:
            continue  # a character class, a note of the parser's ("Prefix not found")
        kept.append(item)
    return kept


def _unknown_prefixes(query: str) -> list[str]:
    """The prefixes `query` uses that it neither declares nor finds predeclared."""
    used, declared = prefix_usage(query)
    return sorted(used - declared - set(PREFIXES))


def _unknown_word(query: str) -> re.Match[str] | None:
    """The first bare word of `query` that SPARQL does not know (strings, IRIs, comments,
    variables, prefixed names and language tags aside), or None."""
    code = blank_literals(query)
    for match in TOKEN.finditer(code):
        word = match.group(0)
        if match.group("name") is not None or match.group("local") is not None:
            continue
        if not word[0].isalpha() or code[match.start() - 1 : match.start()] in ("@", "-"):
            continue  # a number, a language tag ("@de", "@de-DE")
        if word.lower() not in _WORDS:
            return match
    return None


def _short_pattern(query: str) -> tuple[int, int] | None:
    """Where the first triple pattern of one or two terms is (start, end of its text), or
    None: "?s ?p }" reads to the engine as a pattern waiting for more ("expected OPTIONAL")."""
    terms: list[re.Match[str]] = []
    simple, values, in_values = True, False, False
    for token in _PATTERN_TOKEN.finditer(query):
        end = token.group("end")
        if end is not None:
            if simple and not in_values and 0 < len(terms) < 3:
                return terms[0].start(), terms[-1].end()
            in_values = (in_values and end != "}") or (values and end == "{")
            terms, simple, values = [], True, False
        elif token.group("term") is not None or token.group(0) == "a":
            terms.append(token)
        else:
            simple = False  # a keyword, a bracket, a list: more than a triple pattern
            values = values or token.group(0).upper() == "VALUES"  # its block holds values
    return None
