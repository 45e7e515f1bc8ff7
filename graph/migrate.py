"""Bring a store made before a model change up to the current model, keeping its data.

The model of issue 12 (docs/decisions/0003) adds terms to the vocabulary, links each name to
the one it replaces (`dcterms:replaces`) and records each decision and ceremony as a dated
step (`ag:NamingStep`). A store made before it holds the old vocabulary, namings paired only
by matching dates, and one decision and ceremony date per naming. `plan` works out what to
change; `migrate` writes it through the one write path (`akteursgraph.commit.Writer`) as one
validated change set with origin `migration`. Both are idempotent: on a migrated store the
plan is empty and `migrate` writes nothing, so running it twice changes nothing.

What it does, and only where the data does not say it already:
- the vocabulary graph is replaced by the ontology files when its `owl:versionIRI` differs;
- the namings of a site none of whose namings replaces another are ordered by the string of
  their start (or end) date and each is linked to the one before it: the one time names are
  paired by dates, after which the data says it;
- a naming's `ag:decisionDate` and `ag:ceremonyDate` become a decision step and a ceremony
  step with the naming's sources, when the naming has no step yet. The dates stay on the
  naming, as a digest for simple queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox

from .changes.model import ORIGIN_MIGRATION, ChangeMeta, default_author
from .commit import Commit, Writer
from .loader import read_file
from .namespaces import AG, AGV, DCTERMS, ONTOLOGY_IRI, OWL, PROV, RDF_TYPE, SCHEMA, SKOS
from .operations import VOCABULARY_GRAPH
from .resources import ontology_files, query
from .store import Change, Store, Term

__all__ = ["ORIGIN_MIGRATION", "Plan", "migrate", "plan"]


@dataclass
class Plan:
    """What a migration would change: the change set and one line per step for people."""

    change: Change = field(default_factory=Change)
    lines: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(len(self.change))


def plan(store: Store) -> Plan:
    """What `migrate` would write on `store`; empty when the store is up to date."""
    result = Plan()
    add: list[ox.Quad] = []
    _vocabulary(store, result, add)
    _successions(store, result, add)
    _steps(store, result, add)
    result.change = Change(add=add, remove=result.change.remove)
    return result


def migrate(store: Store, *, writer: Writer | None = None, agent: str | None = None) -> Plan:
    """Write the plan as one validated change set (origin `migration`); nothing if empty."""
    todo = plan(store)
    if todo:
        meta = ChangeMeta(
            author=agent or default_author(),
            origin=ORIGIN_MIGRATION,
            comment="migrate: model of issue 12 (docs/decisions/0003)",
            detail={"steps": todo.lines},
        )
        commit: Commit = (writer or Writer(store)).commit(todo.change, meta)
        todo.lines.append(f"change set {commit.change_id}")
    return todo


def _vocabulary(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    graph = ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))
    rows = store.select(query("migrate/ontology-version"), bindings={"graph": graph})
    held = {row["version"].value for row in rows}
    files = [read_file(store, path, graph=VOCABULARY_GRAPH) for path in ontology_files()]
    new = [q for f in files for q in f.change.add]
    version = ox.NamedNode(OWL + "versionIRI")
    wanted = {
        q.object.value for q in new if q.predicate == version and q.subject.value == ONTOLOGY_IRI
    }
    if held == wanted:
        return
    result.change.remove.extend(store.quads(graph=graph))
    add.extend(new)
    result.lines.append(
        f"vocabulary {', '.join(sorted(held)) or '(none)'} -> {', '.join(sorted(wanted))}"
    )


def _successions(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    sites: dict[str, dict[str, dict[str, Term | None]]] = defaultdict(dict)
    linked: set[str] = set()
    for row in store.select(query("migrate/namings")):
        site = row["site"].value
        sites[site].setdefault(
            row["naming"].value,
            {"graph": row["graph"], "start": row.get("start"), "end": row.get("end")},
        )
        if "replaces" in row:
            linked.add(site)
    replaces = ox.NamedNode(DCTERMS + "replaces")
    for site, namings in sorted(sites.items()):
        if site in linked or len(namings) < 2:
            continue
        # Dates of mixed precision order by their string (docs/model.md, "Dates").
        ordered = sorted(
            namings.items(),
            key=lambda n: (_text(n[1]["start"]) or _text(n[1]["end"]) or "", n[0]),
        )
        for (earlier, _e), (later, facts) in pairwise(ordered):
            graph = facts["graph"]
            assert isinstance(graph, ox.NamedNode)
            add.append(ox.Quad(ox.NamedNode(later), replaces, ox.NamedNode(earlier), graph))
            result.lines.append(f"{later} dcterms:replaces {earlier}")


@dataclass
class _Digest:
    """A naming's one decision and ceremony date, as the model before issue 12 kept them."""

    graph: ox.NamedNode
    name: str
    decision: ox.Literal | None
    ceremony: ox.Literal | None
    decided_by: ox.NamedNode | None
    sources: set[ox.NamedNode] = field(default_factory=set)


def _steps(store: Store, result: Plan, add: list[ox.Quad]) -> None:
    digests: dict[str, _Digest] = {}
    for row in store.select(query("migrate/naming-digests")):
        digest = digests.setdefault(
            row["naming"].value,
            _Digest(
                graph=row["graph"],
                name=row["name"].value,
                decision=row.get("decision"),
                ceremony=row.get("ceremony"),
                decided_by=row.get("decidedBy"),
            ),
        )
        if "source" in row:
            digest.sources.add(row["source"])
    for iri, digest in sorted(digests.items()):
        for kind, date, de, en in (
            ("assembly-decision", digest.decision, "Beschluss", "Decision"),
            ("ceremony", digest.ceremony, "Festakt", "Ceremony"),
        ):
            if date is None:
                continue
            step = ox.NamedNode(_step_iri(iri, kind))
            facts: list[tuple[str, Term]] = [
                (RDF_TYPE, ox.NamedNode(AG + "NamingStep")),
                (SKOS + "prefLabel", ox.Literal(f"{de}: »{digest.name}«", language="de")),
                (SKOS + "prefLabel", ox.Literal(f'{en}: "{digest.name}"', language="en")),
                (AG + "stepOf", ox.NamedNode(iri)),
                (DCTERMS + "type", ox.NamedNode(f"{AGV}naming-step/{kind}")),
                (SCHEMA + "startDate", date),
                (DCTERMS + "description", ox.Literal(_TAKEN_OVER_DE, language="de")),
                (DCTERMS + "description", ox.Literal(_TAKEN_OVER_EN, language="en")),
            ]
            facts += [(DCTERMS + "source", s) for s in sorted(digest.sources, key=str)]
            if kind == "assembly-decision" and digest.decided_by is not None:
                facts.append((PROV + "wasAssociatedWith", digest.decided_by))
            add += [ox.Quad(step, ox.NamedNode(p), o, digest.graph) for p, o in facts]
            result.lines.append(f"{step.value} ({kind} {date.value}) of {iri}")


_TAKEN_OVER_DE = "Bei der Migration aus dem Datum an der Benennung übernommen."
_TAKEN_OVER_EN = "Taken over from the naming's date by the migration."


def _step_iri(naming: str, kind: str) -> str:
    """`.../naming/SLUG` -> `.../naming-step/SLUG-KIND`, under the naming's own base."""
    head, _, slug = naming.rpartition("/")
    if head.endswith("/naming"):
        head = head[: -len("naming")] + "naming-step"
    return f"{head}/{slug}-{kind}"


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None
