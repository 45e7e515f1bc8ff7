"""Technical terms in plain words, for the people who fill in forms.

The shapes' messages are written for the command line and name the rule exactly
("schema:foundingDate: höchstens ein Gründungsdatum, als xsd:date, xsd:gYearMonth oder
xsd:gYear."), and the ontology's comments say why a term was chosen over others. The CLI keeps
them as they are; a form shows them through `plain`, which drops the leading prefixed name
(the field's label stands beside the message), brackets that only repeat technical names,
and says the rest in words: datatypes as "Tag, Monat oder Jahr", other terms by their label
from the ontology. `help_text` keeps a comment's first sentence, the definition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..namespaces import PREFIXES, XSD

#: Datatypes in words (the ontology does not label XML Schema's types).
_DATATYPE_WORDS = {
    "de": {
        XSD + "date": "Tag",
        XSD + "gYearMonth": "Monat",
        XSD + "gYear": "Jahr",
        XSD + "decimal": "Zahl",
        XSD + "integer": "ganze Zahl",
        XSD + "string": "Text",
        XSD + "dateTime": "Zeitpunkt",
    },
    "en": {
        XSD + "date": "day",
        XSD + "gYearMonth": "month",
        XSD + "gYear": "year",
        XSD + "decimal": "number",
        XSD + "integer": "whole number",
        XSD + "string": "text",
        XSD + "dateTime": "point in time",
    },
}
_CURIE = re.compile(
    r"(?<![\w/#])(" + "|".join(map(re.escape, PREFIXES)) + r"):([A-Za-z][\w.-]*\w|[A-Za-z])"
)
_LEADING = re.compile(r"^\s*(?:" + _CURIE.pattern + r")\s*:\s*")
_BRACKETS = re.compile(r"\s*\(([^()]*)\)")
_LANG_TAG = re.compile(r"(?<![\w])@[a-z]{2}\b")


def plain(message: str, lang: str, labels: Mapping[str, Mapping[str, str]]) -> str:
    """A shape's message without technical terms (see the module docstring).

    `labels` gives the ontology's labels of terms by IRI and language."""
    text = _LEADING.sub("", message)

    def bracket(m: re.Match[str]) -> str:
        inner = m.group(1)
        technical = _CURIE.search(inner) or _LANG_TAG.search(inner) or "->" in inner
        # An address with "…" is the form a value must have ("http://www.wikidata.org/
        # entity/Q…"): kept, or the message asked for a form it did not show (staff walk).
        technical = technical or ("://" in inner and "…" not in inner)
        return "" if technical else m.group(0)

    text = _BRACKETS.sub(bracket, text)

    def word(m: re.Match[str]) -> str:
        iri = PREFIXES[m.group(1)] + m.group(2)
        if iri in _DATATYPE_WORDS[lang]:
            return _DATATYPE_WORDS[lang][iri]
        label = labels.get(iri, {}).get(lang) or labels.get(iri, {}).get("de")
        if label:
            return f"„{label}“" if lang == "de" else f'"{label}"'
        return m.group(0)

    text = _CURIE.sub(word, text)
    text = re.sub(r"\s+([.,;:])", r"\1", text).strip()
    return text[:1].upper() + text[1:]


# The end of a sentence: after a word's last letter, before a capital or a prefixed name.
_SENTENCE_END = re.compile(r"(?<=[a-zäöüß)][.!?])\s+(?=[A-ZÄÖÜ]|[a-z]+:[A-Za-z])")


def help_text(comment: str, lang: str, labels: Mapping[str, Mapping[str, str]]) -> str:
    """A term's comment as help for a field: its first sentence, in plain words."""
    first = _SENTENCE_END.split(comment.strip(), maxsplit=1)[0]
    return plain(first, lang, labels)
