"""What the written example file must pass before the tool reports success.

Shapes and privacy rules are the product's own: the file is loaded, with the rest of the
shipped example data, into a fresh store through the product's write path
(`akteursgraph.operations`), so it passes exactly the rules every write passes. Checked here
besides are only the things those rules do not say: that the file holds what was generated,
and the example's own promises (labels say "example", nothing dangles, one label names one
entity, consent has a date, a speaker profile is public only with its person).
"""

from __future__ import annotations

import tempfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from akteursgraph.errors import AkteursgraphError
from akteursgraph.findings import ValidationFailed
from akteursgraph.operations import init_store, load_files
from akteursgraph.resources import example_files

from .builder import Builder
from .terms import (
    AG_CONSENT,
    AG_CONSENT_DATE,
    AG_PROFILE,
    BASE,
    C_ORGANIZATION,
    C_PROFILE,
    CONSENT,
    EXAMPLE,
    INTERNAL_GRAPH,
    PREF,
    PUBLIC_GRAPH,
    A,
)
from .trig import term_text


def read_dataset(path: Path) -> Dataset:
    """Parse a TriG file into a Dataset.

    rdflib 7.6 warns about its own use of Dataset.default_context inside Dataset.parse; the
    warning is not ours to fix and would fail callers running with warnings as errors.
    """
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        dataset.parse(path, format="trig")
    return dataset


def same_as_generated(dataset: Dataset, builder: Builder) -> list[str]:
    """The writer lost or changed nothing: each graph re-read equals the one generated."""
    return [
        f"re-read graph <{name}> differs from what was generated"
        for name, built in ((PUBLIC_GRAPH, builder.public), (INTERNAL_GRAPH, builder.internal))
        if set(dataset.graph(name)) != built
    ]


def validate_with_product(path: Path, shipped: Path) -> list[str]:
    """Load `path` with the other shipped example files into a fresh store; list the violations.

    `shipped` is the file `path` replaces among the shipped example data (the default output);
    the others (the real places, sites and the office it refers to) are loaded beside it.
    """
    companions = [f for f in example_files() if f.resolve() != shipped.resolve()]
    with tempfile.TemporaryDirectory(prefix="akteursgraph-example-") as folder:
        store, _ = init_store(Path(folder) / "store", base_iri=BASE, agent="make_example")
        with store:
            try:
                load_files(store, [*companions, path], agent="make_example")
            except ValidationFailed as failed:
                return [finding.render() for finding in failed.report.violations]
            except AkteursgraphError as error:
                return [error.bilingual()]
    return []


def example_promises(dataset: Dataset) -> list[str]:
    """What the example promises beyond the product's rules (see the module docstring)."""
    facts: dict[URIRef, dict[URIRef, list[URIRef | Literal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        facts[s][p].append(o)
    return [
        *_dangling(facts),
        *_labels_say_example(facts),
        *_one_entity_per_label(facts),
        *_consent_dated(dataset),
        *_profiles_follow_person(dataset),
    ]


def _dangling(facts: dict[URIRef, dict[URIRef, list[URIRef | Literal]]]) -> list[str]:
    """Every example IRI used as an object is described in the file."""
    return [
        f"dangling example IRI: {s} {p} {o}"
        for s, props in facts.items()
        for p, objects in props.items()
        for o in objects
        if isinstance(o, URIRef) and str(o).startswith(EXAMPLE) and o not in facts
    ]


def _labels_say_example(facts: dict[URIRef, dict[URIRef, list[URIRef | Literal]]]) -> list[str]:
    """Invented organisations say so in both languages, since their names sound real."""
    problems = []
    for s, props in facts.items():
        if C_ORGANIZATION not in props.get(A, []):
            continue
        labels = {o.language: str(o) for o in props.get(PREF, []) if isinstance(o, Literal)}
        if not labels.get("de", "").endswith(" (Beispiel)") or not labels.get("en", "").endswith(
            " (example)"
        ):
            problems.append(f"organisation label does not say it is an example: {s}")
    return problems


def _one_entity_per_label(
    facts: dict[URIRef, dict[URIRef, list[URIRef | Literal]]],
) -> list[str]:
    """Two entities with one label could not be told apart in lists and search results."""
    seen: dict[tuple[str | None, str], list[URIRef]] = defaultdict(list)
    for s, props in facts.items():
        if props.get(A):
            for label in props.get(PREF, []):
                if isinstance(label, Literal):
                    seen[(label.language, str(label))].append(s)
    return [
        f"label {label!r}@{language} used by {len(subjects)} entities"
        for (language, label), subjects in seen.items()
        if len(subjects) > 1
    ]


def _consent_dated(dataset: Dataset) -> list[str]:
    """A consent is only worth as much as the record of when it was given."""
    public = dataset.graph(PUBLIC_GRAPH)
    return [
        f"consent without date: {person}"
        for person in public.subjects(AG_CONSENT, CONSENT["given"])
        if public.value(person, AG_CONSENT_DATE) is None
    ]


def _profiles_follow_person(dataset: Dataset) -> list[str]:
    """A profile's label names its person, so it is public only with a consenting person.

    The product's privacy rules look at foaf:Person only; a profile is not one.
    """
    public = dataset.graph(PUBLIC_GRAPH)
    consenting = set(public.subjects(AG_CONSENT, CONSENT["given"]))
    linked = {o for s, o in public.subject_objects(AG_PROFILE) if s in consenting}
    return [
        f"public profile of a non-consenting person: {profile}"
        for profile in set(public.subjects(A, C_PROFILE)) - linked
    ]


def summarise(dataset: Dataset) -> str:
    """Triples per graph and entities per class, for the log."""
    lines = [
        f"{len(dataset.graph(name)):6d} triples in <{name}>"
        for name in (PUBLIC_GRAPH, INTERNAL_GRAPH)
    ]
    typed = {(s, o) for s, _, o, _ in dataset.quads((None, A, None, None))}
    counts = Counter(term_text(cls) for _, cls in typed)
    lines += [f"{count:6d} {cls}" for cls, count in sorted(counts.items())]
    return "\n".join(lines)
