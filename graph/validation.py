"""SHACL and privacy validation of a write, on what the write touches; and of the whole store.

The validator runs our shapes compiled to SPARQL inside Oxigraph (or pySHACL, the reference)
on the change's own data with its context beside it (`validation_context`: the focus nodes
and what their checks read), and the privacy rules beside them (`validation_privacy`). What
it finds is a `findings.ValidationReport`.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .changes.blank_nodes import stranded
from .compiled_checks import shipped_checks
from .constraint_reads import reads_of
from .findings import Finding, ValidationReport
from .people.consent import public_without_consent
from .people.journal import journalled
from .shacl_checks import Check, run_checks, value_reads
from .validation_context import (
    RevalidationRule,
    add_context,
    add_person_context,
    drop_context,
    subjects_of,
)
from .validation_privacy import beside_privacy, consent_finding

if TYPE_CHECKING:
    import rdflib

MEMORY_VALIDATION_QUADS = 3_000_000  # whole-store validation copies smaller stores to memory


class Validator:
    """Our shapes and vocabulary, loaded once per process.

    `engine="sparql"` (the default) runs the shapes compiled to SPARQL inside Oxigraph
    (`graph/shacl_sparql.py`); `engine="pyshacl"` runs pySHACL, the reference that tests
    compare it with and that `akteursgraph validate --engine pyshacl` offers
    (`validation_pyshacl`, imported only then, or when the shapes must be compiled).
    """

    ENGINES = ("sparql", "pyshacl")

    def __init__(
        self,
        shapes: rdflib.Graph | None,
        ontology: rdflib.Graph | None,
        engine: str = "sparql",
        checks: list[Check] | None = None,
    ) -> None:
        """`shapes` and `ontology` None: the shipped ones, parsed when first needed (with
        `checks` given, a validator of the compiled engine never needs them)."""
        if engine not in self.ENGINES:
            raise ValueError(f"unknown validation engine {engine!r}")
        self._shapes = shapes
        self._ontology = ontology
        self.engine = engine
        self._checks = checks
        self._revalidation_rule: RevalidationRule | None = None

    @classmethod
    @cache
    def default(cls, engine: str = "sparql") -> Validator:
        """The shipped shapes' validator. The compiled engine takes its checks from the
        generated file (`compiled_checks`) when that was made from the shapes, vocabulary and
        compiler there are now: a third of a second less at the start of each writing
        process; else it compiles them."""
        if engine == "sparql":
            checks = shipped_checks()
            if checks is not None:
                return cls(None, None, engine, checks)
        return cls(None, None, engine)

    @staticmethod
    def compile_default() -> list[Check]:
        """The shipped shapes compiled now (`make compiled-shapes`, and its test)."""
        from .shacl_sparql import compile_shapes
        from .validation_pyshacl import shipped_graphs

        return compile_shapes(*shipped_graphs())

    @property
    def shapes(self) -> rdflib.Graph:
        if self._shapes is None:
            from .validation_pyshacl import shipped_graphs

            self._shapes = shipped_graphs()[0]
        return self._shapes

    @property
    def ontology(self) -> rdflib.Graph:
        if self._ontology is None:
            from .validation_pyshacl import shipped_graphs

            self._ontology = shipped_graphs()[1]
        return self._ontology

    @property
    def checks(self) -> list[Check]:
        if self._checks is None:
            from .shacl_sparql import compile_shapes

            self._checks = compile_shapes(self.shapes, self.ontology)
        return self._checks

    @property
    def revalidation_rule(self) -> RevalidationRule:
        """Made on the first write. The shipped shapes' SPARQL constraints are read from
        their generated file (`constraint_reads`); one the file does not know is parsed."""
        if self._revalidation_rule is None:
            self._revalidation_rule = RevalidationRule(value_reads(self.checks, reads_of))
        return self._revalidation_rule

    def validate_change(self, store: object, change: object) -> ValidationReport:
        return self.checks_for(store, change)()

    def checks_for(self, store: object, change: object) -> Callable[[], ValidationReport]:
        """Read from `store` what checking `change` needs, and return the checks themselves.

        Two steps because the checks read only the change's own staged data (with the context
        copied into it here), never the store: a bulk write can go on in the store while they
        run (`Writer.commit`), which is what makes a validated bulk load about as fast as the
        engine's bulk loader alone (issue 11)."""
        add = change.add  # type: ignore[attr-defined]
        staged = add if isinstance(add, ox.Store) else _in_memory(add)
        try:
            # Before the context joins the staged data. A load was filtered by the journal
            # when it was read (`journal_seen`).
            erased = (
                journalled(store.path, staged)  # type: ignore[attr-defined]
                if change.journal_seen is None  # type: ignore[attr-defined]
                else []
            )
            focus = add_context(store, change, staged, self.revalidation_rule)
            add_person_context(store, change, staged)
            # What a change removes can break the consent rule too (the staged data holds
            # only what it adds): a removed consent or historical-person type.
            without_consent = public_without_consent(store, change)  # type: ignore[arg-type]
            cut_off = stranded(store.dataset, add, change.remove)  # type: ignore[attr-defined]
        except BaseException:
            drop_context(staged)
            raise
        public_prefix: str = store.public_prefix  # type: ignore[attr-defined]

        def check() -> ValidationReport:
            def shapes() -> list[Finding]:
                if self.engine == "sparql":
                    return self._compiled(staged, focus)
                import rdflib

                from .validation_pyshacl import shacl_findings, to_graph

                iri_focus = [
                    rdflib.URIRef(n.value)
                    for n in subjects_of(staged)
                    if isinstance(n, ox.NamedNode) and n in focus
                ]
                if not iri_focus:
                    return []
                return shacl_findings(to_graph(staged), self.shapes, self.ontology, iri_focus)

            report = ValidationReport()
            try:
                report.findings.extend(beside_privacy(staged, public_prefix, shapes))
                known = {(f.node, f.shape) for f in report.findings}
                for person in without_consent:
                    finding = consent_finding(person.value)
                    if (finding.node, finding.shape) not in known:
                        report.findings.append(finding)
                report.findings.extend(stranded_finding(link) for link in cut_off)
                report.findings.extend(erased_findings(erased))
            finally:
                drop_context(staged)
            return report

        return check

    def validate_all(self, store: object) -> ValidationReport:
        """Whole-store validation (`akteursgraph validate`): every node is a focus node."""
        report = ValidationReport()
        data = store.dataset  # type: ignore[attr-defined]
        if self.engine == "sparql" and len(data) <= MEMORY_VALIDATION_QUADS:
            # The checks read every node several times: from memory that is about four
            # times faster than from RocksDB, and a copy of a few million quads fits.
            in_memory = ox.Store()
            in_memory.bulk_extend(data)
            data = in_memory

        def shapes() -> list[Finding]:
            if self.engine == "sparql":
                return self._compiled(data, None)
            from .validation_pyshacl import shacl_findings, to_graph

            # No engine iterator in this frame: pySHACL keeps frames in reference cycles
            # (with their callers), and the collector may then drop the iterator on another
            # thread, which pyo3 refuses ("unsendable").
            data_graph = to_graph(store.quads())  # type: ignore[attr-defined]
            return shacl_findings(data_graph, self.shapes, self.ontology, None)

        report.findings.extend(beside_privacy(data, store.public_prefix, shapes))  # type: ignore[attr-defined]
        return report

    def _compiled(self, data: ox.Store, focus: Container[object] | None) -> list[Finding]:
        findings = {
            Finding(
                severity=v.check.severity,
                node=v.node.value,
                path=v.check.path,
                shape=v.check.shape or "_:anonymous",
                message_de=v.message.get("de") or v.message.get("", "SHACL"),
                message_en=v.message.get("en") or v.message.get("", "SHACL"),
                value=v.value.value if v.value is not None else None,
                component=v.check.component,
            )
            for v in run_checks(self.checks, data, focus=focus)
        }
        return sorted(
            findings, key=lambda f: (f.severity != "violation", f.node, f.path or "", f.shape)
        )


def _in_memory(quads: Iterable[ox.Quad]) -> ox.Store:
    staged = ox.Store()
    staged.extend(quads)
    return staged


def erased_findings(quads: list[ox.Quad]) -> list[Finding]:
    """Statements naming a person erased at their request (`people.journal.journalled`), one
    finding for each subject and property."""
    findings: dict[tuple[str, str], Finding] = {}
    for q in quads:
        node = q.subject.value if isinstance(q.subject, ox.NamedNode) else str(q.subject)
        findings.setdefault(
            (node, q.predicate.value),
            Finding(
                "violation",
                node,
                q.predicate.value,
                "https://w3id.org/akteursgraph/shapes#ErasedStaysErased",
                "Die Aussage nennt eine Person (Adresse oder Kontaktangabe), die auf ihren "
                "Wunsch gelöscht wurde (Löschjournal); sie darf nicht wieder gespeichert werden.",
                "The statement names a person (IRI or contact value) who was erased at their "
                "request (erasure journal); they may not be stored again.",
                value=q.object.value if isinstance(q.object, ox.Literal | ox.NamedNode) else None,
            ),
        )
    return list(findings.values())


def stranded_finding(link: ox.Quad) -> Finding:
    """A removal that cuts a blank node off from what holds it (`blank_nodes.stranded`)."""
    holder = link.subject.value if isinstance(link.subject, ox.NamedNode) else str(link.subject)
    return Finding(
        "violation",
        holder,
        link.predicate.value,
        "https://w3id.org/akteursgraph/shapes#NoBlankNodeCutOff",
        "Die Änderung entfernt die Verbindung zu einem leeren Knoten, behält aber seine "
        "Aussagen: er bliebe ohne Bezug im Speicher, auf keiner Seite sichtbar und von keiner "
        "Löschung erreicht. Seine Aussagen mit entfernen (oder die Verbindung behalten).",
        "The change removes the link to a blank node but keeps its statements: it would stay "
        "in the store attached to nothing, shown on no page and reached by no erasure. Remove "
        "its statements too (or keep the link).",
        value=f"_:{link.object.value}",
    )
