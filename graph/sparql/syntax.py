"""A SPARQL syntax error in words: where it is (line, column, the text there) and which rule
the query breaks there, in German and in English.

The engine's own message is its parser's list of alternatives at the furthest place it
reached, in English only, character classes included: an undeclared prefix read "error at
1:28: expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' …" over six
lines and never named the prefix, and "?s ?p }" read "expected OPTIONAL". Here the query's
text is read for the mistakes people make (an undeclared prefix, a typo in a keyword, a
triple pattern of two terms, a brace too many or too few, FILTER without parentheses, an
expression in SELECT without AS, SELECT * with GROUP BY) and the first of them in the text
is named, where it starts; the engine's alternatives only where none is found. The one place
for this, for the endpoint, the CLI and the product's own queries.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..namespaces import PREFIXES
from .guard import TOKEN, blank_comments, blank_literals, opaque_literals
from .prefixes import prefix_usage

_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
#: One of the parser's alternatives: a quoted token (`"}"`, `"\\u"`), a character class of
#: its grammar (`['0' ..= '9' | '_']`, `[_]`: no reader's word), a keyword or a note.
_ALTERNATIVE = re.compile(r'"(?:\\.|[^"\\])*"|\[(?:\'(?:\\.|[^\'\\])*\'|[^\]\'])*\]|[^,\s][^,]*')
_UNBOUND = "The SELECT contains a variable that is unbound"
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_FIRST_WORD = re.compile(r"[A-Za-z]+")
#: The words of SPARQL 1.1 (keywords, aggregates, functions; of updates too, which are refused
#: as updates) and the engine's additions (RDF-star, LATERAL), case aside: a bare word not
#: among them is a typing error.
_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a abs add adjust all as asc ask avg base bind blank bnode bound by ceil clear
    coalesce concat construct contains copy count create data datatype day default delete
    desc describe distinct drop encode_for_uri exists false filter floor from graph group
    group_concat having hours if in insert into iri isblank isiri isliteral isnumeric
    istriple isuri lang langdir langmatches lateral lcase limit load max md5 min minus
    minutes month move named not now object offset optional order predicate prefix rand
    reduced regex replace round sameterm sample select separator service sha1 sha256 sha384
    sha512 silent str strafter strbefore strdt strends strlang strlangdir strlen strstarts
    struuid subject substr sum timezone to triple true tz ucase undef union uri using uuid
    values where with year haslang haslangdir""",
    )
)
#: The prologue before a query form: PREFIX and BASE declarations (on a text without comments).
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.IGNORECASE)
#: A term of a triple pattern (IRI, literal with its tag or type, variable, prefixed name,
#: blank node label, number), a delimiter of one, a bracket, or anything else (one token each).
_PATTERN_TOKEN = re.compile(
    r'(?P<term><[^>\s]*>|(?:"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')'
    r"(?:@[\w-]+|\^\^(?:<[^>\s]*>|[\w.-]*:[\w.-]*))?|[?$]\w+|_?[\w.-]*:[\w%.:-]*|[-+]?\d[\d.eE+-]*)"
    r"|(?P<end>[{}.])|(?P<open>\()|(?P<close>\))|(?P<sep>[;,])|[^\s{}.();,]+|\S"
)
#: FILTER or HAVING followed by what is no call and no parenthesis: a variable, a number.
_BARE_FILTER = re.compile(r"\b(FILTER|HAVING)\s+(?=[?$\d])", re.IGNORECASE)
_SELECT_STAR_GROUPED = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(\*)", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.IGNORECASE)
#: ORDER or GROUP as a keyword (not `?order`, `ex:group`, `group:`) without BY after it.
_NO_BY = re.compile(r"(?<![\w?$:.\-])(ORDER|GROUP)(?![\w:.\-])(?!\s*BY\b)", re.IGNORECASE)
#: An expression in a SELECT clause that names its variable without AS: "(COUNT(?s) ?n)".
_NO_AS = re.compile(r"\((?P<expr>(?:[^()]|\([^()]*\))+?)\s(?P<var>[?$]\w+)\s*\)")
#: A comparison with nothing on its right: "FILTER(?o > )".
_NO_OPERAND = re.compile(r"((?:[<>]=?|!=|=))\s*\)")
_BIND_AS = re.compile(r"\bBIND\s*\((?:[^()]|\([^()]*\))*?\bAS\s+([?$]\w+)\s*\)", re.IGNORECASE)
#: An IRI that holds what IRIs may not (a space, a quotation mark, braces): a valid IRI is
#: blanked in the text this is searched in, so what is left of "<scheme:" up to ">" is one.
_BROKEN_IRI = re.compile(r"<(?=[A-Za-z][\w+.-]*:)[^<>\n]*>")
_SELECT_CLAUSE = re.compile(r"\bSELECT\b(?P<clause>[^{]*?)(?:\bWHERE\b|\{)", re.IGNORECASE)


#: Said of "(COUNT(?s) ?n)" (a message, not SPARQL: formatted with the variable's name).
_NEEDS_AS = {
    "de": "ein Ausdruck im SELECT braucht AS vor seiner Variablen: (… AS {var}).",
    "en": "an expression in the SELECT needs AS before its variable: (… AS {var}).",
}

#: Said of a variable a SELECT with GROUP BY neither groups nor aggregates (a message).
_UNGROUPED = {
    "de": "die Variable {var} im SELECT ist bei GROUP BY weder gruppiert noch in einer "
    "Aggregatfunktion (COUNT, SAMPLE, GROUP_CONCAT …).",
    "en": "the variable {var} in the SELECT is, with GROUP BY, neither grouped nor inside an "
    "aggregate (COUNT, SAMPLE, GROUP_CONCAT …).",
}


class _Finding(NamedTuple):
    """A mistake found in the text: where it starts, and the rule in both languages."""

    at: int
    de: str
    en: str


def syntax_message(query: str, engine: str) -> tuple[str, str]:
    """(German, English) for the engine's syntax error `engine` about `query`: the place,
    the text found there, and the rule in words; the engine's text where it says no place."""
    found = _AT.match(engine.strip())
    if found is None:
        return f"SPARQL-Syntaxfehler: {engine}", f"SPARQL syntax error: {engine}"
    line, column, detail = int(found.group(1)), int(found.group(2)), found.group(3)
    finding = _rule(query, detail, _offset(query, line, column))
    line = query.count("\n", 0, finding.at) + 1
    column = finding.at - (query.rfind("\n", 0, finding.at) + 1) + 1
    place_de, place_en = _place(query, line, column)
    return (
        f"SPARQL-Syntaxfehler: {place_de}: {finding.de}",
        f"SPARQL syntax error: {place_en}: {finding.en}",
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
    if len(word) > 1:
        word = word[0] + word[1:].rstrip(")},;")  # "?o", not "?o)"
    if len(word) > 40:
        word = word[:40] + "…"
    return f"{where_de}, bei „{word}“", f'{where_en}, at "{word}"'


def _rule(query: str, detail: str, at: int) -> _Finding:
    """The rule the query breaks: a string left open (the engine stops inside it); else
    the first mistake found in the text; else what the engine's note names (a variable
    neither grouped nor aggregated, a brace missing at the end) or its alternatives at its
    place `at`."""
    expected = _alternatives(detail)
    if any(item.startswith('"\\\\') for item in expected):  # escapes: inside a string
        opened = max(query.rfind('"', 0, at), query.rfind("'", 0, at))
        return _Finding(
            opened if opened >= 0 else at,
            "eine Zeichenkette ist nicht geschlossen: ihr schließendes Anführungszeichen fehlt.",
            "a string is not closed: its closing quotation mark is missing.",
        )
    found = _mistakes(query)
    if found:
        return min(found, key=lambda f: f.at)
    if _UNBOUND in detail:
        return _Finding(
            at,
            "eine Variable im SELECT ist bei GROUP BY weder gruppiert noch in einer "
            "Aggregatfunktion (COUNT, SAMPLE, GROUP_CONCAT …).",
            "a variable in the SELECT is, with GROUP BY, neither grouped nor inside an "
            "aggregate (COUNT, SAMPLE, GROUP_CONCAT …).",
        )
    bare = blank_literals(query)
    if bare.count("{") > bare.count("}"):
        return _Finding(
            at, "eine schließende Klammer „}“ fehlt.", 'a closing brace "}" is missing.'
        )
    if not expected:  # the engine names nothing: a BIND of a variable bound before?
        return _rebound(bare) or _Finding(
            at, "dieses Zeichen ist hier nicht erlaubt.", "this character is not allowed here."
        )
    listed = ", ".join(expected)
    return _Finding(
        at,
        f"der Parser erwartet hier eines von: {listed}.",
        f"the parser expects here one of: {listed}.",
    )


def _mistakes(query: str) -> list[_Finding]:
    """The mistakes the text shows, each where it starts."""
    bare = blank_literals(query)  # strings, IRIs and comments blanked, positions kept
    found: list[_Finding] = []
    undeclared = _undeclared(query)
    if undeclared:
        name, start = undeclared[0]  # the first in the text
        found.append(
            _Finding(
                start,
                f"das Präfix „{name}:“ ist nicht erklärt und keines der vorgegebenen Präfixe. "
                f"Erklären Sie es am Anfang der Anfrage: PREFIX {name}: <…>",
                f'the prefix "{name}:" is not declared and not one of the predeclared '
                f"prefixes. Declare it at the start of the query: PREFIX {name}: <…>",
            )
        )
    typo = _unknown_word(bare)
    if typo is not None:
        word = typo.group(0)
        found.append(
            _Finding(
                typo.start(),
                f"„{word}“ ist kein Wort von SPARQL (weder Schlüsselwort noch Funktion); vertippt?",
                f'"{word}" is not a word of SPARQL (neither a keyword nor a function); a typo?',
            )
        )
    code = blank_comments(query)  # the prologue's IRIs kept
    form = _FIRST_WORD.match(code, _PROLOGUE.match(code).end())  # type: ignore[union-attr]
    if form is not None and form.group(0).upper() in _UPDATES:
        found.append(
            _Finding(
                form.start(),
                "eine Änderung (SPARQL Update) ist keine Abfrage: Änderungen gehen mit POST an "
                "/sparql/update.",
                "an update (SPARQL Update) is not a query: updates go by POST to /sparql/update.",
            )
        )
    elif form is None or form.group(0).upper() not in _FORMS:
        found.append(
            _Finding(
                form.start() if form is not None else len(query.rstrip()),
                "eine Abfrage beginnt (nach PREFIX- und BASE-Zeilen) mit SELECT, CONSTRUCT, ASK "
                "oder DESCRIBE.",
                "a query starts (after PREFIX and BASE lines) with SELECT, CONSTRUCT, ASK or "
                "DESCRIBE.",
            )
        )
    for broken in _BROKEN_IRI.finditer(bare):
        iri = broken.group(0) if len(broken.group(0)) <= 60 else broken.group(0)[:59] + "…"
        found.append(
            _Finding(
                broken.start(),
                "eine IRI enthält keine Leerzeichen und keines der Zeichen "
                f'" {{ }} | ^ ` \\ (hier „{iri}“); ein Leerzeichen wird als %20 geschrieben.',
                'an IRI holds no spaces and none of the characters " { } | ^ ` \\ '
                f'(here "{iri}"); a space is written as %20.',
            )
        )
    paren = _unbalanced_parenthesis(bare)
    if paren is not None:
        at, unclosed = paren
        found.append(
            _Finding(
                at,
                "die hier geöffnete Klammer „(“ wird nicht geschlossen: eine „)“ fehlt.",
                'the parenthesis "(" opened here is not closed: a ")" is missing.',
            )
            if unclosed
            else _Finding(
                at, "eine schließende Klammer „)“ zu viel.", 'one closing parenthesis ")" too many.'
            )
        )
    extra = _extra_brace(bare)
    if extra is not None:
        found.append(
            _Finding(
                extra, "eine schließende Klammer „}“ zu viel.", 'one closing brace "}" too many.'
            )
        )
    shape = opaque_literals(query)  # a value where a string or an IRI stands
    found += _at_keywords(
        _BARE_FILTER,
        shape,
        "nach {word} steht der Ausdruck in Klammern, etwa {word}(?o > 1).",
        "after {word} the expression goes in parentheses, as in {word}(?o > 1).",
    )
    for empty in _NO_OPERAND.finditer(shape):
        found.append(
            _Finding(
                empty.start(),
                f"dem Vergleich „{empty.group(1)}“ fehlt der Wert auf seiner rechten Seite.",
                f'the comparison "{empty.group(1)}" lacks the value on its right-hand side.',
            )
        )
    # The engine says "expected BY" at the next word, or at the end: after ORDER ?s.
    found += _at_keywords(
        _NO_BY,
        bare,
        "nach {word} folgt BY, etwa {word} BY ?s.",
        "{word} is followed by BY, as in {word} BY ?s.",
    )
    star = _SELECT_STAR_GROUPED.search(bare)
    if star is not None and _GROUP_BY.search(bare):
        found.append(
            _Finding(
                star.start(1),
                "mit GROUP BY ist SELECT * nicht erlaubt: bitte die gruppierten Variablen und "
                "Aggregatfunktionen nennen, etwa SELECT ?s (COUNT(?o) AS ?n).",
                "SELECT * is not allowed with GROUP BY: name the grouped variables and "
                "aggregates, as in SELECT ?s (COUNT(?o) AS ?n).",
            )
        )
    for clause in _SELECT_CLAUSE.finditer(bare):
        for expr in _NO_AS.finditer(clause.group("clause")):
            if re.search(r"\bAS\s*$", expr.group("expr"), re.IGNORECASE):
                continue
            var = expr.group("var")
            found.append(
                _Finding(
                    clause.start("clause") + expr.start(),
                    _NEEDS_AS["de"].format(var=var),
                    _NEEDS_AS["en"].format(var=var),
                )
            )
    for at, var in _ungrouped(bare):
        found.append(
            _Finding(at, _UNGROUPED["de"].format(var=var), _UNGROUPED["en"].format(var=var))
        )
    short = _short_pattern(code)
    if short is not None:
        start, end, need = short
        said = query[start:end]
        needs = {
            3: (
                "es braucht Subjekt, Prädikat und Objekt",
                "it needs a subject, a predicate and an object",
            ),
            2: ("nach „;“ folgen Prädikat und Objekt", 'after ";" come a predicate and an object'),
            1: ("nach „,“ folgt ein Objekt", 'after "," comes an object'),
        }[need]
        found.append(
            _Finding(
                start,
                f"ein Tripelmuster ist unvollständig: {needs[0]} (hier nur „{said}“).",
                f'a triple pattern is incomplete: {needs[1]} (here only "{said}").',
            )
        )
    return found


def _at_keywords(pattern: re.Pattern[str], text: str, de: str, en: str) -> list[_Finding]:
    """A finding at each keyword `pattern` finds in `text` (its first group), the rule's
    words (`{word}`: the keyword in capitals) in both languages."""
    return [
        _Finding(m.start(), de.format(word=m.group(1).upper()), en.format(word=m.group(1).upper()))
        for m in pattern.finditer(text)
    ]


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


def _undeclared(query: str) -> list[tuple[str, int]]:
    """Each prefix `query` uses that it neither declares nor finds predeclared, with the
    place of its first use, in the order of the text."""
    used, declared = prefix_usage(query)
    unknown = used - declared - set(PREFIXES)
    first: dict[str, int] = {}
    for match in TOKEN.finditer(blank_literals(query)):
        name = match.group("prefix") or ""
        if match.group("local") is not None and name in unknown and name not in first:
            first[name] = match.start()
    return sorted(first.items(), key=lambda item: item[1])


def _unknown_word(bare: str) -> re.Match[str] | None:
    """The first bare word of `bare` (the query with strings, IRIs and comments blanked)
    that SPARQL does not know (variables, prefixed names and language tags aside), or None."""
    for match in TOKEN.finditer(bare):
        word = match.group(0)
        if match.group("name") is not None or match.group("local") is not None:
            continue
        if not word[0].isalpha() or bare[match.start() - 1 : match.start()] in ("@", "-"):
            continue  # a number, a language tag ("@de", "@de-DE")
        if word.lower() not in _WORDS:
            return match
    return None


def _extra_brace(bare: str) -> int | None:
    """Where the first closing brace without an opening one is, or None."""
    depth = 0
    for i, char in enumerate(bare):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return i
    return None


def _unbalanced_parenthesis(bare: str) -> tuple[int, bool] | None:
    """Where the first parenthesis is that is not closed before its group's brace or the
    end (True), or the first ")" without an opening one (False); None if all match. The
    engine named what it expected at the brace instead ("expected one of NOT"), words that
    led away from the missing ")"."""
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(bare):
        if char in "({":
            stack.append((char, i))
        elif char == ")":
            if not any(open_ == "(" for open_, _ in stack):
                return i, False
            if stack[-1][0] == "{":
                return None  # a brace left open inside parentheses: said elsewhere
            stack.pop()
        elif char == "}":
            if stack and stack[-1][0] == "(":
                return stack[-1][1], True
            if stack:
                stack.pop()
    opened = [i for char, i in stack if char == "("]
    return (opened[0], True) if opened else None


def _short_pattern(code: str) -> tuple[int, int, int] | None:
    """Where the first triple pattern short of terms is (start, end of its text, the terms
    it needs: 3, or 2 after ";", 1 after ","), or None; in `code`, the query without
    comments. A FILTER or BIND with its parentheses stands on its own: "?s ?p ?o FILTER(?o)
    ?s ?p }" holds a pattern of two terms."""
    terms: list[re.Match[str]] = []
    simple, values, in_values = True, False, False
    depth, closes_unit = 0, False
    need = 3  # terms a pattern needs; after ";" a predicate and an object, after "," an object
    for token in _PATTERN_TOKEN.finditer(code):
        if token.group("open") is not None:
            if depth == 0 and not closes_unit:
                terms.append(token)  # a collection "(1 2 3)" or an expression: one term
            depth += 1
            continue
        if token.group("close") is not None:
            depth -= 1
            if depth == 0 and closes_unit:  # the end of FILTER(...): a new pattern may start
                terms, simple, closes_unit, need = [], True, False, 3
            continue
        if depth > 0:
            continue  # inside an expression or a list
        sep = token.group("sep")
        if sep is not None:
            if simple and not in_values and 0 < len(terms) < need:
                return terms[0].start(), terms[-1].end(), need
            terms, need = [], 2 if sep == ";" else 1  # ";;" is allowed: nothing to name
            continue
        end = token.group("end")
        if end is not None:
            if simple and not in_values and 0 < len(terms) < need:
                return terms[0].start(), terms[-1].end(), need
            in_values = (in_values and end != "}") or (values and end == "{")
            terms, simple, values, need = [], True, False, 3
        elif token.group("term") is not None or token.group(0) == "a":
            terms.append(token)
        else:
            word = token.group(0).upper()
            if word in ("FILTER", "BIND") and not terms:
                closes_unit = True
                continue
            if word in ("FILTER", "BIND"):  # after a full pattern: it ends there
                if simple and 0 < len(terms) < need:
                    return terms[0].start(), terms[-1].end(), need
                terms, simple, closes_unit, need = [], True, True, 3
                continue
            simple = False  # a keyword, a bracket, a list: more than a triple pattern
            values = values or word == "VALUES"  # its block holds values
    return None


def _rebound(bare: str) -> _Finding | None:
    """A BIND(… AS ?v) whose ?v the query names before it (from its first brace on), or
    None. Only where the engine names nothing ("expected [_]"): read on the text alone,
    without the groups' scopes, it would blame a BIND in another group."""
    opened = bare.find("{")
    for bind in _BIND_AS.finditer(bare):
        var = bind.group(1)
        before = bare[opened : bind.start()] if 0 <= opened < bind.start() else ""
        if re.search(rf"[?$]{re.escape(var[1:])}\b", before):
            return _Finding(
                bind.start(1),
                f"{var} ist hier schon gebunden; BIND(… AS …) braucht eine neue Variable.",
                f"{var} is bound here already; BIND(… AS …) needs a new variable.",
            )
    return None


_GROUPED = re.compile(
    r"\s*GROUP\s+BY\b(?P<keys>[^{}]*?)(?=\b(?:HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|[{}]|$)",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^()]*\)")


def _ungrouped(bare: str) -> list[tuple[int, str]]:
    """(place, name) of each variable a SELECT with GROUP BY names plainly but neither
    groups nor aggregates; subqueries too, where the engine's note does not come (it
    listed function names at the end of the query). Only plain keys are read: a GROUP BY
    with an expression is left to the engine."""
    found: list[tuple[int, str]] = []
    pairs = _brace_pairs(bare) if _GROUP_BY.search(bare) else {}
    for select in _SELECT_CLAUSE.finditer(bare) if pairs else ():
        closing = pairs.get(bare.find("{", select.end() - 1))
        grouped = _GROUPED.match(bare, closing + 1) if closing is not None else None
        if grouped is None or "(" in grouped.group("keys"):
            continue
        keys = {v[1:] for v in re.findall(r"[?$]\w+", grouped.group("keys"))}
        clause, start = select.group("clause"), select.start("clause")
        while _PARENS.search(clause):  # expressions with AS: blanked, places kept
            clause = _PARENS.sub(lambda m: " " * len(m.group(0)), clause)
        if "*" in clause:
            continue  # SELECT * with GROUP BY has its own rule
        for var in re.finditer(r"[?$](\w+)", clause):
            if var.group(1) not in keys:
                found.append((start + var.start(), var.group(0)))
    return found


def _brace_pairs(bare: str) -> dict[int, int]:
    """Each opening brace's place -> where it closes (one pass: a refused query may hold
    many SELECTs, and each must not walk the text again)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for mark in re.finditer(r"[{}]", bare):
        if mark.group(0) == "{":
            opened.append(mark.start())
        elif opened:
            pairs[opened.pop()] = mark.start()
    return pairs
