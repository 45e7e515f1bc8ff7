"""The shapes' messages next to their fields, in plain words (`words.plain`).

A violation whose focus node is the entity and whose path is a field of the form goes next
to that field; anything else (another node of the change, a rule about the whole entity) to
the top of the form. Nothing is lost: every violation is shown somewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..findings import Finding, ValidationReport
from ..namespaces import curie
from .model import Field, Form
from .values import Problem
from .words import plain


@dataclass
class Problems:
    """Messages for a form: per field (by its key) and for the form as a whole."""

    fields: dict[str, list[Problem]] = field(default_factory=dict)
    top: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.top)

    def add(self, key: str | None, problem: Problem) -> None:
        target = self.top if key is None else self.fields.setdefault(key, [])
        if problem not in target:
            target.append(problem)


def from_report(
    report: ValidationReport,
    form: Form,
    iri: str,
    labels: Mapping[str, Mapping[str, str]],
    problems: Problems | None = None,
) -> Problems:
    """Each violation next to its field (its focus node is the entity and its path a field),
    the rest at the top of the form, all in plain words.

    A field whose input was already refused (`problems`: "the date 2019-02-30 does not
    exist") keeps that message alone for its values: the shape's judgement on the same
    value added "At most one founding date, as day, month or year", a rule of one date,
    of which there was one (workspace walk). Its rules on the field as a whole (a value
    missing: no value is named) are still said."""
    problems = problems if problems is not None else Problems()
    refused = set(problems.fields)
    for finding in report.violations:
        problem = _plain_problem(finding, labels)
        f = form.field(finding.path) if finding.path else _field_of_shape(form, finding.shape)
        if finding.node == iri and f is not None:
            if f.key in refused and finding.value is not None:
                continue
            problems.add(f.key, problem)
        else:
            problems.add(None, problem)
    return problems


def _field_of_shape(form: Form, shape: str) -> Field | None:
    """The field a rule about the whole entry stands for, where the shapes make it one: a
    node shape that requires the field unless the entry is of another kind ("an event
    needs an organiser"; `shapes_reader._required_unless`)."""
    return next((f for f in form.fields if shape in f.shapes), None)


def _plain_problem(finding: Finding, labels: Mapping[str, Mapping[str, str]]) -> Problem:
    return Problem(plain(finding.message_de, "de", labels), plain(finding.message_en, "en", labels))


def from_report_warnings(
    report: ValidationReport, labels: Mapping[str, Mapping[str, str]]
) -> tuple[Problem, ...]:
    """What a saved change was only warned about, in plain words, each once."""
    return tuple(dict.fromkeys(_plain_problem(f, labels) for f in report.warnings))


#: At most this many of a refused write's violations are said on a staff page, with a count
#: of the rest (a revert of a large import can break many rules at once).
MAX_SAID = 20


def report_in_words(
    report: ValidationReport,
    lang: str,
    labels: Mapping[str, Mapping[str, str]],
    names: Mapping[str, str],
) -> tuple[list[dict[str, str]], int]:
    """A refused write's violations for staff (a revert, a publication): each with the entry
    it is about by name (`names`: IRI -> label) and its rule in plain words, and how many
    more there are. The page showed the report as the command line writes it, with
    addresses and prefixed names ("<https://…> org:subOrganizationOf (Wert / value: …)")."""
    said = []
    for finding in report.violations[:MAX_SAID]:
        message = finding.message_de if lang == "de" else finding.message_en
        entry = names.get(finding.node) or curie(finding.node)
        said.append({"entry": entry, "rule": plain(message, lang, labels)})
    return said, max(0, len(report.violations) - MAX_SAID)
