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

What a check is, running the checks and what they read are in `shacl_checks`, which needs
neither rdflib nor this compiler: the shipped shapes' checks come from a generated file
(`compiled_checks`), so a process that only runs them imports neither.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import count

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from .shacl_checks import SPARQL_CONSTRAINT, Check, UnsupportedShape

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
_MAX_COUNT_PARAMETER = 4  # counts are compiled to pairwise-distinct patterns; keep them small
#: What a compiled condition reads (see `_Compiler._ok_reads`): link (None: the node's own
#: statements), predicate, and whether more such statements can make it fail.
_Read = tuple[str | None, str, bool]


def compile_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[Check]:
    """Every constraint of every targeted shape, as a query over the union of all graphs."""
    return _Compiler(shapes, ontology).compile()


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
        """The group that binds ?this to the shape's focus nodes, each once: a node was bound
        once for each value of a `sh:targetSubjectsOf` predicate (and of each class it has),
        and every check's own work was done again for each binding; 500 end dates on one
        node made the date order check 500 times its 250,000 pairs (24 s, now 1.1 s)."""
        parts = []
        classes = sorted(
            {c for t in self.g.objects(shape, SH.targetClass) for c in self._subclasses(t)}
        )
        if classes:
            var = self._var("t")
            parts.append(f"?this a {var} . VALUES {var} {{ {' '.join(c.n3() for c in classes)} }}")
        for p in sorted(self.g.objects(shape, SH.targetSubjectsOf)):
            parts.append(f"?this {_n3(p)} {self._var('o')} .")
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"  # sparql-from: shapes

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
                check = self._check(
                    shape,
                    name,
                    None,
                    severity,
                    f"SELECT DISTINCT ?this (?this AS ?value) "  # sparql-from: shapes
                    f"WHERE {{ {{ {target} }} "
                    f"FILTER(!COALESCE({ok}, false)) }}",
                    target,
                )
                # What ?this's own checks read of ?this is no value read; of its values it is.
                reads = {(str(r[0]), *r[1:]) for r in self._ok_reads(key, param) if r[0]}
                checks.append(self._with_reads(check, reads))
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
                check = self._check(prop, name, path, severity, query, target)
                reads = self._via(path, self._ok_reads(key, param))
                checks.append(self._with_reads(check, reads))
        for key, name in _COUNT_COMPONENTS.items():
            for param in self.g.objects(prop, key):
                ok = self._count_ok(key, param, prop, path, "?this")
                if ok is None:
                    continue
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} "  # sparql-from: shapes
                    f"FILTER(!COALESCE({ok}, false)) }}"
                )
                if key == SH.uniqueLang:
                    query = self._unique_lang_query(target, path)
                check = self._check(prop, name, path, severity, query, target)
                reads = self._via(path, self._count_reads(key, prop))
                checks.append(self._with_reads(check, reads))
        if self.g.value(prop, SH.qualifiedMaxCount) is not None:
            ok = self._qualified(prop, path, "?this", maximum=True)
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} "  # sparql-from: shapes
                f"FILTER(!COALESCE({ok}, false)) }}"
            )
            check = self._check(
                prop, "QualifiedMaxCountConstraintComponent", path, severity, query, target
            )
            reads = self._via(path, self._count_reads(SH.qualifiedValueShape, prop))
            checks.append(self._with_reads(check, reads))
        return checks

    @staticmethod
    def _unique_lang_query(target: str, path: rdflib.term.Node) -> str:
        """sh:uniqueLang of a focus node, by its values grouped by language: the pairs of
        `_count_ok` (kept where a shape is nested in another) made N values N² comparisons,
        and a name in 5,000 languages took 10 s to check on every edit of it (walk)."""
        return (
            "SELECT DISTINCT ?this ?value WHERE { { SELECT ?this WHERE { "  # sparql-from: shapes
            f'{{ {target} }} ?this {path.n3()} ?label . FILTER(lang(?label) != "") }} '
            "GROUP BY ?this (LCASE(lang(?label))) HAVING (COUNT(DISTINCT ?label) > 1) } }"
        )

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
            f"{prefixes}SELECT DISTINCT ?this ?value {projection} "  # sparql-from: shapes
            f"WHERE {{ {{ {target} }} {{ {text} }} }}"
        )
        messages = self._message_pairs(constraint) or self._message_pairs(shape)
        return Check(
            query,
            self._name(shape),
            SPARQL_CONSTRAINT,
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
            # The maximum of a qualified count, as at the top level (`_count_ok` gives only
            # its minimum): left out here before, a nested maximum was skipped in silence.
            if self.g.value(shape, SH.qualifiedMaxCount) is not None:
                parts.append(self._qualified(shape, path, v, maximum=True))
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

    # ---- what a check reads of the nodes it points at ------------------------------------
    # Relative to the node a constraint is checked on: (None, p, _) its own statements with
    # p, (link, p, _) the statements with p of its values on `link`; the third member says
    # whether more such statements can make the condition fail (a condition on every value,
    # a maximum: NOT EXISTS) rather than only fewer (sh:class, a minimum: EXISTS); a negation
    # turns one into the other, and a read can be both. Mirrors `_ok`, `_conforms` and
    # `_count_ok` above; tests compare the result with the compiled queries' patterns.

    def _ok_reads(self, key: rdflib.term.Node, param: rdflib.term.Node) -> set[_Read]:
        """What `_ok(key, param, shape, v)` reads, relative to v."""
        if key == SH["class"]:
            return {(None, str(RDF.type), False)}
        if key in (SH["or"], SH["and"]):
            return {r for m in Collection(self.g, param) for r in self._conforms_reads(m)}
        if key == SH["not"]:
            return {(link, p, not more) for link, p, more in self._conforms_reads(param)}
        if key == SH.node:
            return self._conforms_reads(param)
        return set()  # the value's own term (datatype, pattern, sh:in, ...)

    def _conforms_reads(self, shape: rdflib.term.Node) -> set[_Read]:
        """What `_conforms(shape, v)` reads, relative to v."""
        if self.g.value(shape, SH.path) is None:
            found = {
                r for key in _VALUE_COMPONENTS for param in self.g.objects(shape, key)
                for r in self._ok_reads(key, param)
            }  # fmt: skip
            for prop in self.g.objects(shape, SH.property):
                found |= self._conforms_reads(prop)
            return found
        path = self._path(shape)
        conditions = [(k, p) for k in _VALUE_COMPONENTS for p in self.g.objects(shape, k)]
        # Each value must conform (NOT EXISTS a value that fails): more values can break it.
        found: set[_Read] = {(None, str(path), bool(conditions))}
        found |= self._via(path, {r for k, p in conditions for r in self._ok_reads(k, p)})
        for key in _COUNT_COMPONENTS:
            if any(self.g.objects(shape, key)):
                found.add((None, str(path), key in (SH.maxCount, SH.uniqueLang)))
                found |= self._via(path, self._count_reads(key, shape))
        return found

    def _count_reads(self, key: rdflib.term.Node, shape: rdflib.term.Node) -> set[_Read]:
        """What `_count_ok` and `_qualified` read of the values they count (not the count):
        a minimum counts the values that conform, a maximum (negated) too."""
        qualifier = self.g.value(shape, SH.qualifiedValueShape)
        if key != SH.qualifiedValueShape or qualifier is None:
            return set()
        found = self._conforms_reads(qualifier)
        if self.g.value(shape, SH.qualifiedMaxCount) is not None:
            found |= {(link, p, not more) for link, p, more in found}
        return found

    def _via(self, link: rdflib.term.Node, reads: set[_Read]) -> set[_Read]:
        """Reads relative to the values on `link`, as reads of the node that links."""
        deeper = sorted(str(r[0]) for r in reads if r[0] is not None)
        if deeper:
            # A removal of a value's value would have to re-validate two steps back
            # (validation_context._focus_nodes re-validates one): extend that first.
            raise UnsupportedShape(f"a nested shape reads values of values ({deeper}) via {link}")
        return {(str(link), p, more) for _, p, more in reads}

    @staticmethod
    def _with_reads(check: Check, reads: set[_Read]) -> Check:
        return replace(
            check,
            reads=frozenset((str(link), p) for link, p, _ in reads),
            added_reads=frozenset((str(link), p) for link, p, more in reads if more),
        )

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
