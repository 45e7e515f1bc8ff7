"""Rule 3 of an import (see `plan`): the whole change validated once, each finding said at
the row it concerns, in plain German and English words.

A finding on a row's entity (or a node the row made) is that row's; one on an entry a row
links to (an event's speaker without consent) is the linking row's, with the column that
links and the entry's name; one on another entry (what a `--sync` deletion breaks) is the
file's, with the entry's name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import pyoxigraph as ox

from ..explore.vocabulary import pick_tagged
from ..forms.values import Problem
from ..forms.words import plain
from ..namespaces import SKOS, curie
from ..store import Change, Store
from ..validation import Validator
from .outcome import ImportPlan, RowReport

#: A linked entry -> the rows linking to it, each with the header of the column that links.
Links = dict[str, list[tuple[RowReport, str]]]


def validate_rows(
    plan: ImportPlan,
    owner: dict[str, RowReport],
    *,
    store: Store,
    new: set[str],
    term_labels: Mapping[str, Mapping[str, str]],
    validator: Validator,
) -> None:
    """Validate `plan`'s change and file each finding (`owner`: a node's row; `new`: the
    IRIs the import makes)."""
    if not plan.change.add and not plan.change.remove:
        return
    # Two parts, each checked against the store as it is: what only adds (new entities, and
    # links to them), which the validator checks on its fast path (the existing statements
    # of the few subjects it shares with the store), and the changes of existing entities.
    # Together they are the whole change, which the write path validates once more.
    added, rest = [], []
    for q in plan.change.add:
        subject, obj = q.subject.value, q.object
        is_new = subject in new or (isinstance(obj, ox.NamedNode) and obj.value in new)
        (added if is_new else rest).append(q)
    parts = [Change(add=added), Change(add=rest, remove=list(plan.change.remove))]
    findings = [
        f
        for part in parts
        if part.add or part.remove
        for f in validator.validate_change(store, part).findings
    ]
    links: Links | None = None
    worded: dict[tuple[str, str], Problem] = {}  # 50,000 rows share a handful of messages
    for finding in findings:
        said = (finding.message_de, finding.message_en)
        problem = worded.get(said)
        if problem is None:
            problem = worded[said] = Problem(
                plain(finding.message_de, "de", term_labels),
                plain(finding.message_en, "en", term_labels),
            )
        row = owner.get(finding.node)
        if finding.severity == "violation":
            if row is not None:
                row.problems.append(problem)
                continue
            name = entry_name(store, finding.node)
            named = Problem(f"Eintrag {name[0]}: {problem.de}", f"entry {name[1]}: {problem.en}")
            # Another entry, which a row links to (an event's speaker without consent: the
            # row is where to correct it), else which the change breaks (a --sync deletion).
            # The refusal named the person's IRI alone, with "0 invalid" rows.
            if links is None:  # indexed once, at the first such finding
                links = _links(plan, owner)
            linking = {id(r): (r, header) for r, header in links.get(finding.node, [])}
            for linked, header in linking.values():
                linked.problems.append(Problem(f"{header}: {named.de}", f"{header}: {named.en}"))
            if not linking:
                plan.problems.append(named)
        elif finding.severity == "warning" and row is not None:
            row.warnings.append(problem)


def _links(plan: ImportPlan, owner: dict[str, RowReport]) -> Links:
    """The change's links from a row's entity to another entry, by that entry, with the
    header of the mapping's column of the link's property."""
    headers = {c.property: c.header for c in plan.mapping.columns if c.property}
    links: Links = defaultdict(list)
    for q in plan.change.add:
        row = owner.get(q.subject.value)
        if isinstance(q.object, ox.NamedNode) and row is not None:
            links[q.object.value].append(
                (row, headers.get(q.predicate.value, curie(q.predicate.value)))
            )
    return links


def german_label(labels: list[ox.Term]) -> str | None:
    """The German one of an entry's names, as the pages pick one (`pick_tagged`: German,
    else English, else any); None for none."""
    candidates: dict[str, str] = {}
    for lit in labels:
        if isinstance(lit, ox.Literal):
            candidates.setdefault(lit.language or "", lit.value)
    return pick_tagged(candidates, "de")[0] or None


def entry_name(store: Store, iri: str) -> tuple[str, str]:
    """An entry the rows do not name, as a refusal names it: its name and IRI (German,
    English); the IRI alone said nothing to the office."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # a blank node's id
        return f"<{iri}>", f"<{iri}>"
    label = german_label([q.object for q in store.quads(node, ox.NamedNode(SKOS + "prefLabel"))])
    if label is None:
        return f"<{iri}>", f"<{iri}>"
    return f"„{label}“ <{iri}>", f'"{label}" <{iri}>'
