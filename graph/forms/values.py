"""What a form shows and what its inputs mean: an entity's current values, typed values from
the widgets, the choices of a concept field.

Dates are typed by what the person writes: a year ("1998") is `xsd:gYear`, a month
("2019-03", "03.2019") `xsd:gYearMonth`, a day ("2019-03-12", "12.03.2019") `xsd:date`, as
the model asks (never invent a day). A date that does not exist ("2019-02-30") is kept as
written and reported, so that the change is still validated as a whole (its other fields'
rules are said too); the shape's judgement on that same value is not said again
(`messages.from_report`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..cells import stored_lines
from ..explore.vocabulary import Labels, bindable_iri, sort_key
from ..languages import language_code
from ..namespaces import RDF_TYPE, XSD
from ..resources import query
from ..store import Store
from .model import Field, Form

#: The languages a language-tagged field shows side by side (German first) unless its shape
#: names others (sh:languageIn).
FORM_LANGUAGES = ("de", "en")

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$|^(\d{1,2})\.(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class Problem:
    """One message about one input, in German and English."""

    de: str
    en: str

    def text(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


class InputProblem(ValueError):
    def __init__(self, problem: Problem, term: ox.Literal | None = None) -> None:
        super().__init__(problem.en)
        self.problem = problem
        #: The value as written, typed as asked, for the validation to report on too.
        self.term = term


def field_languages(f: Field) -> tuple[str, ...]:
    return f.languages or FORM_LANGUAGES


def parse(f: Field, text: str, lang: str | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term for one input of field `f` (`lang` for a language-tagged one). Line
    breaks as the store keeps them: a browser sends a text area's as CRLF, and a text of
    several lines, saved unchanged, had been changed (and a conflict had named it as hers)."""
    text = stored_lines(text).strip()
    if f.widget == "lang-text":
        return ox.Literal(text, language=lang or FORM_LANGUAGES[0])
    if f.widget == "date":
        return parse_date(text)
    if f.widget == "number":
        return _number(f, text)
    if f.widget in ("concept", "choice", "link", "iri"):
        return _iri(f, text)
    if f.widget == "language":
        return _language(text)
    if f.datatypes and f.datatypes[0] != XSD + "string":
        return ox.Literal(text, datatype=ox.NamedNode(f.datatypes[0]))
    return ox.Literal(text)


def same_text(term: object) -> object:
    """A term as a form compares it with what the store holds: a text by its words and
    lines, whichever line breaks it was stored with (an import had kept a cell's CRLF, and
    the same text sent back from a form, with LF, was a change)."""
    if isinstance(term, ox.Literal):
        return (stored_lines(term.value), term.language, term.datatype.value)
    return term


def parse_date(text: str) -> ox.Literal:
    """A year, a month or a day, typed by its precision; a day that does not exist is
    refused with a clear message (the literal as written goes with the refusal)."""
    if m := _YEAR.match(text):
        term = ox.Literal(m.group(1), datatype=ox.NamedNode(XSD + "gYear"))
        if int(m.group(1)) == 0:  # no year 0 (1 BC is followed by AD 1): a mistyped year
            raise InputProblem(_no_such_date(text, "year"), term)
        return term
    if m := _MONTH.match(text):
        year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        lexical = f"{year}-{int(month):02d}"
        term = ox.Literal(lexical, datatype=ox.NamedNode(XSD + "gYearMonth"))
        if not 1 <= int(month) <= 12 or int(year) == 0:
            raise InputProblem(_no_such_date(text, "month"), term)
        return term
    if m := _DAY.match(text):
        if m.group(1):
            year, month, day = m.group(1), m.group(2), m.group(3)
        else:
            day, month, year = m.group(4), m.group(5), m.group(6)
        lexical = f"{year}-{int(month):02d}-{int(day):02d}"
        term = ox.Literal(lexical, datatype=ox.NamedNode(XSD + "date"))
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise InputProblem(_no_such_date(text), term) from None
        return term
    raise InputProblem(
        Problem(
            f"„{text}“ ist kein Datum. Bitte ein Jahr (1998), einen Monat (2019-03 oder "
            "03.2019) oder einen Tag (2019-03-12 oder 12.03.2019) angeben.",
            f'"{text}" is not a date. Please give a year (1998), a month (2019-03 or 03.2019) '
            "or a day (2019-03-12 or 12.03.2019).",
        )
    )


def _no_such_date(text: str, precision: str = "day") -> Problem:
    """A date that does not exist, named as what it is: "13.2019" is a month (it was said
    to be a day that does not exist, staff walk), "0000" a year."""
    de, en = {"year": ("Das Jahr", "The year"), "month": ("Den Monat", "The month")}.get(
        precision, ("Den Tag", "The date")
    )
    if precision == "year":
        return Problem(
            f"{de} „{text}“ gibt es nicht (auf 1 v. Chr. folgt 1 n. Chr.).",
            f'{en} "{text}" does not exist (1 BC is followed by AD 1).',
        )
    if precision == "month":
        return Problem(
            f"{de} „{text}“ gibt es nicht (Monate 1 bis 12, in einem Jahr ab 1).",
            f'{en} "{text}" does not exist (months 1 to 12, in a year from 1 on).',
        )
    return Problem(
        f"{de} „{text}“ gibt es nicht (z. B. kein 30. Februar, kein 13. Monat).",
        f'{en} "{text}" does not exist (there is no 30 February, no 13th month).',
    )


def _number(f: Field, text: str) -> ox.Literal:
    datatype = next((d for d in f.datatypes), XSD + "decimal")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InputProblem(
            Problem(f"„{text}“ ist keine Zahl.", f'"{text}" is not a number.'),
            ox.Literal(text, datatype=ox.NamedNode(datatype)),
        )
    if datatype == XSD + "integer":
        if number != number.to_integral_value():
            raise InputProblem(
                Problem(f"„{text}“ ist keine ganze Zahl.", f'"{text}" is not a whole number.')
            )
        return ox.Literal(str(int(number)), datatype=ox.NamedNode(datatype))
    return ox.Literal(format(number, "f"), datatype=ox.NamedNode(datatype))


#: An address as people write it without its scheme: "www.example.org", "verein.de/kontakt".
_WEB = re.compile(r"^(?:www\.|[a-z0-9-]+\.[a-z]{2,}(?:/|$))", re.IGNORECASE)


def web_address_term(text: str) -> ox.NamedNode:
    """A web address as the office writes it, in a form or a list: "www.verein.de" gets
    its https:// (a form refused it, where the import took it)."""
    address = f"https://{text}" if _WEB.match(text) else text
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", address):
        raise InputProblem(
            Problem(
                f"„{text}“ ist keine Webadresse (https://…).",
                f'"{text}" is not a web address (https://…).',
            )
        )
    return ox.NamedNode(address)


def _iri(f: Field, text: str) -> ox.NamedNode:
    if f.widget == "iri":
        return web_address_term(text)
    try:
        if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", text):
            raise ValueError(text)
        return ox.NamedNode(text)
    except ValueError:
        raise InputProblem(
            Problem(
                f"„{text}“ ist kein Eintrag aus der Liste; bitte einen Vorschlag wählen.",
                f'"{text}" is not an entry of the list; please choose a suggestion.',
            )
        ) from None


def _language(text: str) -> ox.Literal:
    """A language as the office names it ("Französisch", "French", "franz.") or by its code
    ("fr"), stored as the BCP 47 code the shapes and the speaker search read: the form's
    field had asked for codes, which staff do not know."""
    code = language_code(text)
    if code is None:
        raise InputProblem(
            Problem(
                f"„{text}“ ist keine bekannte Sprache. Bitte den Namen (Französisch) oder "
                "den Sprachcode (fr) angeben.",
                f'"{text}" is no language known here. Please give its name (French) or its '
                "code (fr).",
            )
        )
    return ox.Literal(code)


def shown(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """What an input shows for a term: an IRI, or a literal's lexical form."""
    return term.value


@dataclass
class Current:
    """An entity's current state as the form sees it: its statements per field, in which
    graphs, its types, and the labels of what it links to."""

    iri: str
    quads: dict[str, list[ox.Quad]] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)  # type -> graphs
    labels: Labels = field(default_factory=Labels)
    #: Other partners of its cooperations (the "cooperates with" field), with each one's
    #: cooperation.
    partners: dict[str, list[str]] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.types) or any(self.quads.values())

    def values(self, f: Field, lang: str | None = None) -> list[str]:
        """The inputs' values of field `f` (of one language for a language-tagged field)."""
        out = []
        for q in self.quads.get(f.path, []):
            obj = q.object
            wrong_language = not isinstance(obj, ox.Literal) or (obj.language or "") != lang
            if f.widget == "lang-text" and wrong_language:
                continue
            out.append(shown(obj))
        return list(dict.fromkeys(out))

    def managed(self, f: Field) -> list[ox.Quad]:
        """The statements the field shows, and so replaces on save: a language-tagged field
        leaves values in languages it does not show alone."""
        quads = self.quads.get(f.path, [])
        if f.widget != "lang-text":
            return list(quads)
        langs = field_languages(f)
        return [q for q in quads if isinstance(q.object, ox.Literal) and q.object.language in langs]


def read_current(store: Store, form: Form, iri: str) -> Current:
    """An entity's values of the form's fields in every graph (the workspace edits internal
    statements too), its types and the labels of the resources it links to."""
    current = Current(iri)
    node = bindable_iri(iri)
    paths = {f.path for f in form.fields}
    for row in store.select(query("forms/entity-values"), bindings={"entity": node}):
        predicate, graph = row["predicate"].value, row["graph"]
        if predicate in paths and isinstance(graph, ox.NamedNode):
            q = ox.Quad(ox.NamedNode(iri), row["predicate"], row["value"], graph)
            current.quads.setdefault(predicate, []).append(q)
        if predicate == RDF_TYPE and isinstance(graph, ox.NamedNode):
            current.types.setdefault(row["value"].value, []).append(graph.value)
    for row in store.select(query("forms/value-labels"), bindings={"entity": node}):
        current.labels.add(row["value"].value, row["label"])
    for row in store.select(query("forms/cooperation-partners"), bindings={"organisation": node}):
        current.partners.setdefault(row["partner"].value, []).append(row["cooperation"].value)
    return current


def types_of(store: Store, iri: str) -> dict[str, list[str]]:
    """An entity's types, each with the graphs it stands in (empty for an unknown IRI)."""
    found: dict[str, list[str]] = defaultdict(list)
    rows = store.select(query("forms/entity-types"), bindings={"entity": bindable_iri(iri)})
    for row in rows:
        if isinstance(row["graph"], ox.NamedNode):
            found[row["type"].value].append(row["graph"].value)
    return dict(found)


def on_public_side(store: Store, iri: str) -> bool:
    """Whether the entity's type stands in a public graph: only then has it a public page (a
    living person added in the workspace stands in the internal data, an entry that exists
    only in a draft nowhere)."""
    return any(
        store.is_public_graph(ox.NamedNode(graph))
        for graphs in types_of(store, iri).values()
        for graph in graphs
    )


def concept_choices(store: Store, f: Field, lang: str) -> list[tuple[str, str]]:
    """(IRI, label) of the concepts a concept field offers, sorted by label."""
    if f.scheme:
        rows = store.select(
            query("forms/scheme-concepts"), bindings={"scheme": ox.NamedNode(f.scheme)}
        )
    else:
        rows = store.select(query("forms/all-concepts"))
    labels = Labels()
    iris: list[str] = []
    for row in rows:
        iri = row["concept"].value
        iris.append(iri)
        labels.add(iri, row.get("label"))
    choices = [(iri, labels.get(iri, lang)) for iri in dict.fromkeys(iris)]
    return sorted(choices, key=lambda c: sort_key(c[1]))


@dataclass
class Submission:
    """What a person sent: the inputs by name (a language-tagged field's by `key@lang`), the
    version the form was opened on ("" for a new entity or one without history), a comment."""

    values: Mapping[str, Sequence[str]]
    version: str = ""
    comment: str = ""

    def inputs(self, name: str) -> list[str]:
        return [v for v in self.values.get(name, ()) if v and v.strip()]


def input_names(f: Field) -> list[tuple[str, str | None]]:
    """The names of a field's inputs, each with its language tag (a language-tagged field
    has one input per language it shows)."""
    if f.widget == "lang-text":
        return [(f"{f.key}@{tag}", tag) for tag in field_languages(f)]
    return [(f.key, None)]
