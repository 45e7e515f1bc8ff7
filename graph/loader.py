"""Reading RDF files into a `Change`, safely.

Files are checked before any parser sees them (size, emptiness, DTDs in RDF/XML, remote
JSON-LD contexts), then parsed as a stream straight from disk into an in-memory Oxigraph
store that is the change's `add` side: no quad becomes a Python object on the way, which is
what makes a million-triple load take seconds. A syntax error anywhere leaves the store
untouched because nothing is written before the whole file has parsed and validated.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .changes.model import default_author
from .config import max_load_bytes
from .errors import InvalidDataError, UsageError
from .namespaces import DCTERMS, FOAF, PROV, RDF_TYPE, RDFS, XSD
from .naming import slugify
from .resources import query
from .store import Change, Store

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
FORMAT_NAMES: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    change: Change  # `add` is an in-memory ox.Store holding the file's quads
    graphs: tuple[str, ...]
    count: int = 0  # quads in the file (its store may later hold other files' quads too)
    public_count: int = 0


def detect_format(path: Path, name: str | None = None) -> ox.RdfFormat:
    if name:
        fmt = FORMAT_NAMES.get(name.lower())
        if fmt is None:
            raise UsageError(
                f"Unbekanntes Format {name!r}; erlaubt: {', '.join(sorted(FORMAT_NAMES))}.",
                f"Unknown format {name!r}; allowed: {', '.join(sorted(FORMAT_NAMES))}.",
                where=str(path),
            )
        return fmt
    if path.is_dir():  # said before its missing extension, which would mislead
        raise UsageError(
            "Das ist ein Ordner; bitte die Dateien darin angeben (zum Beispiel ordner/*.ttl).",
            "This is a folder; please give the files in it (for example folder/*.ttl).",
            where=str(path),
        )
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(
            f"Unbekannter Dateityp {path.suffix or '(ohne Endung)'!r}; bekannt sind {known} "
            "(oder --format angeben).",
            f"Unknown file type {path.suffix or '(no extension)'!r}; known are {known} "
            "(or pass --format).",
            where=str(path),
        )
    return fmt


def preflight(path: Path, fmt: ox.RdfFormat, *, limit: int | None = None) -> int:
    """Refuse what must never reach a parser. Returns the file size."""
    if not path.is_file():
        raise UsageError("Datei nicht gefunden.", "File not found.", where=str(path))
    size = path.stat().st_size
    limit = max_load_bytes() if limit is None else limit
    if size == 0:
        raise InvalidDataError("Die Datei ist leer.", "The file is empty.", where=str(path))
    if size > limit:
        raise UsageError(
            f"Die Datei ist zu groß ({size / 1e6:.1f} MB, höchstens {limit / 1e6:.1f} MB). "
            "Grenze mit AKTEURSGRAPH_MAX_LOAD_BYTES anheben.",
            f"The file is too large ({size / 1e6:.1f} MB, at most {limit / 1e6:.1f} MB). "
            "Raise the limit with AKTEURSGRAPH_MAX_LOAD_BYTES.",
            where=str(path),
        )
    if fmt == ox.RdfFormat.RDF_XML:
        _refuse_dtd(path)
    if fmt == ox.RdfFormat.JSON_LD:
        _refuse_remote_context(path)
    return size


#: What entity expansion ("billion laughs") needs. XML's keywords are upper case; they are
#: looked for in each encoding an RDF/XML file may come in.
_DTD_MARKERS = [
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]
_CHUNK = 1 << 20


def _refuse_dtd(path: Path) -> None:
    """Entity expansion needs a DTD; RDF/XML never needs one. The whole file is read: a
    declaration after a long comment is still a declaration (only the first 64 KB were read
    once, and a 70 KB comment got a billion laughs past)."""
    overlap = max(len(m) for m in _DTD_MARKERS) - 1
    tail, lines = b"", 0
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            window = tail + block
            hits = [i for m in _DTD_MARKERS if (i := window.find(m)) >= 0]
            if hits:
                at = min(hits)
                line = lines + window.count(b"\n", 0, at) - tail.count(b"\n") + 1
                raise InvalidDataError(
                    f"Zeile {line}: RDF/XML mit DOCTYPE oder ENTITY wird abgelehnt (Schutz vor "
                    'Entitäten-Expansion, "billion laughs"). Bitte ohne DTD speichern.',
                    f"line {line}: RDF/XML with a DOCTYPE or ENTITY is refused (protection "
                    'against entity expansion, "billion laughs"). Please save it without a DTD.',
                    where=str(path),
                )
            lines += block.count(b"\n")
            tail = window[-overlap:]


def _refuse_remote_context(path: Path) -> None:
    """A remote @context would make the parser fetch it: no request may leave the machine."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            f"Die Datei ist kein UTF-8 ({exc.reason}).",
            f"The file is not UTF-8 ({exc.reason}).",
            where=str(path),
        ) from exc
    except json.JSONDecodeError as exc:
        raise InvalidDataError(
            f"Syntaxfehler (JSON-LD): kein gültiges JSON ({exc.msg}).",
            f"syntax error (JSON-LD): not valid JSON ({exc.msg}).",
            where=f"{path}:{exc.lineno}:{exc.colno}",
        ) from exc

    def remote(ctx: object) -> str | None:
        if isinstance(ctx, str):
            return ctx
        if isinstance(ctx, list):
            return next((r for c in ctx if (r := remote(c))), None)
        if isinstance(ctx, dict) and isinstance(ctx.get("@import"), str):
            return ctx["@import"]
        return None

    stack: list[object] = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "@context" in item and (ref := remote(item["@context"])):
                raise InvalidDataError(
                    f"Entfernter JSON-LD-@context {ref!r} wird nicht geladen: bitte den "
                    "Kontext in die Datei einbetten.",
                    f"Remote JSON-LD @context {ref!r} is not fetched: please embed the context "
                    "in the file.",
                    where=str(path),
                )
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


_BOM = b"\xef\xbb\xbf"


def _skip_bom(fh: IO[bytes]) -> None:
    """Editors on Windows begin UTF-8 files with a byte-order mark, which the RDF grammars do
    not allow: the file was refused for an invisible character at 1:1."""
    if fh.read(len(_BOM)) != _BOM:
        fh.seek(0)


class _CountingReader(io.RawIOBase):
    """Passes bytes through to the parser and reports how many were read (progress bars)."""

    def __init__(self, fh: IO[bytes], progress: ProgressCallback) -> None:
        self._fh = fh
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._fh.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._progress(n)
        return n or 0


def _file_slug(path: Path) -> str:
    """A file's name as an IRI segment (`Orgs 2025.ttl` -> `orgs-2025`)."""
    return slugify(path.stem) or "file"


def read_file(
    store: Store,
    path: Path,
    *,
    graph: str | None = None,
    format_name: str | None = None,
    progress: ProgressCallback | None = None,
) -> LoadedFile:
    """Parse one file into quads for `store`; raises with file, line and rule on bad input."""
    path = Path(path)
    fmt = detect_format(path, format_name)
    preflight(path, fmt)
    target = ox.NamedNode(
        store.graph_iri(graph) if graph else store.internal_prefix + _file_slug(path)
    )
    staged = ox.Store()  # in memory
    try:
        with path.open("rb") as raw:
            _skip_bom(raw)
            source: IO[bytes] = (
                io.BufferedReader(_CountingReader(raw, progress)) if progress else raw
            )
            # Triples outside a named graph go to `target`; the parser gives blank nodes
            # fresh names, so two files never share one by accident.
            staged.load(source, format=fmt, base_iri=store.base_iri, to_graph=target)
        graphs = sorted(g.value for g in staged.named_graphs())
        for g in graphs:
            store.graph_iri(g)  # refuses graphs outside public/ and internal/
    except SyntaxError as exc:
        raise InvalidDataError(
            f"Syntaxfehler ({fmt.name}): {parser_message_de(exc.msg, fmt.name)}",
            f"syntax error ({fmt.name}): {exc.msg}",
            where=f"{path}:{exc.lineno}" + (f":{exc.offset}" if exc.offset else ""),
        ) from exc
    except UsageError as exc:
        raise InvalidDataError(exc.de, exc.en, where=str(path)) from exc
    except MemoryError as exc:
        # The parser's buffer for one token (a literal, an IRI) is bounded: a file with a 20 MB
        # literal was "an unexpected error: MemoryError(...)", naming neither file nor rule.
        raise InvalidDataError(
            "Ein einzelner Wert (Literal oder IRI) ist zu lang zum Einlesen (höchstens 16 MB "
            f"je Wert): {exc}",
            f"A single value (literal or IRI) is too long to read (at most 16 MB each): {exc}",
            where=str(path),
        ) from exc
    if not len(staged):
        raise InvalidDataError(
            "Die Datei enthält keine Tripel.", "The file contains no triples.", where=str(path)
        )
    _refuse_deep_nesting(staged, path)
    public_count = sum(
        int(row["triples"].value)
        for row in staged.query(query("stats-graphs"))
        if store.is_public_graph(row["graph"])
    )
    return LoadedFile(path, Change(add=staged), tuple(graphs), len(staged), public_count)


def read_files(
    store: Store,
    paths: Iterable[Path],
    *,
    graph: str | None = None,
    format_name: str | None = None,
    progress: ProgressCallback | None = None,
) -> list[LoadedFile]:
    """`read_file` for several files at once, in their order.

    The engine parses without Python's interpreter lock, so two files parse side by side:
    the 1M benchmark district's two files took 5.2 s one after the other, 4.2 s at once.
    A bad file raises as it would have alone; of several bad files, the first in order."""
    paths = [Path(p) for p in paths]
    if len(paths) < 2:
        return [read_file(store, p, graph=graph, format_name=format_name, progress=progress)
                for p in paths]  # fmt: skip
    shared = None if progress is None else _one_at_a_time(progress)

    def read(path: Path) -> LoadedFile:
        return read_file(store, path, graph=graph, format_name=format_name, progress=shared)

    with ThreadPoolExecutor(max_workers=min(len(paths), 4)) as pool:
        futures = [pool.submit(read, p) for p in paths]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()  # files not begun yet are not read
            raise


def _one_at_a_time(progress: ProgressCallback) -> ProgressCallback:
    """A progress bar is not made to be moved from two threads at once."""
    lock = threading.Lock()

    def told(n: int) -> None:
        with lock:
            progress(n)

    return told


#: How deep blank nodes may nest in a loaded file (`[ ... [ ... ] ]`, nested lists). Every
#: write that touches the outer subject walks the whole nest; a million levels made each such
#: write take 19 s. Real data nests one or two levels (an address, a qualified statement).
MAX_BLANK_NODE_DEPTH = 64


def _refuse_deep_nesting(staged: ox.Store, path: Path) -> None:
    # The links in a list before the check: the engine's query answer may only be dropped on
    # the thread that made it, and a refusal's traceback, holding a generator over it, was
    # dropped on the thread the refusal reached (a parallel read of several files).
    links = [(row["s"], row["o"]) for row in staged.query(query("blank-node-links"))]  # type: ignore[union-attr]
    refuse_deep_nesting(links, str(path))


def refuse_deep_nesting(links: Iterable[tuple[object, object]], where: str) -> None:
    """Refuse blank nodes nested deeper than `MAX_BLANK_NODE_DEPTH`, or in a cycle, given
    the links from a blank node to a blank node (a list's rdf:rest left out) of a load or
    of a SPARQL update (`where` names which)."""
    children: dict[object, list[object]] = {}
    for parent, child in links:
        children.setdefault(parent, []).append(child)
    depth: dict[object, int] = {}
    for root in children:
        # Depth-first without recursion (a deep nest must not exhaust Python's stack).
        stack: list[tuple[object, bool]] = [(root, False)]
        on_path: set[object] = set()
        while stack:
            node, done = stack.pop()
            if done:
                on_path.discard(node)
                depth[node] = 1 + max((depth[c] for c in children.get(node, ())), default=0)
                if depth[node] > MAX_BLANK_NODE_DEPTH:
                    _too_deep(where, f"> {MAX_BLANK_NODE_DEPTH}")
                continue
            if node in depth:
                continue
            if node in on_path:  # a cycle of blank nodes nests without end
                _too_deep(where, "∞")
            on_path.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()) if c not in depth)


#: The RDF parser's messages (English only), in German: office staff read the German line
#: first, and it carried the parser's English ("A dot is expected at the end of statements").
_PARSER_DE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), german)
    for pattern, german in (
        (r"A dot is expected at the end of statements|(Quads|Triples) (must|should) be "
         r"followed by a dot",
         "Am Ende der Aussage fehlt der Punkt („.“)."),
        (r"A '\}' or a '\.' is expected at the end of a graph block",
         "Am Ende einer Aussage fehlt der Punkt („.“) oder am Ende des Graphen die Klammer "
         "„}“."),
        (r"Unexpected end( of file)?$",
         "{whole} endet mitten in einer Aussage (eine Klammer oder ein Anführungszeichen "
         "nicht geschlossen?)."),
        (r"The prefix (\S*) has not been declared",
         "Das Präfix „\\1“ ist nicht deklariert (es fehlt eine @prefix-Zeile)."),
        (r"Invalid IRI code point '(.*)'",
         "Eine IRI enthält ein Zeichen, das in ihr nicht stehen darf („\\1“)."),
        (r"A language code should always start with a letter",
         "Ein Sprachkürzel (nach „@“) muss mit einem Buchstaben beginnen."),
        (r"blank node property lists should end with a '\]'",
         "Eine Klammer „[“ ist nicht mit „]“ geschlossen."),
        (r"The subject of a triple must be|is not a valid subject",
         "Das Subjekt einer Aussage muss eine IRI oder ein leerer Knoten sein."),
        (r"The predicate of a triple must be|is not a valid predicate",
         "Das Prädikat einer Aussage muss eine IRI sein."),
        (r"The object of a triple must be|is not a valid object",
         "Das Objekt einer Aussage muss eine IRI, ein leerer Knoten oder ein Literal sein."),
    )
)  # fmt: skip
_PARSER_PLACE = re.compile(
    r"^Parser error (?:at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?"
    r"|between line (\d+) column (\d+) and line \d+ column \d+): "
)


def parser_message_de(message: str, fmt: str, whole: str = "Die Datei") -> str:
    """The parser's message in German, with its line and column; one it does not know is
    quoted, after a sentence that says what it means. `whole` names what was parsed: a
    file, or a SPARQL update's data ("Die Änderung"), whose syntax errors carried the
    parser's English on the German line too."""
    place = _PARSER_PLACE.match(message)
    rest = message[place.end() :] if place else message
    where = ""
    if place:
        # "at line L column C", or "between line L column C and …" (a string left open)
        line = place.group(1) or place.group(4)
        column = place.group(2) or place.group(3) or place.group(5)
        where = f"Zeile {line}" + (f", Spalte {column}" if column else "") + ": "
    for pattern, german in _PARSER_DE:
        found = pattern.search(rest)
        if found:
            return where + found.expand(german.replace("{whole}", whole))
    return f"{where}{whole} ist hier kein gültiges {fmt} (Meldung des Parsers: „{rest}“)."


def _too_deep(where: str, levels: str) -> None:
    raise InvalidDataError(
        f"Leere Knoten sind zu tief verschachtelt ({levels} Ebenen, höchstens "
        f"{MAX_BLANK_NODE_DEPTH}).",
        f"Blank nodes are nested too deeply ({levels} levels, at most {MAX_BLANK_NODE_DEPTH}).",
        where=where,
    )


def provenance(
    store: Store,
    files: Iterable[LoadedFile],
    *,
    agent: str | None = None,
) -> list[ox.Quad]:
    """Who loaded what, when: public part (source, date) and internal part (who). Each
    load's record has an IRI of its own, named to the microsecond, "-2", "-3" ... for files
    of one name in one load or a name the store has. Two loads of one file within a second
    had one record, with two agents and the first load's count, and a revert of either took
    both away."""
    precise = datetime.now(UTC)
    now = precise.replace(microsecond=0)
    public_meta = ox.NamedNode(store.public_prefix + "meta")
    internal_meta = ox.NamedNode(store.internal_prefix + "meta")
    quads: list[ox.Quad] = []
    used: set[str] = set()
    for f in files:
        # To the microsecond: two loads sent to the server at once both found a record of
        # the second free, and the second's record merged into the first's (re-check).
        stamp_iri = precise.strftime("%Y%m%dt%H%M%S%fz")
        named = f"{store.base_iri}load/{stamp_iri}-{_file_slug(f.path)}"
        candidate, n = named, 1
        while candidate in used or store.mentions(candidate):
            n += 1
            candidate = f"{named}-{n}"
        used.add(candidate)
        load = ox.NamedNode(candidate)
        stamp = ox.Literal(
            now.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime")
        )

        public_graphs = [g for g in f.graphs if g.startswith(store.public_prefix)]
        # The public record names only public graphs: even internal graph names stay inside.
        home = public_meta if public_graphs else internal_meta

        def add(s: ox.NamedNode, p: str, o: object, g: ox.NamedNode = home) -> None:
            quads.append(ox.Quad(s, ox.NamedNode(p), o, g))  # type: ignore[arg-type]

        add(load, RDF_TYPE, ox.NamedNode(PROV + "Activity"))
        add(load, RDFS + "label", ox.Literal(f"Laden von {f.path.name}", language="de"))
        add(load, RDFS + "label", ox.Literal(f"Load of {f.path.name}", language="en"))
        add(load, DCTERMS + "title", ox.Literal(f.path.name))
        add(load, PROV + "startedAtTime", stamp)
        extent = f.public_count if public_graphs else f.count
        add(load, DCTERMS + "extent", _integer(extent))
        for g in f.graphs:
            visible = g in public_graphs
            add(load, PROV + "generated", ox.NamedNode(g), home if visible else internal_meta)
        who = ox.BlankNode()
        add(load, PROV + "wasAssociatedWith", who, internal_meta)
        add(who, RDF_TYPE, ox.NamedNode(PROV + "Agent"), internal_meta)
        # As the change set records its author: without the blanks typed around it
        # (`--agent " Otto "` was kept so in the data; walk of 2026-12-07).
        add(who, FOAF + "name", ox.Literal((agent or default_author()).strip()), internal_meta)
    return quads


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))
