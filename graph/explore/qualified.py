"""Facts with their sources on an entity's page: footnotes and the steps of a renaming.

A value recorded as a qualified statement (`rdf:Statement` with `wikibase:rank` and
`dcterms:source`, docs/decisions/0003) is shown with a footnote mark; the footnotes list each
such value with its rank, its date precision, who disputes it and its sources, including the
competing and deprecated values that have no plain triple (so a reader sees them, marked as
such). The naming history of a site reads its dated steps (`ag:NamingStep`) and which name
replaces which (`dcterms:replaces`) from the same structure that researchers query.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ..namespaces import WIKIBASE
from ..resources import query
from ..store import Store, Term
from .story import spoken_literal
from .vocabulary import Labels, described, lang_of, sort_key, term_iri, term_value

#: Rank IRIs -> the word the page and its machine twin use; the order is the reading order.
RANKS = {
    WIKIBASE + "PreferredRank": "preferred",
    WIKIBASE + "NormalRank": "normal",
    WIKIBASE + "DeprecatedRank": "deprecated",
}
_RANK_ORDER = {word: k for k, word in enumerate(RANKS.values())}


def footnotes(
    store: Store,
    node: ox.NamedNode,
    lang: str,
    vocab: Labels,
    asserted: set[tuple[str, str]],
) -> list[dict[str, Any]]:
    """The qualified statements about `node`, numbered from 1 in reading order.

    `asserted` holds (predicate, value) of the entity's plain statements: a footnote whose
    value is not among them is a competing or deprecated value, and says so."""
    labels = Labels()
    notes: dict[str, dict[str, Any]] = {}
    for row in store.select(
        query("explore/entity-qualified"), bindings={"entity": node}, public_only=True
    ):
        key = str(row["statement"])
        note = notes.setdefault(
            key, {"row": row, "sources": [], "descriptions": {}, "value_labels": {}}
        )
        value = row["value"]
        if "valueLabel" in row:
            labels.add(value.value, row["valueLabel"])
        for name in ("precision", "disputedBy"):
            if name in row:
                labels.add(row[name].value, row.get(f"{name}Label"))
        if "description" in row:
            note["descriptions"].setdefault(lang_of(row["description"]), row["description"].value)
        if "source" in row and row["source"].value not in note["sources"]:
            note["sources"].append(row["source"].value)

    result = []
    for note in notes.values():
        row = note["row"]
        predicate, value = row["predicate"].value, row["value"]
        rank = RANKS.get(term_iri(row.get("rank")) or "", "normal")
        precision = term_iri(row.get("precision"))
        disputed_by = term_iri(row.get("disputedBy"))
        result.append(
            {
                "iri": row["statement"].value,  # (str() had written it in <…>)
                "predicate": predicate,
                "predicate_label": vocab.get(predicate, lang),
                "value": value.value,
                "value_label": _value_label(value, predicate, labels, vocab, lang),
                "value_is_iri": isinstance(value, ox.NamedNode),
                # Whether the public data describes it: else the link goes out to it, as the
                # statements table's does (to Wikidata), not to a page that is not there.
                "value_described": isinstance(value, ox.NamedNode)
                and bool(labels.all(value.value)),
                "rank": rank,
                "asserted": (predicate, value.value) in asserted,
                "precision": precision,
                "precision_label": vocab.get(precision, lang) if precision else None,
                "earliest": term_value(row.get("earliest")),
                "latest": term_value(row.get("latest")),
                "disputed_by": (
                    {"iri": disputed_by, "label": labels.get(disputed_by, lang)}
                    if disputed_by
                    else None
                ),
                **described(note["descriptions"], lang),
                "sources": sorted(note["sources"]),
            }
        )
    result.sort(key=lambda f: (sort_key(f["predicate_label"]), _RANK_ORDER[f["rank"]], f["value"]))
    for number, note in enumerate(result, start=1):
        note["n"] = number
    return result


def _value_label(value: Term, predicate: str, labels: Labels, vocab: Labels, lang: str) -> str:
    if isinstance(value, ox.NamedNode):
        return (
            labels.get(value.value, lang)
            if labels.all(value.value)
            else vocab.get(value.value, lang)
        )
    if isinstance(value, ox.Literal):
        return spoken_literal(value, predicate, lang)
    return value.value


def mark(statements: list[dict[str, Any]], notes: list[dict[str, Any]]) -> None:
    """Give each rendered plain statement the numbers of the footnotes on its value."""
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for note in notes:
        numbers[(note["predicate"], note["value"])].append(note["n"])
    for statement in statements:
        statement["notes"] = numbers.get((statement["predicate"], statement["value"]), [])


def naming_steps(rows: list[dict[str, Term]], lang: str) -> dict[str, dict[str, Any]]:
    """Per naming IRI: the naming it replaces, its dated steps in time order, the IRIs it
    honours only disputedly, and whether its end is disputed."""
    labels = Labels()
    found: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"replaces": None, "steps": {}, "disputed": set(), "end_disputed": False}
    )
    for row in rows:
        naming = found[row["naming"].value]
        if "replaces" in row:
            naming["replaces"] = row["replaces"].value
        if "disputedHonour" in row:
            naming["disputed"].add(row["disputedHonour"].value)
        if "disputedEnd" in row:
            naming["end_disputed"] = True
        if "step" not in row:
            continue
        iri = row["step"].value
        for name in ("type", "by"):
            if name in row:
                labels.add(row[name].value, row.get(f"{name}Label"))
        labels.add(iri, row.get("stepLabel"))
        step = naming["steps"].setdefault(
            iri,
            {
                "iri": iri,
                "date": term_value(row.get("date")),
                "type": term_iri(row.get("type")),
                "by": term_iri(row.get("by")),
                "sources": [],
            },
        )
        if "source" in row and row["source"].value not in step["sources"]:
            step["sources"].append(row["source"].value)
    result = {}
    for iri, naming in found.items():
        steps = []
        for step in naming["steps"].values():
            steps.append(
                {
                    **step,
                    "label": labels.get(step["iri"], lang),
                    "kind": labels.get(step["type"], lang) if step["type"] else None,
                    "by": (
                        {"iri": step["by"], "label": labels.get(step["by"], lang)}
                        if step["by"]
                        else None
                    ),
                    "sources": sorted(step["sources"]),
                }
            )
        # Dates of mixed precision sort by their string (docs/model.md, "Dates").
        steps.sort(key=lambda s: (s["date"] or "", sort_key(s["label"])))
        result[iri] = {
            "replaces": naming["replaces"],
            "steps": steps,
            "disputed": naming["disputed"],
            "end_disputed": naming["end_disputed"],
        }
    return result
