"""SHACL and privacy validation of a write, on what the write touches.

Validating a change re-validates only its focus nodes: the subjects it adds or removes
statements about, and the nodes whose checks can read what it changes (`RevalidationRule`,
derived from the compiled checks): of the nodes that point at a subject it removes or adds
statements of, those with a check that reads them (a statement, when its subject's plain
triples change), and the nodes that read a changed node as one pointing at their values (the
other statements about a statement's subject and property). The data validated is an
in-memory store holding the change's added quads in their graphs plus, in a separate context
graph, as they will be after the change: the description of the focus nodes (their
statements, through blank nodes), the `rdf:type`, `skos:inScheme` and consent of everything
they point at, and what their checks read beyond that (a statement's subject's triples and
the other statements about it), which is all our shapes and privacy rules look at. Tests
prove the verdicts equal those of whole-graph pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from .compiled_checks import shipped_checks
from .constraint_reads import reads_of
from .errors import InvalidDataError
from .namespaces import (
    HAS_DATA_SUBJECT,
    HISTORICAL_PERSON_CLASS,
    PERSON_CLASS,
    PUBLICATION_CONSENT,
    RDF_TYPE,
    SKOS,
    curie,
)
from .people.consent import now_literal, public_without_consent
from .people.contact import EMAIL, PHONE, contact_in_text
from .people.purposes import PUBLIC_FIELDS
from .resources import query
from .shacl_checks import ANY, Check, Reads, is_small, run_checks, value_reads
from .store import CHECKS_GRAPH_PREFIX

if TYPE_CHECKING:
    import rdflib

_TYPE = ox.NamedNode(RDF_TYPE)
_IN_SCHEME = ox.NamedNode(SKOS + "inScheme")
_CONSENT = ox.NamedNode(PUBLICATION_CONSENT)
MEMORY_VALIDATION_QUADS = 3_000_000  # whole-store validation copies smaller stores to memory
_POINTED_PREDICATES = (_TYPE, _IN_SCHEME, _CONSENT)
# Where validation puts the existing statements it needs beside a change; never committed,
# and not under a public prefix, so the privacy rules do not read it as published.
CONTEXT_GRAPH = ox.NamedNode(CHECKS_GRAPH_PREFIX)
# Beside it, the few existing statements whose being in a public graph matters to a rule (a
# historical-person type counts only from a public graph); also never committed.
PUBLIC_CONTEXT_GRAPH = ox.NamedNode(CHECKS_GRAPH_PREFIX + "-public")
_CONTEXT_GRAPHS = (CONTEXT_GRAPH, PUBLIC_CONTEXT_GRAPH)
_HISTORICAL = ox.NamedNode(HISTORICAL_PERSON_CLASS)
_PERSON = ox.NamedNode(PERSON_CLASS)
_DATA_SUBJECT = ox.NamedNode(HAS_DATA_SUBJECT)
T = TypeVar("T")


@dataclass(frozen=True)
class Finding:
    """One result: which node broke which rule, in both languages."""

    severity: str  # "violation" | "warning" | "info"
    node: str
    path: str | None
    shape: str
    message_de: str
    message_en: str
    value: str | None = None
    component: str | None = None

    def render(self) -> str:
        label = {"violation": "Verstoß / violation", "warning": "Warnung / warning"}.get(
            self.severity, "Hinweis / info"
        )
        where = curie(self.node) + (f"  {curie(self.path)}" if self.path else "")
        value = f"  (Wert / value: {self.value})" if self.value else ""
        return (
            f"- {label}: {where}{value}\n"
            f"    de: {self.message_de}\n"
            f"    en: {self.message_en}\n"
            f"    Regel / rule: {self.rule}"
        )

    @property
    def rule(self) -> str:
        """The shape by name, or for an anonymous property shape the constraint it broke."""
        parts = []
        if self.shape.startswith("http"):
            parts.append(curie(self.shape))
        if self.component:
            parts.append(curie(self.component).replace("sh:", "sh:", 1))
        return " ".join(parts) or "SHACL"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self, *, limit: int = 50) -> str:
        ordered = self.violations + self.warnings
        lines = [f.render() for f in ordered[:limit]]
        if len(ordered) > limit:
            rest = len(ordered) - limit
            lines.append(f"... {rest} weitere / {rest} more")
        return "\n".join(lines)

    def raise_for_violations(self) -> None:
        if self.violations:
            raise ValidationFailed(self)


class ValidationFailed(InvalidDataError):
    """A write broke one or more rules; nothing was stored. Carries the full report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        n = len(report.violations)
        super().__init__(
            f"{n} Verstoß/Verstöße gegen die Regeln; nichts wurde gespeichert.",
            f"{n} violation(s) of the rules; nothing was stored.",
        )

    def bilingual(self) -> str:
        return super().bilingual() + "\n" + self.report.render()


class RevalidationRule:
    """What a write validates and reads beyond the subjects it speaks about, derived from what
    the compiled checks read of other nodes (`shacl_checks.value_reads`).

    Which nodes pointing at X a write re-validates: a node P that points at X (P link X) needs
    its checks run again only if one of them can read a statement of X the write removes, or
    adds where more can break the check (`Reads.added`: a maximum, a condition on every value,
    a SPARQL constraint, which may negate what it reads). The checks say what they read of
    the nodes they point at: rdf:type for sh:class, skos:inScheme for a scheme's sh:node, an
    address's fields, any predicate of a statement's rdf:subject; and whatever the context
    copies of every node pointed at (`_POINTED_PREDICATES`: type, scheme and consent, which
    the privacy rules read too) counts for every link on removal. A blank node belongs to its
    parent: any removal of its statements re-validates what points at it. Before this rule
    every node that pointed at X was re-validated: 25,000 for an import that changed 5,000
    organisations (issue 15).

    What the context holds beyond the focus nodes' descriptions and the pointed predicates:
    the statements of their values that a check reads (`value_reads`: the plain triples of a
    statement's subject), and the nodes pointing at their values that a check reads (`back`:
    the other statements about the statement's subject and property), whose changes in turn
    re-validate the nodes that read them.
    """

    def __init__(self, reads: Reads) -> None:
        by_link: dict[str, set[str]] = defaultdict(set)
        for link, predicate in reads.pairs:
            by_link[link].add(predicate)
        pointed = {p.value for p in _POINTED_PREDICATES}
        self.value_reads = {
            link: frozenset(read) for link, read in by_link.items() if ANY in read or read - pointed
        }
        every = pointed | by_link.pop(ANY, set())
        self.every_link = frozenset(every)
        self.by_link = {link: frozenset(read | every) for link, read in by_link.items()}
        added: dict[str, set[str]] = defaultdict(set)
        for link, predicate in reads.added:
            added[link].add(predicate)
        self.added = {link: frozenset(read) for link, read in added.items()}
        self.back = tuple(sorted(reads.back, key=repr))

    def revalidates(self, link: ox.NamedNode, removed: Container[str]) -> bool:
        """Whether a node pointing by `link` at a node losing the predicates `removed`
        must be validated again."""
        read = self.by_link.get(link.value, self.every_link)
        return ANY in read or any(p in removed for p in read)


class _PostChangeView:
    """The statements as they will be once the change is applied (all graphs): the store's
    but those the change removes, and those it adds, which are in `staged` (outside the
    context graphs), so a load's quads never become Python objects here."""

    def __init__(self, store: object, change: object, staged: ox.Store) -> None:
        self.store = store
        self.staged = staged
        self.removed = set(change.remove)  # type: ignore[attr-defined]

    def quads(
        self, s: object = None, p: ox.NamedNode | None = None, o: object = None
    ) -> Iterator[ox.Quad]:
        for q in self.store.quads(s, p, o):  # type: ignore[attr-defined]
            if q not in self.removed:
                yield q
        for q in self.staged.quads_for_pattern(s, p, o, None):  # type: ignore[arg-type]
            if q.graph_name not in _CONTEXT_GRAPHS:
                yield q

    def quads_about(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
        return list(self.quads(node))

    def objects(self, node: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> set[object]:
        # By pattern, not from the whole description: an import asks this of thousands of
        # nodes for each of the pointed predicates (issue 15).
        return {q.object for q in self.quads(node, predicate)}


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
            focus = _add_context(store, change, staged, self.revalidation_rule)
            _add_person_context(store, change, staged)
            # What a change removes can break the consent rule too (the staged data holds
            # only what it adds): a removed consent or historical-person type.
            without_consent = public_without_consent(store, change)  # type: ignore[arg-type]
        except BaseException:
            _drop_context(staged)
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
                    for n in _subjects(staged)
                    if isinstance(n, ox.NamedNode) and n in focus
                ]
                if not iri_focus:
                    return []
                return shacl_findings(to_graph(staged), self.shapes, self.ontology, iri_focus)

            report = ValidationReport()
            try:
                report.findings.extend(_beside_privacy(staged, public_prefix, shapes))
                known = {(f.node, f.shape) for f in report.findings}
                for person in without_consent:
                    finding = _consent_finding(person.value)
                    if (finding.node, finding.shape) not in known:
                        report.findings.append(finding)
            finally:
                _drop_context(staged)
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

            quads = store.quads()  # type: ignore[attr-defined]
            return shacl_findings(to_graph(quads), self.shapes, self.ontology, None)

        report.findings.extend(_beside_privacy(data, store.public_prefix, shapes))  # type: ignore[attr-defined]
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


class _OwnSubjects:
    """The focus of a change that only adds: the subjects of its own statements, and `extra`
    nodes whose checks read what it adds.

    Asked only about the few nodes that break a rule, so a load of a million triples never
    builds a Python set of its subjects.
    """

    def __init__(self, staged: ox.Store, extra: set[object]) -> None:
        self.staged = staged
        self.extra = extra

    def __contains__(self, node: object) -> bool:
        return node in self.extra or any(
            q.graph_name not in _CONTEXT_GRAPHS
            for q in self.staged.quads_for_pattern(node, None, None, None)  # type: ignore[arg-type]
        )


def _subjects(data: ox.Store) -> Iterator[ox.NamedNode | ox.BlankNode]:
    return (row["s"] for row in data.query(query("validation/subjects")))


def _drop_context(staged: ox.Store) -> None:
    """The change's own store is committed after validation: it must not keep the context."""
    for graph in _CONTEXT_GRAPHS:
        if staged.contains_named_graph(graph):
            staged.remove_graph(graph)


def _add_context(
    store: object, change: object, staged: ox.Store, rule: RevalidationRule
) -> Container[object]:
    """Put the post-change description of what the change touches into CONTEXT_GRAPH.

    Returns the focus nodes. A change that only adds (every load) takes a fast path: its
    statements are in `staged` already, so only the existing statements of its subjects
    and the types of what it points at are looked up, from whichever side is smaller.
    Both paths end with what the checks read of other nodes (`_read_context`).
    """
    context: list[ox.Quad] = []

    def put(q: ox.Quad) -> None:
        context.append(ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH))

    after = _PostChangeView(store, change, staged)
    revalidated = _revalidated(store, change, staged, rule, after)
    if not change.remove:  # type: ignore[attr-defined]
        main = store.dataset  # type: ignore[attr-defined]
        # Walk whichever side costs less: the store's quads (a big load into a small store),
        # or one look-up in the store per subject of the change. Counting a store on disk
        # reads all of it, so it is read only as far as the change has subjects: comparing
        # with the change's quads instead read 340,000 quads of the 1.42M district for each
        # 50,000-row import (issue 15), to take the branch this comparison takes too.
        # In step: a quad of the store for each subject of the change, until one side ends.
        main_quads = iter(main)
        main_is_smaller = any(next(main_quads, None) is None for _ in _subjects(staged))
        if main_is_smaller:  # a big load: walk the store's few subjects
            known = list(_subjects(main))
            existing = [s for s in known if _has_subject(staged, s)]
            pointed = {s for s in known if _is_object(staged, s)}
        else:  # a small change: walk its subjects and what it points at
            existing = [s for s in _subjects(staged) if _has_subject(main, s)]
            pointed = {row["o"] for row in staged.query(query("validation/pointed-outside"))}
        # Nodes outside the change that it re-validates: described like its own subjects.
        extra = {n for n in revalidated if not _has_subject(staged, n)}
        pending = [s for s in existing if isinstance(s, ox.NamedNode)] + list(extra)
        seen: set[object] = set()
        while pending:
            node = pending.pop()
            if node in seen:
                continue
            seen.add(node)
            for q in main.quads_for_pattern(node, None, None, None):
                put(q)
                if isinstance(q.object, ox.BlankNode):
                    pending.append(q.object)
                elif isinstance(q.object, ox.NamedNode) and q.predicate != _TYPE:
                    pointed.add(q.object)
        for obj in pointed:
            for p in _POINTED_PREDICATES:
                for q in main.quads_for_pattern(obj, p, None, None):
                    put(q)
        staged.extend(context)
        own = _OwnSubjects(staged, extra)
        staged.extend(_read_context(after, staged, own, rule))
        return own
    found = _focus_nodes(store, change, staged, rule)
    focus = list(dict.fromkeys([*found, *revalidated]))
    seen = set()
    # The types (and other pointed predicates) of a node pointed at are the same however
    # often it is pointed at: a 50,000-row import points at the same 20 topics each row.
    pointed_done: set[object] = set()
    pending = list(focus)
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in after.quads_about(node):
            put(q)
            obj = q.object
            if isinstance(obj, ox.BlankNode):
                pending.append(obj)  # follow blank nodes: they belong to their parent
            elif (
                isinstance(obj, ox.NamedNode)
                and obj not in seen
                and obj not in pointed_done
                and q.predicate != _TYPE
            ):
                pointed_done.add(obj)
                for p in _POINTED_PREDICATES:
                    for o in after.objects(obj, p):
                        context.append(ox.Quad(obj, p, o, CONTEXT_GRAPH))
    staged.extend(context)
    focused = set(focus)
    staged.extend(_read_context(after, staged, focused, rule))
    return focused


def _revalidated(
    store: object,
    change: object,
    staged: ox.Store,
    rule: RevalidationRule,
    after: _PostChangeView,
) -> set[object]:
    """The nodes besides the change's subjects whose checks read what it adds, or what it
    changes of the nodes that point at their values.

    Those that point at a node the change adds statements to, where more such statements
    can break one of their checks (`RevalidationRule.added`: a statement, when its subject
    gains a plain triple; what a change removes, `_focus_nodes` follows); and those that read
    a node the change adds or removes statements of as a node pointing at their values
    (`RevalidationRule.back`: the other statements about a subject and property, when one
    of them changes). Called before any context is staged: `staged` holds the change's own
    quads. Each link is read from whichever side is smaller: one look-up per subject of the
    change, or the store's statements with the link (a big load).
    """
    main: ox.Store = store.dataset  # type: ignore[attr-defined]
    found: set[object] = set()
    for link, predicates in rule.added.items():
        by = None if link == ANY else ox.NamedNode(link)
        changed = _subjects(staged) if ANY in predicates else _subjects_with(staged, predicates)
        side, items = _fewest([changed, iter(main.quads_for_pattern(None, by, None, None))])
        if side == 0:  # the change's subjects
            for node in items:
                pointing = main.quads_for_pattern(None, by, node, None)  # type: ignore[arg-type]
                found.update(q.subject for q in pointing)
        else:  # the store's statements with the link
            for q in items:
                value = q.object  # type: ignore[union-attr]
                if not isinstance(value, ox.Literal) and next(
                    _added_quads(staged, value, predicates), None
                ):
                    found.add(q.subject)  # type: ignore[union-attr]
    for back in rule.back:
        changed_nodes = set(_subjects_with(staged, back.predicates))
        changed_nodes.update(
            q.subject
            for q in change.remove  # type: ignore[attr-defined]
            if ANY in back.predicates or q.predicate.value in back.predicates
        )
        for node in changed_nodes:
            ways = [_readers(main, staged, after, node, *way) for way in sorted(back.ways)]
            found.update(_fewest(ways)[1])
    return found


def _read_context(
    after: _PostChangeView, staged: ox.Store, focus: Container[object], rule: RevalidationRule
) -> list[ox.Quad]:
    """What the focus nodes' checks read of other nodes, beyond the predicates the context
    copies of every node pointed at, as it will be after the change.

    The statements of their values that a check reads (`RevalidationRule.value_reads`: a
    statement's subject's plain triples), and the nodes pointing at their values that a
    check reads (`RevalidationRule.back`: the other statements about that subject and
    property) with the statements it reads of them. The focus nodes' own statements lead
    there: `staged` holds them already, and the whole description of a focus node, which is
    not copied again.
    """
    out: list[ox.Quad] = []
    copied: set[tuple[object, str]] = set()

    def copy(node: object, predicates: frozenset[str]) -> None:
        if node in focus:
            return
        for p in [ANY] if ANY in predicates else sorted(predicates):
            if (node, p) not in copied:
                copied.add((node, p))
                by = None if p == ANY else ox.NamedNode(p)
                out.extend(
                    ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH)
                    for q in after.quads(node, by)
                )

    def values(link: str) -> set[tuple[object, object]]:
        """(focus node, value) of the focus nodes' statements with `link`."""
        by = None if link == ANY else ox.NamedNode(link)
        pairs = {(q.subject, q.object) for q in staged.quads_for_pattern(None, by, None, None)}
        return {(n, v) for n, v in pairs if n in focus}

    for link, predicates in rule.value_reads.items():
        for _, value in values(link):
            if isinstance(value, ox.NamedNode):  # a blank one is its parent's, a literal bare
                copy(value, predicates)
    for back in rule.back:
        ways: dict[object, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
        for link, predicate in back.ways:
            for node, value in values(link):
                ways[node][predicate].add(value)
        for found in ways.values():
            # Any one way finds all the nodes that point at the values (`Back`).
            pointing = [_pointing(after, p, found[p]) for p in sorted(found)]
            for other in set(_fewest(pointing)[1]):
                copy(other, back.predicates)
    return out


def _readers(
    main: ox.Store,
    staged: ox.Store,
    after: _PostChangeView,
    node: object,
    link: str,
    predicate: str,
) -> Iterator[object]:
    """The nodes whose values on `link` `node` points at by `predicate`, before or after."""
    by = None if predicate == ANY else ox.NamedNode(predicate)
    values = {q.object for q in main.quads_for_pattern(node, by, None, None)}  # type: ignore[arg-type]
    values.update(q.object for q in _added_quads(staged, node, {predicate}))
    yield from _pointing(after, link, values)


def _pointing(after: _PostChangeView, predicate: str, values: Iterable[object]) -> Iterator[object]:
    """The nodes that point at one of `values` by `predicate`, after the change."""
    by = None if predicate == ANY else ox.NamedNode(predicate)
    for value in values:
        yield from (q.subject for q in after.quads(None, by, value))


def _added_quads(staged: ox.Store, node: object, predicates: Iterable[str]) -> Iterator[ox.Quad]:
    """The change's own quads about `node` with `predicates` (`ANY`: all)."""
    for p in [None] if ANY in predicates else [ox.NamedNode(p) for p in predicates]:
        for q in staged.quads_for_pattern(node, p, None, None):  # type: ignore[arg-type]
            if q.graph_name not in _CONTEXT_GRAPHS:
                yield q


def _subjects_with(staged: ox.Store, predicates: Iterable[str]) -> Iterator[object]:
    """The subjects of the change's own quads with `predicates` (`ANY`: any), each once."""
    seen: set[object] = set()
    for p in [None] if ANY in predicates else [ox.NamedNode(p) for p in sorted(predicates)]:
        for q in staged.quads_for_pattern(None, p, None, None):
            if q.subject not in seen and q.graph_name not in _CONTEXT_GRAPHS:
                seen.add(q.subject)
                yield q.subject


_END = object()


def _fewest(candidates: list[Iterator[T]]) -> tuple[int, list[T]]:
    """Which of `candidates` yields fewest items, and its items. They are read in step, an
    item of each in turn, until one ends: the cost is about that of the smallest."""
    read: list[list[T]] = [[] for _ in candidates]
    while candidates:
        for i, candidate in enumerate(candidates):
            item = next(candidate, _END)
            if item is _END:
                return i, read[i]
            read[i].append(item)  # type: ignore[arg-type]
    return -1, []


def _add_person_context(store: object, change: object, staged: ox.Store) -> None:
    """For each person the staged data names: their consent records (the consent rules read
    them, and they point at the person, so no description holds them) and their
    historical-person type where it stands in a public graph (the exemption counts only
    there), both as they stand after the change."""
    removed = set(change.remove)  # type: ignore[attr-defined]
    people = {q.subject for q in staged.quads_for_pattern(None, _TYPE, _PERSON, None)}
    extra: list[ox.Quad] = []
    for person in people:
        for q in store.quads(person, _TYPE, _HISTORICAL):  # type: ignore[attr-defined]
            if q not in removed and store.is_public_graph(q.graph_name):  # type: ignore[attr-defined]
                extra.append(ox.Quad(q.subject, q.predicate, q.object, PUBLIC_CONTEXT_GRAPH))
        for link in store.quads(None, _DATA_SUBJECT, person):  # type: ignore[attr-defined]
            for q in store.quads(link.subject):  # type: ignore[attr-defined]
                if q not in removed:
                    extra.append(ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH))
    staged.extend(extra)


def _is_object(data: ox.Store, node: object) -> bool:
    return next(iter(data.quads_for_pattern(None, None, node, None)), None) is not None  # type: ignore[arg-type]


def _has_subject(data: ox.Store, node: object) -> bool:
    return next(iter(data.quads_for_pattern(node, None, None, None)), None) is not None  # type: ignore[arg-type]


def _focus_nodes(
    store: object, change: object, staged: ox.Store, rule: RevalidationRule
) -> list[ox.NamedNode | ox.BlankNode]:
    """Subjects the change speaks about, plus the nodes pointing at removed statements'
    subjects whose checks can read what was removed (`RevalidationRule`)."""
    focus: dict[object, None] = dict.fromkeys(
        row["s"] for row in staged.query(query("validation/subjects"))
    )
    removed: dict[object, set[str]] = defaultdict(set)
    for q in change.remove:  # type: ignore[attr-defined]
        removed[q.subject].add(q.predicate.value)
    for s, predicates in removed.items():
        focus[s] = None
        blank = isinstance(s, ox.BlankNode)
        for q in store.quads(None, None, s):  # type: ignore[attr-defined]
            if blank or rule.revalidates(q.predicate, predicates):
                focus[q.subject] = None
    return [n for n in focus if isinstance(n, ox.NamedNode | ox.BlankNode)]


def _beside_privacy(
    data: ox.Store, public_prefix: str, shapes: Callable[[], list[Finding]]
) -> list[Finding]:
    """What `shapes()` finds, then what the privacy rules find, both on `data`.

    The privacy queries scan the data as the shapes' checks do, and Oxigraph runs both
    without the GIL: on a big change the privacy rules run on a thread beside the checks (a
    CLI load of the 1.42M district about 3 s faster, issue 11). A small change stays on one
    thread, where starting another costs more than it gains."""
    if is_small(data):
        return shapes() + _privacy_findings(data, public_prefix)
    # Leaving the block waits for the privacy queries, also when the checks raised: the
    # caller may drop the staged context only when no query reads it any more.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="privacy") as side:
        privacy = side.submit(_privacy_findings, data, public_prefix)
        found = shapes()
        return found + privacy.result()


def _privacy_findings(data: ox.Store, public_prefix: str) -> list[Finding]:
    """Rules SHACL cannot state, because they depend on the named graph of a statement."""
    bound = {ox.Variable("public"): ox.Literal(public_prefix)}
    findings: list[Finding] = []
    # Types count from any graph (the union), the statements from the public graphs.
    contact = query("validation/contact-in-public")
    for row in data.query(contact, substitutions=bound, use_default_graph_as_union=True):
        graph = row["graph"].value
        findings.append(
            Finding(
                "violation",
                row["node"].value,
                row["property"].value,
                "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic",
                "Kontaktdaten gehören nur in einen internen Graphen, nie in einen öffentlichen "
                f"({graph}).",
                f"Contact data belongs in an internal graph only, never in a public one ({graph}).",
            )
        )
    rules = ((query("validation/contact-iri-in-public"), True), (_contact_text(), True))
    for text, union in rules:
        for row in data.query(text, substitutions=bound, use_default_graph_as_union=union):
            findings.append(_personal_contact_finding(row))
    consent_bound = {**bound, ox.Variable("publicContext"): PUBLIC_CONTEXT_GRAPH}
    query_text = query("validation/person-public-without-consent")
    for row in data.query(query_text, substitutions=consent_bound, use_default_graph_as_union=True):
        findings.append(_consent_finding(row["person"].value))
    findings.extend(_record_findings(data, bound))
    return findings


def _record_findings(data: ox.Store, bound: dict[ox.Variable, ox.Term]) -> list[Finding]:
    """A public field without a valid consent record for its purpose; a record in public."""
    findings: list[Finding] = []
    now = {ox.Variable("now"): now_literal()}
    for field_iri, purpose in PUBLIC_FIELDS.items():
        values = {
            **bound,
            **now,
            ox.Variable("field"): ox.NamedNode(field_iri),
            ox.Variable("purpose"): ox.NamedNode(purpose),
        }
        text = query("validation/consent-field-without-record")
        for row in data.query(text, substitutions=values, use_default_graph_as_union=True):
            findings.append(
                Finding(
                    "violation",
                    row["person"].value,
                    field_iri,
                    "https://w3id.org/akteursgraph/shapes#PublicFieldOnlyWithConsentRecord",
                    f"{curie(field_iri)} einer lebenden Person steht nur mit einer gültigen, nicht "
                    f"abgelaufenen Einwilligung (dpv:Consent, dpv:ConsentGiven) für den Zweck "
                    f"{curie(purpose)} in einem öffentlichen Graphen.",
                    f"{curie(field_iri)} of a living person stands in a public graph only with a "
                    f"valid, unexpired consent record (dpv:Consent, dpv:ConsentGiven) for the "
                    f"purpose {curie(purpose)}.",
                    value=purpose,
                )
            )
    text = query("validation/consent-record-in-public")
    for row in data.query(text, substitutions=bound, use_default_graph_as_union=False):
        findings.append(
            Finding(
                "violation",
                row["record"].value,
                HAS_DATA_SUBJECT,
                "https://w3id.org/akteursgraph/shapes#ConsentRecordNotPublic",
                "Ein Einwilligungsdatensatz ist personenbezogen und gehört nur in einen internen "
                f"Graphen ({row['graph'].value}).",
                "A consent record is personal data and belongs in an internal graph only "
                f"({row['graph'].value}).",
            )
        )
    return findings


@cache
def _contact_text() -> str:
    """The text rule with the patterns written in (see the query's header for why)."""
    text = query("validation/contact-text-about-person")
    # sparql-from: akteursgraph.people.contact.EMAIL and PHONE, as N-Triples literals (our
    # constants, never input)
    return text.replace("?email", str(ox.Literal(EMAIL))).replace("?phone", str(ox.Literal(PHONE)))


def _personal_contact_finding(row: ox.QuerySolution) -> Finding:
    value, graph = row["value"], row["graph"].value
    shown = value.value if isinstance(value, ox.NamedNode) else contact_in_text(value.value)
    return Finding(
        "violation",
        row["node"].value,
        row["property"].value,
        "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic",
        f"Kontaktdaten ({shown}) gehören nur in einen internen Graphen, nie in einen "
        f"öffentlichen ({graph}); eine Funktionsadresse nur an einer Organisation.",
        f"Contact data ({shown}) belongs in an internal graph only, never in a public one "
        f"({graph}); a functional mailbox only on an organisation.",
        value=value.value,
    )


def _consent_finding(person: str) -> Finding:
    return Finding(
        "violation",
        person,
        PUBLICATION_CONSENT,
        "https://w3id.org/akteursgraph/shapes#PersonPublicOnlyWithConsent",
        "Eine lebende Person darf nur mit Einwilligung (ag:publicationConsent "
        "dpv:ConsentGiven) in einem öffentlichen Graphen stehen oder dort erwähnt werden.",
        "A living person may appear or be referred to in a public graph only with "
        "consent (ag:publicationConsent dpv:ConsentGiven).",
    )
