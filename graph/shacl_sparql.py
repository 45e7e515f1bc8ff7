"""Our SHACL shapes compiled to SPARQL that runs inside the store engine.

pySHACL checks each constraint focus node by focus node through rdflib's SPARQL engine:
minutes for a million triples. Compiled, each (shape, constraint) pair is one SELECT that
finds all violating focus nodes of the data at once, inside Oxigraph. The queries are
generated from the shapes graph (data, not product code), which is why they do not live in
`graph/queries/`.

The compiler knows the part of SHACL our shapes use: simple predicate paths, class and
subjects-of targets, the Core components in `_VALUE_COMPONENTS` and `_COUNT_COMPONENTS`, and
SHACL-SPARQL constraints that use only `$this`. Anything else raises `UnsupportedShape` when the
shapes are loaded, so a new construct can never be skipped in silence. pySHACL stays the
reference: a test proves that both give the same verdicts on every shape test file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import count, islice

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
# Datatypes whose lexical form the engine can check with a cast (ill-typed literals fail
# sh:datatype, as in pySHACL).
_CASTABLE = {
    XSD.date, XSD.dateTime, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.decimal, XSD.integer,
    XSD.double, XSD.float, XSD.boolean,
}  # fmt: skip
_KNOWN_SHAPE_KEYS = {
    RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path, SH.message,
    SH.severity, SH.sparql, SH.name, SH.description, RDFS.label, RDFS.comment, SH.deactivated,
}  # fmt: skip
_VALUE_COMPONENTS = {
    SH.datatype: "DatatypeConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH["and"]: "AndConstraintComponent",
    SH["not"]: "NotConstraintComponent",
    SH.node: "NodeConstraintComponent",
}
_COUNT_COMPONENTS = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
    SH.qualifiedValueShape: "QualifiedMinCountConstraintComponent",
}
_PARAMETERS = {SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount}
RDF_TYPE = ox.NamedNode(str(RDF.type))
_MAX_COUNT_PARAMETER = 4  # counts are compiled to pairwise-distinct patterns; keep them small


class UnsupportedShape(ValueError):
    """The shapes use SHACL outside the compiled subset; extend the compiler, never skip."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a query whose rows are the violations."""

    query: str
    shape: str  # the source shape's IRI, or "" when it is a blank node
    component: str
    path: str | None
    severity: str
    messages: tuple[tuple[str, str], ...]  # (language, template)
    target: str = ""  # the group pattern that binds ?this to the focus nodes
    #: What the target pattern needs in the data: a node typed with one of these classes, or
    #: a statement with one of these predicates. A check whose data has neither finds nothing.
    target_classes: frozenset[str] = frozenset()
    target_predicates: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Violation:
    check: Check
    node: ox.NamedNode | ox.BlankNode
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: dict[str, str]


def compile_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[Check]:
    """Every constraint of every targeted shape, as a query over the union of all graphs."""
    return _Compiler(shapes, ontology).compile()


#: Up to this many quads to check (a single write with its context), the checks run one after
#: another: about 10 ms less CPU per validation at 1M quads than a thread per core.
SEQUENTIAL_QUADS = 5_000


def is_small(store: ox.Store) -> bool:
    """Whether `store` is too small for checking it on several threads to pay."""
    return sum(1 for _ in islice(store, SEQUENTIAL_QUADS + 1)) <= SEQUENTIAL_QUADS


def run_checks(
    checks: Iterable[Check], store: ox.Store, *, focus: Container[object] | None = None
) -> list[Violation]:
    """Run the compiled checks on `store`; with `focus`, keep only violations about those.

    The queries run on a thread per core: Oxigraph evaluates them without holding the GIL.
    """

    def one(check: Check) -> list[Violation]:
        found = []
        for row in store.query(check.query, use_default_graph_as_union=True):
            node = row["this"]
            if focus is None or node in focus:
                found.append(Violation(check, node, row["value"], _messages(check, row)))
        return found

    if focus is not None and is_small(store):
        # A small change: starting the threads costs more than the queries gain from them,
        # and most checks cannot match (their target's classes and predicates are absent):
        # two scans of a few hundred quads spare a few hundred queries.
        types = {q.object.value for q in store.quads_for_pattern(None, RDF_TYPE, None, None)}
        predicates = {q.predicate.value for q in store}
        return [
            v
            for check in checks
            if not check.target_classes.isdisjoint(types)
            or not check.target_predicates.isdisjoint(predicates)
            for v in one(check)
        ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return [v for found in pool.map(one, checks) for v in found]


def _messages(check: Check, row: ox.QuerySolution) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, template in check.messages:

        def fill(m: re.Match[str]) -> str:
            term = row[m.group(1)]
            return "" if term is None else term.value

        out.setdefault(lang, re.sub(r"\{[?$](\w+)\}", fill, template))
    return out


def _n3(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.BNode):
        raise UnsupportedShape(f"blank node {term} as a constraint parameter")
    return term.n3()


def _string(text: str) -> str:
    """A SPARQL string literal for text taken from the shapes (patterns, language tags)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


class _Compiler:
    """Builds query text from the shapes graph only (our files, never user input): terms go in
    through `.n3()` and strings through `_string`, which escapes them."""

    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.g = shapes
        self.onto = ontology + shapes
        self.counter = count()

    # ---- the top level: one query per targeted constraint --------------------------------

    def compile(self) -> list[Check]:
        checks: list[Check] = []
        for shape in sorted(self._targeted_shapes(), key=str):
            if (shape, SH.deactivated, rdflib.Literal(True)) in self.g:
                continue
            target = self._target_pattern(shape)
            classes, predicates = self._target_terms(shape)
            checks.extend(
                replace(c, target_classes=classes, target_predicates=predicates)
                for c in self._shape_checks(shape, target, shape)
            )
        return checks

    def _targeted_shapes(self) -> set[rdflib.term.Node]:
        found = set(self.g.subjects(SH.targetClass, None))
        found |= set(self.g.subjects(SH.targetSubjectsOf, None))
        for key in (SH.targetNode, SH.targetObjectsOf):
            if any(self.g.subjects(key, None)):
                raise UnsupportedShape(f"target {key}")
        return found

    def _target_pattern(self, shape: rdflib.term.Node) -> str:
        parts = []
        classes = sorted(
            {c for t in self.g.objects(shape, SH.targetClass) for c in self._subclasses(t)}
        )
        if classes:
            var = self._var("t")
            parts.append(f"?this a {var} . VALUES {var} {{ {' '.join(c.n3() for c in classes)} }}")
        for p in sorted(self.g.objects(shape, SH.targetSubjectsOf)):
            parts.append(f"?this {_n3(p)} {self._var('o')} .")
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    def _target_terms(self, shape: rdflib.term.Node) -> tuple[frozenset[str], frozenset[str]]:
        """The classes and predicates `_target_pattern` matches on (same sources)."""
        classes = {
            str(c) for t in self.g.objects(shape, SH.targetClass) for c in self._subclasses(t)
        }
        predicates = {str(p) for p in self.g.objects(shape, SH.targetSubjectsOf)}
        return frozenset(classes), frozenset(predicates)

    def _subclasses(self, cls: rdflib.term.Node) -> set[rdflib.term.Node]:
        return set(self.onto.transitive_subjects(RDFS.subClassOf, cls))

    def _shape_checks(
        self, shape: rdflib.term.Node, target: str, owner: rdflib.term.Node
    ) -> list[Check]:
        """Checks of a node shape on ?this, and of each of its property shapes."""
        self._refuse_unknown(shape, node_level=True)
        checks = []
        severity = self._severity(shape)
        for key, name in _VALUE_COMPONENTS.items():
            for param in self.g.objects(shape, key):
                ok = self._ok(key, param, shape, "?this")
                checks.append(
                    self._check(
                        shape,
                        name,
                        None,
                        severity,
                        f"SELECT DISTINCT ?this (?this AS ?value) "  # sparql-from: shapes
                        f"WHERE {{ {{ {target} }} "
                        f"FILTER(!COALESCE({ok}, false)) }}",
                        target,
                    )
                )
        for constraint in self.g.objects(shape, SH.sparql):
            checks.append(self._sparql_check(shape, constraint, target, severity))
        for prop in self.g.objects(shape, SH.property):
            checks.extend(self._property_checks(prop, target))
        return checks

    def _property_checks(self, prop: rdflib.term.Node, target: str) -> list[Check]:
        self._refuse_unknown(prop, node_level=False)
        path = self._path(prop)
        severity = self._severity(prop)
        checks = []
        for key, name in _VALUE_COMPONENTS.items():
            for param in self.g.objects(prop, key):
                ok = self._ok(key, param, prop, "?value")
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} "  # sparql-from: shapes
                    f"?this {path.n3()} ?value . FILTER(!COALESCE({ok}, false)) }}"
                )
                checks.append(self._check(prop, name, path, severity, query, target))
        for key, name in _COUNT_COMPONENTS.items():
            for param in self.g.objects(prop, key):
                ok = self._count_ok(key, param, prop, path, "?this")
                if ok is None:
                    continue
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} "  # sparql-from: shapes
                    f"FILTER(!COALESCE({ok}, false)) }}"
                )
                checks.append(self._check(prop, name, path, severity, query, target))
        if self.g.value(prop, SH.qualifiedMaxCount) is not None:
            ok = self._qualified(prop, path, "?this", maximum=True)
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} "  # sparql-from: shapes
                f"FILTER(!COALESCE({ok}, false)) }}"
            )
            checks.append(
                self._check(
                    prop, "QualifiedMaxCountConstraintComponent", path, severity, query, target
                )
            )
        return checks

    def _sparql_check(
        self, shape: rdflib.term.Node, constraint: rdflib.term.Node, target: str, severity: str
    ) -> Check:
        select = self.g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"SPARQL constraint without sh:select on {shape}")
        text = str(select)
        if re.search(r"\$(?!this\b)\w+", text):
            raise UnsupportedShape(f"pre-bound variables other than $this in {shape}")
        text = re.sub(r"\$this\b", "?this", text)
        prefixes = self._prefixes(constraint)
        variables = sorted(
            set(
                re.findall(
                    r"\{[?$](\w+)\}",
                    " ".join(str(m) for m in self.g.objects(constraint, SH.message)),
                )
            )
        )
        projection = " ".join(f"?{v}" for v in variables if v not in {"this", "value"})
        query = (
            # sparql-from: the shapes (target and constraint text compiled above)
            f"{prefixes}SELECT DISTINCT ?this ?value {projection} WHERE {{ {{ {target} }} "
            f"{{ {text} }} }}"
        )
        messages = self._message_pairs(constraint) or self._message_pairs(shape)
        return Check(
            query,
            self._name(shape),
            str(SH.SPARQLConstraintComponent),
            None,
            severity,
            messages,
            target,
        )

    def _prefixes(self, constraint: rdflib.term.Node) -> str:
        lines = []
        for ontology in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(ontology, SH.declare):
                prefix = self.g.value(decl, SH.prefix)
                namespace = self.g.value(decl, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(lines)

    # ---- conformance of one value, as a SPARQL expression --------------------------------

    def _ok(
        self, key: rdflib.term.Node, param: rdflib.term.Node, shape: rdflib.term.Node, v: str
    ) -> str:
        """A boolean expression that holds when value `v` satisfies one value constraint."""
        if key == SH.datatype:
            if param == RDF.langString:
                return f'(isLiteral({v}) && lang({v}) != "")'
            check = f"(isLiteral({v}) && datatype({v}) = {param.n3()}"
            if param in _CASTABLE:
                check += f" && isLiteral({param.n3()}(STR({v})))"
            return check + ")"
        if key == SH["class"]:
            classes = sorted(self._subclasses(param))
            var = self._var("c")
            return (
                f"EXISTS {{ {v} a {var} . VALUES {var} {{ {' '.join(c.n3() for c in classes)} }} }}"
            )
        if key == SH.nodeKind:
            kinds = {
                SH.IRI: f"isIRI({v})", SH.BlankNode: f"isBlank({v})", SH.Literal: f"isLiteral({v})",
                SH.BlankNodeOrIRI: f"(isBlank({v}) || isIRI({v}))",
                SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
                SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
            }  # fmt: skip
            return kinds[param]
        if key == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            extra = f", {_string(str(flags))}" if flags else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {_string(str(param))}{extra}))"
        if key == SH["in"]:
            members = list(Collection(self.g, param))
            return (
                "(" + " || ".join(f"sameTerm({v}, {_n3(m)})" for m in members) + ")"
                if members
                else "false"
            )
        if key in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
                  SH.maxExclusive: "<"}[key]  # fmt: skip
            return f"({v} {op} {_n3(param)})"
        if key == SH.languageIn:
            tags = [str(t) for t in Collection(self.g, param)]
            tests = " || ".join(f"langMatches(lang({v}), {_string(t)})" for t in tags) or "false"
            return f"(isLiteral({v}) && ({tests}))"
        if key == SH["or"]:
            members = list(Collection(self.g, param))
            return "(" + " || ".join(self._conforms(m, v) for m in members) + ")"
        if key == SH["and"]:
            members = list(Collection(self.g, param))
            return "(" + " && ".join(self._conforms(m, v) for m in members) + ")"
        if key == SH["not"]:
            return f"(!{self._conforms(param, v)})"
        if key == SH.node:
            return self._conforms(param, v)
        raise UnsupportedShape(str(key))

    def _conforms(self, shape: rdflib.term.Node, v: str) -> str:
        """A boolean expression that holds when `v` conforms to a whole (nested) shape."""
        is_property = self.g.value(shape, SH.path) is not None
        self._refuse_unknown(shape, node_level=not is_property, nested=True)
        parts = []
        if is_property:
            path = self._path(shape)
            for key in _VALUE_COMPONENTS:
                for param in self.g.objects(shape, key):
                    x = self._var("x")
                    ok = self._ok(key, param, shape, x)
                    parts.append(
                        f"NOT EXISTS {{ {v} {path.n3()} {x} . FILTER(!COALESCE({ok}, false)) }}"
                    )
            for key in _COUNT_COMPONENTS:
                for param in self.g.objects(shape, key):
                    ok = self._count_ok(key, param, shape, path, v)
                    if ok is not None:
                        parts.append(ok)
        else:
            for key in _VALUE_COMPONENTS:
                for param in self.g.objects(shape, key):
                    parts.append(f"COALESCE({self._ok(key, param, shape, v)}, false)")
            for prop in self.g.objects(shape, SH.property):
                parts.append(self._conforms(prop, v))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    # ---- constraints on the number of values ---------------------------------------------

    def _count_ok(
        self,
        key: rdflib.term.Node,
        param: rdflib.term.Node,
        shape: rdflib.term.Node,
        path: rdflib.term.Node,
        v: str,
    ) -> str | None:
        if key == SH.minCount:
            n = int(param)
            return f"EXISTS {{ {self._distinct_values(v, path, n)} }}" if n > 0 else None
        if key == SH.maxCount:
            n = int(param)
            return f"NOT EXISTS {{ {self._distinct_values(v, path, n + 1)} }}"
        if key == SH.uniqueLang:
            if not param.toPython():
                return None
            a, b = self._var("a"), self._var("b")
            return (
                f"NOT EXISTS {{ {v} {path.n3()} {a}, {b} . FILTER(!sameTerm({a}, {b}) && "
                f'lang({a}) != "" && LCASE(lang({a})) = LCASE(lang({b}))) }}'
            )
        if key == SH.qualifiedValueShape:
            if self.g.value(shape, SH.qualifiedMinCount) is None:
                return None
            return self._qualified(shape, path, v, maximum=False)
        raise UnsupportedShape(str(key))

    def _qualified(
        self, shape: rdflib.term.Node, path: rdflib.term.Node, v: str, *, maximum: bool
    ) -> str:
        if (shape, SH.qualifiedValueShapesDisjoint, rdflib.Literal(True)) in self.g:
            raise UnsupportedShape("sh:qualifiedValueShapesDisjoint")
        qualifier = self.g.value(shape, SH.qualifiedValueShape)
        if maximum:
            n = int(self.g.value(shape, SH.qualifiedMaxCount)) + 1
        else:
            n = int(self.g.value(shape, SH.qualifiedMinCount))
            if n == 0:
                return "true"
        pattern, names = self._distinct_values(v, path, n, names=True)
        conforming = " && ".join(self._conforms(qualifier, x) for x in names)
        found = f"EXISTS {{ {pattern} FILTER({conforming}) }}"
        return f"(!{found})" if maximum else found

    def _distinct_values(
        self, v: str, path: rdflib.term.Node, n: int, *, names: bool = False
    ) -> tuple[str, list[str]] | str:
        """`v` has `n` pairwise distinct values on `path` (counts are small in our shapes)."""
        if n > _MAX_COUNT_PARAMETER:
            raise UnsupportedShape(f"count {n} above {_MAX_COUNT_PARAMETER}")
        xs = [self._var("n") for _ in range(n)]
        pattern = f"{v} {path.n3()} {', '.join(xs)} ."
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1 :]]
        if distinct:
            pattern += f" FILTER({' && '.join(distinct)})"
        return (pattern, xs) if names else pattern

    # ---- helpers -------------------------------------------------------------------------

    def _var(self, stem: str) -> str:
        return f"?_{stem}{next(self.counter)}"

    def _path(self, prop: rdflib.term.Node) -> rdflib.URIRef:
        path = self.g.value(prop, SH.path)
        if not isinstance(path, rdflib.URIRef):
            raise UnsupportedShape(f"only predicate paths are compiled, not {path!r} on {prop}")
        return path

    def _severity(self, shape: rdflib.term.Node) -> str:
        return _SEVERITY.get(self.g.value(shape, SH.severity) or SH.Violation, "violation")

    def _refuse_unknown(
        self, shape: rdflib.term.Node, *, node_level: bool, nested: bool = False
    ) -> None:
        allowed = _KNOWN_SHAPE_KEYS | set(_VALUE_COMPONENTS) | set(_COUNT_COMPONENTS) | _PARAMETERS
        for key in set(self.g.predicates(shape, None)):
            if key not in allowed:
                raise UnsupportedShape(f"{key} on {shape}")
        if nested and any(self.g.objects(shape, SH.sparql)):
            raise UnsupportedShape(f"SPARQL constraint inside a nested shape {shape}")

    def _name(self, shape: rdflib.term.Node) -> str:
        return str(shape) if isinstance(shape, rdflib.URIRef) else ""

    def _message_pairs(self, shape: rdflib.term.Node) -> tuple[tuple[str, str], ...]:
        return tuple(
            sorted(
                (m.language or "", str(m))
                for m in self.g.objects(shape, SH.message)
                if isinstance(m, rdflib.Literal)
            )
        )

    def _check(
        self,
        shape: rdflib.term.Node,
        component: str,
        path: rdflib.term.Node | None,
        severity: str,
        query: str,
        target: str,
    ) -> Check:
        return Check(
            query,
            self._name(shape),
            str(SH[component]),
            str(path) if path else None,
            severity,
            self._message_pairs(shape),
            target,
        )
