"""An import planned row by row: what each row creates or changes, whether it conforms, and
which existing entities it may duplicate; then one change set through the one write path.

The rule for each row (docs/import.md):

1. **Which entity.** The row's key: the IRI in an "id" column (as `export-list` writes it);
   else the name column, matched by the one matcher (`akteursgraph.matching`) against the
   entities of the mapping's class, public and internal: a unique match (same name up to
   case, umlaut spelling, legal form, word order) is the entity. Else the row makes a new
   entity, named by the forms' rule (`forms.new_entities.mint_iri`: a slug of the name; a living
   person always an opaque IRI). So importing the same file twice finds the same entities.
2. **Which values.** Each non-empty mapped cell replaces the entity's values of its property
   (of its language, for a language-tagged column): values already there stay untouched
   (in whichever graph), values no longer in the cell are removed, new ones go into the
   entity's graph (where its type stands; a new entity's into the mapping's graph). An empty
   cell changes nothing: a list that lacks a column's value never deletes it.
3. **Verdict.** The whole change is validated once (the shapes and privacy rules, as every
   write); each finding goes to the row of its node, in plain German and English words
   (`forms.words.plain`; `verdict.validate_rows`). A cell that means nothing (a date that
   does not exist, a value not in the value list, an organiser not found) is a problem of
   its row too.
4. **Duplicates.** A row that makes a new entity lists the existing entities the matcher
   finds near its name; two rows that name the same entity are refused.

Nothing is written unless every row conforms. With `sync`, entities of the mapping's class
whose type statement stands in the mapping's graph (entities this import made) and that no
row names any more are deleted, and listed as such; without it, nothing is ever deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..changes.history import History
from ..changes.model import ORIGIN_IMPORT, ChangeMeta, file_sha256
from ..collector import collector_paused
from ..forms.model import FormModels, load_forms
from ..forms.new_entities import is_living_person_class, mint_iri
from ..forms.values import InputProblem, Problem
from ..matching import MATCH_SCORE, Matcher, key
from ..namespaces import RDF_TYPE, SCHEMA, SKOS, curie
from ..resources import query
from ..store import Change, Store
from ..validation import Validator
from .header import choose_sheet, find_header
from .mapping import Column, Mapping
from .outcome import (
    BEYOND_HEADER,
    CHANGED,
    CREATED,
    DELETED,
    UNCHANGED,
    ImportPlan,
    RowReport,
    import_comment,
    import_detail,
)
from .tables import Cell, is_empty, read_sheets, text_of
from .values import cell_terms, resolve_values, split, time_of_day
from .verdict import german_label, validate_rows

#: Where new entities go unless the mapping names a graph; living persons internally.
IMPORT_GRAPH = "public/import"
INTERNAL_IMPORT_GRAPH = "internal/import"
#: A new row's existing entities that score this much are suspected duplicates.
DUPLICATE_SCORE = 70

Term = ox.NamedNode | ox.Literal


# ---- planning --------------------------------------------------------------------------------


@dataclass
class _Context:
    store: Store
    mapping: Mapping
    models: FormModels
    matcher: Matcher
    tables: dict[str, dict[str, str]]
    drafts: set[str]
    minted: set[str] = field(default_factory=set)
    graphs: dict[str, ox.NamedNode] = field(default_factory=dict)
    #: `_home_graph` of a new entity, per class.
    new_homes: dict[str, ox.NamedNode] = field(default_factory=dict)
    keep: set[tuple[str, str, str | None]] = field(default_factory=set)
    #: IRIs this import makes: nothing to look up about them in the store.
    new: set[str] = field(default_factory=set)
    linked: dict[tuple[str, str | None], str | InputProblem] = field(default_factory=dict)
    #: Each column's cells already read: a list repeats its kinds, topics and languages.
    terms: dict[Column, dict[tuple[type, Cell], list[Term] | Problem]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    #: The mapping's class and its subclasses, read at the first IRI cell (`_of_class`).
    kinds: set[str] | None = None


def plan_import(
    store: Store,
    path: Path,
    mapping: Mapping,
    *,
    sheet: str | None = None,
    sync: bool = False,
    author: str,
    comment: str = "",
    matcher: Matcher | None = None,
    validator: Validator | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read the file, plan every row, validate the whole change; nothing is written.

    `progress` is called with (rows done, rows in all) every few hundred rows. A store open
    for reading is enough (the dry run; or the plan goes to the running server)."""
    with collector_paused():
        return _plan(store, Path(path), mapping, sheet, sync, author, comment, matcher, validator,
                     progress)  # fmt: skip


def _plan(
    store: Store,
    path: Path,
    mapping: Mapping,
    sheet: str | None,
    sync: bool,
    author: str,
    comment: str,
    matcher: Matcher | None,
    validator: Validator | None,
    progress: Callable[[int, int], None] | None,
) -> ImportPlan:
    chosen = choose_sheet(read_sheets(path), mapping, sheet)
    # The waiting drafts' entities: new IRIs avoid them, rows that change them are refused.
    waiting = History(store.path).waiting_by_entity()
    header, positions = find_header(chosen, mapping)
    context = _Context(
        store=store,
        mapping=mapping,
        models=load_forms(),
        matcher=matcher or Matcher.from_store(store, public_only=False),
        tables=resolve_values(store, mapping),
        drafts=set(waiting),
    )
    rows: list[RowReport] = []
    desired: dict[tuple[str, str, str | None], set[Term]] = {}
    new_quads: list[ox.Quad] = []
    owner: dict[str, RowReport] = {}  # node IRI -> its row
    named: dict[str, RowReport] = {}  # normal form of the name -> first row
    head = chosen.rows[header]
    width = max((j + 1 for j, c in enumerate(head) if text_of(c)), default=0)
    total = len(chosen.rows) - header - 1
    for done, index in enumerate(range(header + 1, len(chosen.rows)), start=1):
        cells = chosen.rows[index]
        if progress is not None and done % 500 == 0:
            progress(done, total)
        if is_empty(cells):
            continue
        report = _plan_row(context, index + 1, cells, positions, desired, new_quads, named)
        if any(text_of(c) for c in cells[width:]):
            report.warnings.append(BEYOND_HEADER)
        rows.append(report)
        if report.iri:
            owner.setdefault(report.iri, report)
            for node in mapping.nodes.values():
                owner.setdefault(_node_iri(context, report.iri, node.segment, node.link), report)
    if progress is not None:
        progress(total, total)

    change = _change(context, desired, new_quads, owner)
    deleted = _sync(context, {r.iri for r in rows if r.iri}, change) if sync else []
    rows.extend(deleted)
    plan = ImportPlan(
        file=path,
        sha256=file_sha256(path),
        sheet=chosen.name,
        header_row=header + 1,
        mapping=mapping,
        rows=rows,
        change=change,
        meta=ChangeMeta(author=author, origin=ORIGIN_IMPORT, comment=comment),
        notes=_unread_columns(head, positions),
    )
    for r in deleted:
        owner[r.iri] = r
    validate_rows(
        plan, owner, store=store, new=context.new, term_labels=context.models.term_labels,
        validator=validator or Validator.default(),
    )  # fmt: skip
    _refuse_waiting(plan, waiting)
    _refuse_named_in_drafts(plan, History(store.path), waiting)
    plan.meta = ChangeMeta(
        author=author,
        origin=ORIGIN_IMPORT,
        comment=comment or import_comment(plan),
        detail=import_detail(plan),
    )
    return plan


def _unread_columns(head: list[Cell], positions: dict[Column, int]) -> list[Problem]:
    """A note naming the header's columns the mapping does not read: "Beschreibng" (a typo)
    and "E-Mail" were dropped without a word (exploratory test)."""
    read = set(positions.values())
    unread = [text_of(c) for j, c in enumerate(head) if text_of(c) and j not in read]
    if not unread:
        return []
    named = ", ".join(unread)
    return [
        Problem(
            f"Diese Spalten liest die Zuordnung nicht ein, sie werden übergangen: {named}. "
            "Ist eine davon falsch geschrieben?",
            f"The mapping does not read these columns; they are passed over: {named}. Is one "
            "of them misspelt?",
        )
    ]


def _refuse_waiting(plan: ImportPlan, waiting: dict[str, list[tuple[str, str]]]) -> None:
    """A row that changes or deletes an entity a waiting draft touches is a problem, as in
    the forms: the list's change and the draft would rest on the same version, and one of
    them would conflict at publication (found only by the reviewer, the list rejected whole).
    The draft is decided first (published or rejected), then the list uploaded again."""
    if not waiting:
        return
    for row in plan.rows:
        drafts = waiting.get(row.iri) if row.action in (CHANGED, DELETED) else None
        if drafts:
            who = ", ".join(sorted({author for _id, author in drafts}))
            ids = ", ".join(i for i, _a in drafts)
            row.problems.append(
                Problem(
                    f"Ein Entwurf von {who} zu diesem Eintrag wartet auf Prüfung ({ids}); "
                    "die Liste kann ihn erst ändern, wenn er veröffentlicht oder abgelehnt ist.",
                    f"A draft by {who} about this entry is waiting for review ({ids}); the "
                    "list can change it once that draft is published or rejected.",
                )
            )


#: The names a waiting draft gives its entries (a form's new organisation, a list's rows).
_NAMES = (SKOS + "prefLabel", SKOS + "altLabel", SCHEMA + "name")


def _refuse_named_in_drafts(
    plan: ImportPlan, history: History, waiting: dict[str, list[tuple[str, str]]]
) -> None:
    """A new row with the name of an entry that a waiting draft names (creates, mostly) is a
    problem: the store's matcher does not know drafts, and the same list imported again
    while its first import waited made every new entry a second time ("…-e-v-2"), which
    publication then put beside the first (walk)."""
    new_rows = [r for r in plan.rows if r.action == CREATED and r.name]
    if not new_rows or not waiting:
        return
    named: dict[str, tuple[str, str]] = {}  # key(name) -> (draft id, author)
    for draft_id, author in dict.fromkeys(d for found in waiting.values() for d in found):
        added, _removed = history.payload(draft_id)
        for q in ox.parse(added, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False):
            if q.predicate.value in _NAMES and isinstance(q.object, ox.Literal):
                named.setdefault(key(q.object.value), (draft_id, author))
    for row in new_rows:
        found = named.get(key(row.name))
        if found is not None:
            draft_id, author = found
            row.problems.append(
                Problem(
                    f"Ein Eintrag dieses Namens wartet auf Prüfung, in einem Entwurf von "
                    f"{author} ({draft_id}); die Liste legte ihn sonst ein zweites Mal an. Erst "
                    "den Entwurf veröffentlichen oder ablehnen, dann die Liste erneut einlesen.",
                    f"An entry of this name is waiting for review in a draft by {author} "
                    f"({draft_id}); the list would make it a second time. Have that draft "
                    "published or rejected first, then import the list again.",
                )
            )


def _plan_row(
    context: _Context,
    number: int,
    cells: list[Cell],
    positions: dict[Column, int],
    desired: dict[tuple[str, str, str | None], set[Term]],
    new_quads: list[ox.Quad],
    named: dict[str, RowReport],
) -> RowReport:
    mapping = context.mapping
    values = {c: cells[j] if j < len(cells) else None for c, j in positions.items()}
    name_column = mapping.name_column
    assert name_column is not None
    name = text_of(values.get(name_column))
    report = RowReport(number, name, "")
    for column, cell in values.items():
        if column.required and text_of(cell) == "":
            report.problems.append(
                Problem(
                    f"Die Spalte „{column.header}“ ist leer; sie ist Pflicht.",
                    f"The column '{column.header}' is empty; it is required.",
                )
            )
    if not name:
        return report
    if not key(name):  # "-", "?": a placeholder, which made an entry named "-"
        report.problems.append(
            Problem(
                f"„{name}“ ist kein Name (keine Buchstaben oder Ziffern); bitte den Namen "
                "eintragen oder die Zeile löschen.",
                f"'{name}' is no name (no letters or digits); please fill in the name or "
                "delete the row.",
            )
        )
        return report

    iri, new = _entity(context, report, values)
    if not iri:  # an IRI cell that names no entry of the list's kind: said in the problems
        return report
    report.iri = iri
    first = named.get(key(name)) or named.get(iri)
    if first is not None:
        report.problems.append(
            Problem(
                f"Dieselbe Zeile wie Zeile {first.row} („{first.name}“): bitte zusammenführen.",
                f"The same entry as row {first.row} ('{first.name}'): please merge them.",
            )
        )
        return report
    named[key(name)] = named[iri] = report

    node_iris = {n.name: _node_iri(context, iri, n.segment, n.link) for n in mapping.nodes.values()}
    if new:
        report.action = CREATED
        graph = _home_graph(context, iri, mapping.cls)
        new_quads.append(
            ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE), ox.NamedNode(mapping.cls), graph)
        )
    for node in mapping.nodes.values():
        node_iri = node_iris[node.name]
        if new or not context.store.mentions(node_iri):
            context.new.add(node_iri)
            graph = _home_graph(context, iri, mapping.cls)
            subject = ox.NamedNode(node_iri)
            new_quads.append(
                ox.Quad(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(node.cls), graph)
            )
            new_quads.append(ox.Quad(ox.NamedNode(iri), ox.NamedNode(node.link), subject, graph))
            for lang, template in node.labels.items():
                label = ox.Literal(template.format(name=name), language=lang)
                new_quads.append(ox.Quad(subject, ox.NamedNode(SKOS + "prefLabel"), label, graph))

    for column, cell in values.items():
        if column.type == "id" or text_of(cell) == "":
            continue
        subject = node_iris[column.node] if column.node else iri
        if column.name and not new and _named_so(context, subject, column, name):
            continue  # "AfricAvenir International" keeps its label "… e.V.": same name
        try:
            if column.type == "entity":
                terms: list[Term] = [
                    ox.NamedNode(_linked(context, text, column))
                    for text in split(text_of(cell), column.split)
                ]
            else:
                terms = _cell_terms(context, column, cell)
                if column.type == "date" and (clock := time_of_day(cell)):
                    report.warnings.append(
                        Problem(
                            f"{column.header}: die Uhrzeit {clock} ist nicht übernommen "
                            "(gespeichert wird der Tag).",
                            f"{column.header}: the time {clock} is left out (the day is stored).",
                        )
                    )
        except InputProblem as problem:
            report.problems.append(
                Problem(
                    f"{column.header}: {problem.problem.de}",
                    f"{column.header}: {problem.problem.en}",
                )
            )
            continue
        desired.setdefault((subject, column.property, column.language), set()).update(terms)
        if column.keep:
            context.keep.add((subject, column.property, column.language))

    if new:
        report.duplicates = context.matcher.match(
            name, mapping.cls, limit=3, min_score=DUPLICATE_SCORE
        )
    return report


def _cell_terms(context: _Context, column: Column, cell: Cell) -> list[Term]:
    """`values.cell_terms`, each distinct cell of a column read once (a cell's type counts:
    1, 1.0 and True are equal keys of a dict but not the same cell)."""
    seen = context.terms[column]
    memo = (type(cell), cell)
    known = seen.get(memo)
    if known is None:
        try:
            known = seen[memo] = cell_terms(column, cell, context.mapping, context.tables)
        except InputProblem as problem:
            known = seen[memo] = problem.problem
    if isinstance(known, Problem):
        raise InputProblem(known)  # a new one each time: a raised one grows its traceback
    return known


def _named_so(context: _Context, iri: str, column: Column, name: str) -> bool:
    """Whether the entity already has this name in normal form (in the column's property
    and language): then the list's spelling does not replace the entity's."""
    wanted = key(name)
    for q in context.store.quads(ox.NamedNode(iri), ox.NamedNode(column.property)):
        term = q.object
        language_fits = isinstance(term, ox.Literal) and column.language in (None, term.language)
        if language_fits and key(term.value) == wanted:
            return True
    return False


def _of_class(context: _Context, iri: str) -> bool:
    """Whether the entry `iri` is of the mapping's class or one of its subclasses."""
    if context.kinds is None:
        bound = {"class": ox.NamedNode(context.mapping.cls)}
        rows = context.store.select(query("importing/kinds-of-class"), bindings=bound)
        context.kinds = {context.mapping.cls} | {row["kind"].value for row in rows}
    return any(
        q.object.value in context.kinds
        for q in context.store.quads(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE))
    )


def _entity(context: _Context, report: RowReport, values: dict[Column, Cell]) -> tuple[str, bool]:
    """The row's entity: (IRI, whether it is new). See the module docstring, rule 1."""
    mapping = context.mapping
    id_column = mapping.id_column
    given = text_of(values.get(id_column)) if id_column is not None else ""
    if given:
        assert id_column is not None
        try:
            known = context.store.mentions(given)
        except ValueError:  # no IRI ("berlin-postkolonial", "w3id.org/…", a space in it)
            report.problems.append(
                Problem(
                    f"{id_column.header}: „{given}“ ist keine vollständige Adresse (IRI, "
                    "https://…); bitte die Adresse aus einer exportierten Liste übernehmen oder "
                    "die Zelle für einen neuen Eintrag leer lassen.",
                    f"{id_column.header}: '{given}' is no complete address (IRI, https://…); "
                    "copy the address from an exported list, or leave the cell empty for a new "
                    "entry.",
                )
            )
            return "", False
        if known and not _of_class(context, given):
            report.problems.append(
                Problem(
                    f"{id_column.header}: „{given}“ ist kein Eintrag der Art "
                    f"{curie(mapping.cls)}, die diese Liste einliest; bitte die Adresse prüfen.",
                    f"{id_column.header}: '{given}' is no entry of the kind {curie(mapping.cls)} "
                    "this list imports; please check the address.",
                )
            )
            return "", False
        if known:
            return given, False
        report.problems.append(
            Problem(
                f"{id_column.header}: „{given}“ ist kein vorhandener Eintrag; für einen neuen "  # type: ignore[union-attr]
                "Eintrag bitte leer lassen.",
                f"{id_column.header}: '{given}' is no existing entry; leave it empty for a new "  # type: ignore[union-attr]
                "entry.",
            )
        )
        return given, False
    found = context.matcher.match(report.name, mapping.cls, limit=2, fuzzy=False)
    if found and found[0].match:
        return found[0].iri, False
    if found and found[0].score >= MATCH_SCORE:  # two entities equally named
        report.duplicates = found
        listed = "; ".join(f"{c.label} <{c.iri}>" for c in found)
        report.problems.append(
            Problem(
                f"Der Name passt gleich gut zu mehreren Einträgen ({listed}); bitte die IRI in "
                "einer Spalte angeben.",
                f"The name fits several entries equally well ({listed}); please give the IRI "
                "in a column.",
            )
        )
    store = context.store

    def taken(iri: str) -> bool:
        return iri in context.minted or iri in context.drafts or store.mentions(iri)

    iri = mint_iri(store.base_iri, context.models, mapping.cls, report.name, taken)
    context.minted.add(iri)
    context.new.add(iri)
    return iri, True


def _linked(context: _Context, text: str, column: Column) -> str:
    """The entity a cell names (an organiser, a speaker): the matcher's unique match (the
    same names recur in a list: each is looked up once)."""
    memo = (text, column.target_class)
    known = context.linked.get(memo)
    if isinstance(known, InputProblem):
        raise known
    if known is not None:
        return known
    found = context.matcher.match(text, column.target_class, limit=1, fuzzy=False)
    if found and found[0].match:
        context.linked[memo] = found[0].iri
        return found[0].iri
    found = context.matcher.match(text, column.target_class, limit=3)
    near = "; ".join(f"„{c.label}“ ({c.score})" for c in found)
    context.linked[memo] = problem = InputProblem(
        Problem(
            f"„{text}“ ist kein eindeutiger vorhandener Eintrag"
            + (f" (ähnlich: {near})." if near else "."),
            f"'{text}' is no unique existing entry" + (f" (similar: {near})." if near else "."),
        )
    )
    raise problem


def _node_iri(context: _Context, iri: str, segment: str, link: str) -> str:
    """A row's second node (a speaker profile): the one linked already, else the entity's
    last segment under `segment`."""
    for q in (
        () if iri in context.new else context.store.quads(ox.NamedNode(iri), ox.NamedNode(link))
    ):
        if isinstance(q.object, ox.NamedNode):
            return q.object.value
    return f"{context.store.base_iri}{segment}/{iri.rstrip('/').rsplit('/', 1)[-1]}"


def _home_graph(context: _Context, iri: str, cls: str) -> ox.NamedNode:
    """Where an entity's new values go: the graph of its type statement (a public one
    first); for a new entity the mapping's graph (a living person's: internal)."""
    if iri in context.new:  # asked for each value of 45,000 new entities: once per class
        home = context.new_homes.get(cls)
        if home is None:
            home = context.new_homes[cls] = _new_home_graph(context, cls)
        return home
    graphs = sorted(
        q.graph_name.value
        for q in context.store.quads(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE))
        if isinstance(q.graph_name, ox.NamedNode)
    )
    public = [g for g in graphs if g.startswith(context.store.public_prefix)]
    if public or graphs:
        return ox.NamedNode((public or graphs)[0])
    return _new_home_graph(context, cls)


def _new_home_graph(context: _Context, cls: str) -> ox.NamedNode:
    """The graph of a new entity's values: the mapping's (a living person's: internal)."""
    living = is_living_person_class(context.models, cls)
    name = INTERNAL_IMPORT_GRAPH if living else context.mapping.graph or IMPORT_GRAPH
    if name not in context.graphs:
        context.graphs[name] = ox.NamedNode(context.store.graph_iri(name))
    return context.graphs[name]


def _change(
    context: _Context,
    desired: dict[tuple[str, str, str | None], set[Term]],
    new_quads: list[ox.Quad],
    owner: dict[str, RowReport],
) -> Change:
    """The difference between what the rows say and what the store holds (rule 2)."""
    store = context.store
    add: list[ox.Quad] = list(new_quads)
    remove: list[ox.Quad] = []
    # Per subject: quads added and removed, and the properties they touch. Counted per
    # property rather than per quad, and the names of the properties made once each.
    added: dict[str, int] = defaultdict(int)
    removed: dict[str, int] = defaultdict(int)
    touched: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}

    def name_of(prop: str) -> str:
        if prop not in names:
            names[prop] = curie(prop)
        return names[prop]

    for q in new_quads:
        added[q.subject.value] += 1
        touched[q.subject.value].add(name_of(q.predicate.value))
    predicates: dict[str, ox.NamedNode] = {}
    for (subject, prop, language), terms in desired.items():
        node = ox.NamedNode(subject)
        predicate = predicates.setdefault(prop, ox.NamedNode(prop))
        if subject in context.new:  # nothing to compare with
            graph = _home_graph(context, subject, context.mapping.cls)
            add.extend(ox.Quad(node, predicate, t, graph) for t in terms)
            added[subject] += len(terms)
            touched[subject].add(name_of(prop))
            continue
        current = [
            q
            for q in store.quads(node, predicate)
            if language is None
            or (isinstance(q.object, ox.Literal) and q.object.language == language)
        ]
        have = {q.object for q in current}
        missing = [t for t in terms if t not in have]
        kept = (subject, prop, language) in context.keep
        gone = [] if kept else [q for q in current if q.object not in terms]
        if missing:
            graph = _home_graph(context, subject, context.mapping.cls)
            add.extend(ox.Quad(node, predicate, t, graph) for t in sorted(missing, key=str))
        remove.extend(gone)
        if missing or gone:
            added[subject] += len(missing)
            removed[subject] += len(gone)
            touched[subject].add(name_of(prop))
    for subject in set(added) | set(removed):
        report = owner.get(subject)
        if report is None:
            continue
        report.added += added.get(subject, 0)
        report.removed += removed.get(subject, 0)
        report.properties = sorted(set(report.properties) | touched[subject])
        if report.action == UNCHANGED:
            report.action = CHANGED
    return Change(add=add, remove=remove)


def _sync(context: _Context, named: set[str], change: Change) -> list[RowReport]:
    """`--sync`: entities of the class in the mapping's graph that no row names any more."""
    store = context.store
    graph = store.graph_iri(context.mapping.graph or IMPORT_GRAPH)
    internal = store.graph_iri(INTERNAL_IMPORT_GRAPH)
    gone: list[RowReport] = []
    for row in store.select(
        query("importing/entities-of-class"),
        bindings={"class": ox.NamedNode(context.mapping.cls)},
        max_rows=Store.SCAN_ROWS,
    ):
        iri, where = row["entity"].value, row["graph"].value
        if where not in (graph, internal) or iri in named:
            continue
        node = ox.NamedNode(iri)
        quads = list(store.description(node))
        for n in context.mapping.nodes.values():
            for q in store.quads(node, ox.NamedNode(n.link)):
                if isinstance(q.object, ox.NamedNode):
                    quads.extend(store.description(q.object))
        # Its German name, as the list says names (the first label found was the English one).
        label = (
            german_label(
                [
                    q.object
                    for q in quads
                    if q.subject == node and q.predicate.value == SKOS + "prefLabel"
                ]
            )
            or iri
        )
        assert isinstance(change.remove, list)
        change.remove.extend(quads)
        gone.append(RowReport(0, label, iri, DELETED, removed=len(quads)))
    return gone
