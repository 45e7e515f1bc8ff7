"""The explorer: home, lists with facets, entity pages, search, speakers, sites.

Server-rendered HTML that works without JavaScript; every page has a JSON twin (`.json` or
`Accept: application/json`, made from the same data: `twins.page_response`), every entity
page also its RDF (Turtle, N-Triples, JSON-LD, RDF/XML by `Accept` or by suffix). Public
answers carry ETags and are kept until the next publication (`twins.conditional`). Views
call named functions of `graph.explore` and `graph.search`; they never build SPARQL.
"""

from __future__ import annotations

import json
import math
import urllib.parse
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from akteursgraph import explore
from akteursgraph.errors import UsageError, shown
from akteursgraph.forms.new_entities import PUBLIC_GRAPH
from akteursgraph.importing.plan import IMPORT_GRAPH
from akteursgraph.languages import language_code
from akteursgraph.linked_data import (
    RDF_TYPES,
    GraphDocument,
    document,
    graph_content_query,
    graph_document,
    iri_for_path,
    path_for_iri,
    serialize,
    versioned_document,
)
from akteursgraph.office import OFFICE_GRAPH
from akteursgraph.operations import VOCABULARY_GRAPH
from akteursgraph.publish.inference import inferred_graph
from akteursgraph.schema_org import describe, script_json
from akteursgraph.search import SearchIndex
from akteursgraph.store import Store

from .errors import ProtocolError
from .layout import column_layout
from .linknames import apart_from_nav, apart_on_page
from .list_names import refused_filter
from .office_settings import settings as office_settings
from .page_cache import page_cache
from .parameters import SPEAKER_FILTERS, each_one_value, no_foreign_filters, one_value_each
from .site_paths import site_path
from .twins import (
    JSON,
    conditional,
    follows_reads,
    json_suffix_rules,
    page_response,
)

bp = Blueprint("explorer", __name__)

bp.before_request(each_one_value)  # two values of one that takes one: a 400

RDF_ACCEPT = {media: fmt for fmt, (media, _) in RDF_TYPES.items()}


def store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def search_index() -> SearchIndex:
    return current_app.extensions["akteursgraph.search"]


@bp.get("/")
@conditional
def home() -> Response:
    summary = cached_pages(("home", g.lang), lambda: explore.home_summary(store(), g.lang))
    return page_response("home.html", summary, summary=summary, counts=summary["counts"])


#: Search hits on one page (all of them are counted and can be paged through).
SEARCH_PER_PAGE = 50


@bp.get("/search")
@conditional
def search() -> Response:
    no_foreign_filters((), ("Die Suche", "The search"))
    if "as_of" in request.args:
        raise UsageError(
            "Die Suche sucht im heutigen Stand; as_of gilt für die Netzwerkansichten und die "
            "Pfade.",
            "The search searches today's state; as_of applies to the network's views and paths.",
            where="as_of",
        )
    text = request.args.get("q", "").strip()
    kind = request.args.get("type") or None
    if kind is not None and kind not in (*explore.KINDS, "other"):
        # Refused by name, as the lists refuse an unknown sort or filter: it was ignored,
        # and a page of every kind answered with no kind chosen.
        allowed = ", ".join((*explore.KINDS, "other"))
        raise UsageError(
            f"Unbekannte Art {shown(kind)}; erlaubt: {allowed}.",
            f"Unknown kind {shown(kind)}; allowed: {allowed}.",
            where="type",
        )
    page = _page_number()
    found = search_index().explained(
        text,
        g.lang,
        types=[kind] if kind else None,
        limit=SEARCH_PER_PAGE,
        offset=(page - 1) * SEARCH_PER_PAGE,
    )
    pages = _page_count(page, found["total"], SEARCH_PER_PAGE, ("die Suche", "the search"))
    groups: dict[str, list[dict[str, object]]] = {}
    for r in found["hits"]:
        groups.setdefault(str(r["kind"]), []).append(r)
        if r["kind"] in explore.FILED_UNDER:
            # "Wedding" found its district and the organisations naming Wedding in their
            # texts, not the twelve in Wedding: a hit that lists are filtered by leads there.
            r["directories"] = explore.in_directories(store(), str(r["iri"]))
    data = {
        "q": text,
        "kind": kind,
        "total": found["total"],
        "page": page,
        "pages": pages,
        "per_page": SEARCH_PER_PAGE,
        "kinds": found["kinds"],
        "groups": groups,
        "suggestions": found["suggestions"],
        "fewer_words": found["fewer_words"],
        # Words searched without an ending ("Hansen" as "Hans"): the page says so.
        "stemmed": found["stemmed"],
        # Words left out that only join the others ("für", "und"): the page says so.
        "ignored": found["ignored"],
        # The directories filtered by what the words name ("Kolonialgeschichte Wedding":
        # the organisations on that topic in that district), beside the texts that match.
        # Its words run together typed apart: "Kolonialgeschichtewedding" as the two; a
        # name typed whole names no directory by a part of it ("Manga Bell Platz": "Platz").
        "named": explore.directories_named(store(), found["read_as"], g.lang, whole=found["a_name"])
        if text
        else [],
        # Where to look instead, when nothing is found: on the page and in its twin alike.
        # (Without a query the page shows only the search field: no directories either.)
        "directories": [] if found["total"] or not text else _directories(),
    }
    everywhere = sum(found["kinds"].values())
    if kind and not found["total"] and everywhere:
        # "Wedding" among the people: nobody, but 30 entries of other kinds. The page said
        # no entry held the word, and hid those 30 in the kind chooser's counts.
        data["directories"].insert(0, {
            "label": ngettext("%(num)d result of every kind", "%(num)d results of every kind",
                              everywhere),
            "url": url_for("explorer.search", q=text),
        })  # fmt: skip
    return page_response("search.html", data, page_url=lambda p: _with_args(page=p))


def _directories() -> list[dict[str, str]]:
    """The directories an empty search points to, each with its words and address."""
    return [
        {"label": _("Find a speaker by topic, language and format"),
         "url": url_for("explorer.speakers")},
        {"label": _("Browse the topics and their organisations"),
         "url": url_for("explorer.listing", kind="topics")},
        {"label": _("All organisations, with filters"),
         "url": url_for("explorer.listing", kind="organisations")},
        {"label": _("The colonial-history sites and their renamings"),
         "url": url_for("explorer.listing", kind="sites")},
    ]  # fmt: skip


LIST_KINDS = "organisations, people, projects, events, cooperations, topics, sites"


@bp.get(f"/<any({LIST_KINDS}):kind>")
@conditional
def listing(kind: str) -> Response:
    """A list with its facets, from the kind's facet index (`explore.facet_index`, rebuilt by
    the first list after a write); the page's data is kept per publication too."""
    _refuse_as_of()
    no_foreign_filters(explore.facet_names(kind), (f"Die Liste {kind}", f"The list {kind}"))
    facets = {
        f: [_filter_value(f, v) for v in request.args.getlist(f)]
        for f in explore.facet_names(kind)
        if request.args.getlist(f)
    }
    if "language" in facets:
        facets["language"] = [explore.list_language(store(), kind, v) for v in facets["language"]]
    # One choice per value: "fr-FR" and "fr" both asked for French, "2 gewählt" for one box
    facets = {f: list(dict.fromkeys(values)) for f, values in facets.items()}
    sort = request.args.get("sort", "label")
    page = _page_number()
    lang = g.lang
    chosen = tuple(sorted((f, tuple(v)) for f, v in facets.items()))
    follows_reads()
    try:
        # The counts are the same for every sort and page of one filter: kept apart.
        counts = cached_pages(
            ("list-counts", kind, lang, chosen),
            lambda: explore.list_counts(store(), kind, lang, facets=facets),
            follows=True,
            again=True,
        )
        listed = cached_pages(
            ("list-items", kind, lang, chosen, sort, page),
            lambda: explore.list_items(
                store(), kind, lang, facets=facets, sort=sort, page=page, per_page=25
            ),
            follows=True,
            again=True,
        )
    except explore.UnknownFilterValue as exc:  # said with the page's names for both
        raise refused_filter(exc) from exc
    # The map shows every site of the district, whatever the filter: its data is a resource
    # of its own (`site_map`), which the browser fetches once and keeps across the list's
    # pages and filters. Written into each page, it was half a megabyte of every sites page
    # at the 1M district, and a cold one cost 15 ms in the app, now 7 (the page packed for
    # the cache, every site noted as read).
    map_url = (
        url_for("explorer.site_map", lang=lang)
        if kind == "sites" and _kind_total(kind, lang, chosen, counts["total"])
        else None
    )
    pages = _page_count(page, listed["total"], listed["per_page"])
    data = {
        "kind": kind,
        "total": listed["total"],
        "page": page,
        "pages": pages,
        "per_page": listed["per_page"],
        "sort": sort,
        "sorts": list(explore.sorts_of(kind)),
        "selected": facets,
        "facets": counts["facets"],
        "items": listed["items"],
        "map": map_url,
    }
    if kind == "topics":
        # What each topic is filed under in the directories ("4 Organisationen"): the list
        # was names alone, under the empty search's "topics and their organisations".
        data["directories"] = {
            item["iri"]: explore.in_directories(store(), item["iri"]) for item in listed["items"]
        }
    return page_response(
        "list.html",
        data,
        data=data,
        tile_url=current_app.config.get("TILE_URL"),
        tile_attribution=current_app.config.get("TILE_ATTRIBUTION") or "",
        page_url=lambda p: _with_args(page=p),
    )


def _refuse_as_of() -> None:
    """A list or the speaker directory asked for `as_of`: known from the network's views,
    it was silently ignored, and /sites?as_of=1950 answered today's list, its
    `links.self` naming the date (JSON twins walk)."""
    if "as_of" in request.args:
        raise UsageError(
            "Listen und Verzeichnisse zeigen den heutigen Stand; as_of gilt für die "
            "Netzwerkansichten und die Pfade. Frühere Namen eines Ortes nennt die Liste bei "
            "ihm, und was zu einer Zeit lief, zeigt der Filter Zeitraum (period), wo die Liste "
            "ihn hat.",
            "Lists and directories show today's state; as_of applies to the network's views "
            "and paths. The list names a site's former names beside it, and the Period filter "
            "(period) shows what ran at a time, where the list has it.",
            where="as_of",
        )


def _page_count(
    page: int, total: int, per_page: int, what: tuple[str, str] = ("die Liste", "the list")
) -> int:
    """How many pages `total` entries make (at least one); a 404 for a `page` past the last,
    worded alike for the lists, the speaker directory and the search (`what` has them)."""
    pages = max(1, math.ceil(total / per_page))
    if page > pages:
        de, en = what
        raise ProtocolError(
            404,
            f"Seite {page} gibt es nicht: {de} hat "
            + ("nur eine Seite." if pages == 1 else f"{pages} Seiten."),
            f"There is no page {page}: {en} has "
            + ("only one page." if pages == 1 else f"{pages} pages."),
            where="page",
        )
    return pages


def _page_number() -> int:
    """The `page` argument: a whole number from 1 (default 1), else a usage error."""
    text = request.args.get("page", "1").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        quoted = shown(text, 20)
        raise UsageError(
            f"page muss eine ganze Zahl ab 1 sein, nicht {quoted}.",
            f"page must be a whole number from 1, not {quoted}.",
            where="page",
        )
    return int(text)


def _kind_total(kind: str, lang: str, chosen: tuple, total: int) -> int:
    """How many entities of `kind` there are, whatever the filter: `total`, the count under
    the chosen filter, when none is chosen; else the unfiltered list's count (kept apart,
    as every list's counts are)."""
    if not chosen:
        return total
    counts = cached_pages(
        ("list-counts", kind, lang, ()),
        lambda: explore.list_counts(store(), kind, lang),
        follows=True,
        again=True,
    )
    return counts["total"]


@bp.get("/sites/map.json")
@conditional
def site_map() -> Response:
    """The sites the sites list's map shows: position, label and link of each (`sites`).

    A resource apart from the list's pages, with its own ETag: kept by the browser across
    the list's pages and filters, and here until a publication touches a site."""
    follows_reads()
    mapped = cached_pages(("map-sites", g.lang), lambda: _map_sites(g.lang), follows=True)
    response = Response(mapped["json"], content_type=f"{JSON}; charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _map_sites(lang: str) -> dict[str, str]:
    """The map's sites (`site_map`) written out as JSON once per publication that touches
    one: not made anew for every request (a link for each of the district's sites; writing
    them out alone was 4 ms at the 1M district)."""
    sites = [
        {"iri": s["iri"], "label": s["label"], "lat": s["lat"], "long": s["long"],
         "url": entity_url(s["iri"])}
        for s in explore.sites(store(), lang)
    ]  # fmt: skip
    return {"json": json.dumps({"sites": sites}, ensure_ascii=False, separators=(",", ":"))}


def cached_pages(
    key: object, compute: Callable[[], dict], *, follows: bool = False, again: bool = False
) -> dict:
    """Page data kept until a publication changes it (`page_cache.PageCache.data`): lists, the
    home summary, graph documents, the sitemap. On a large graph a list costs seconds to
    compute (sorting every label); repeated visits and the pages behind it are then
    answered from memory. With `follows`, kept until a publication touches what it read;
    without, until the next publication. With `again` (the lists': their `compute` needs
    the app only, no request), the publication that drops it has it computed anew at once
    (`webapp/refill.py`)."""
    return page_cache().data(key, compute, follows=follows, again=again)


def invalidate_pages(touched: frozenset[str] | None = None) -> None:
    """After a commit that touched public graphs (the writer's "page caches" subscriber):
    the answers and page data that showed something in `touched` (`explore.touched`; None:
    everything, as after an erasure) are dropped; the others keep their tags."""
    publisher = current_app.extensions["akteursgraph.publisher"]
    page_cache().publish(publisher.version, touched)


def _with_args(**changes: object) -> str:
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        args[key] = [str(value)]
    return site_path(request.path) + "?" + urllib.parse.urlencode(args, doseq=True)


def _filter_value(facet: str, value: str) -> str:
    """A language filter by its name or code in any case ("Französisch", "FR"), as a form's
    field takes it, is the code the data holds ("fr"); every other value as given."""
    if facet in ("language", "languages") and value:
        return language_code(value) or value
    return value


@bp.get("/speakers")
@conditional
def speakers() -> Response:
    """The speaker directory, a page at a time (`SPEAKERS_PER_PAGE`; the facet counts are
    over every speaker that passes the filters), from the directory kept in memory per
    publication (`explore.speaker_index`); the answer is kept until a publication touches
    a speaker, a profile or a value it shows."""
    _refuse_as_of()
    one_value_each(SPEAKER_FILTERS)
    no_foreign_filters(
        SPEAKER_FILTERS, ("Das Verzeichnis der Referent*innen", "The speaker directory")
    )
    chosen = {f: _filter_value(f, request.args.get(f) or "") or None for f in SPEAKER_FILTERS}
    chosen["language"] = explore.speaker_language(store(), chosen.get("language"))
    page = _page_number()
    follows_reads()
    try:
        facets = explore.speaker_facets(store(), g.lang, **chosen)  # type: ignore[arg-type]
    except explore.UnknownFilterValue as exc:  # said with the page's names for both
        raise refused_filter(exc) from exc
    per_page = int(current_app.config["SPEAKERS_PER_PAGE"])
    listed = explore.speaker_page(
        store(),
        g.lang,
        page=page,
        per_page=per_page,
        **chosen,  # type: ignore[arg-type]
    )
    pages = _page_count(page, listed["total"], per_page)
    data = {
        "total": listed["total"],
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "chosen": chosen,
        "facets": facets,
        "people": listed["people"],
        "requests_to": office_settings().office_name,
        "without": _speakers_without_one(chosen, facets) if listed["total"] == 0 else [],
    }
    return page_response("speakers.html", data, page_url=lambda p: _with_args(page=p))


def _speakers_without_one(
    chosen: dict[str, str | None], facets: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """When no speaker passes every filter chosen: for each filter, how many would be left
    without it (the page offers those ways on; it said only "0 Referent*innen"). Only ways
    that lead to someone: a way to another empty page is none."""
    ways = []
    for name, value in chosen.items():
        if not value:
            continue
        others = {f: v for f, v in chosen.items() if f != name}
        count = explore.speaker_count(store(), **others)  # type: ignore[arg-type]
        if not count:
            continue
        entries = facets.get(name + "s", facets.get(name, []))
        label = next((e["label"] for e in entries if e["value"] == value), value)
        url = url_for("explorer.speakers", **{f: v for f, v in others.items() if v})
        ways.append({"filter": name, "label": label, "count": count, "url": url})
    return ways


def request_mailbox() -> str | None:
    """Where speaker requests go: `AKTEURSGRAPH_REQUEST_MAILTO`, else the office's functional
    mailbox from the publication settings (`contact.email`), which every office that fills
    in its Impressum has; None when neither is set (the page then says so)."""
    return current_app.config.get("REQUEST_MAILTO") or office_settings().contact_email


@bp.get("/speakers/request")
@conditional
def speaker_request() -> Response:
    """The request page of one speaker: who arranges it (the office of the publication
    settings) and the mailbox. Kept and tagged as the other pages are: the page cache's key
    holds the settings' stamp, so a changed office shows with the next request (without a
    tag, docs/api.md's "every public answer" did not hold for it)."""
    iri = request.args.get("speaker", "").strip()
    if not iri:  # a request without its parameter, not a page that is not there
        # Said to an office worker who opened the address alone: where to choose one
        # ("speaker fehlt: die IRI einer Referent*in" read as a developer's message).
        raise UsageError(
            "Für eine Anfrage bitte zuerst eine Referent*in wählen: im Verzeichnis "
            "„Referent*innen finden“ (/speakers), dort „Referent*in anfragen“ bei der Person.",
            "To make a request, first choose a speaker: in the directory "
            "“Find a speaker” (/speakers), then “Request this speaker” beside the person.",
            where="speaker",
        )
    person = explore.entity(store(), iri, g.lang)
    if person is None or person["relations"].get("speaker_profile") is None:
        abort(404)
    data = {
        "speaker": {"iri": person["iri"], "label": person["label"]},
        "requests_to": office_settings().office_name,
        "request_mailto": request_mailbox(),
    }
    return page_response("speaker_request.html", data)


@bp.get("/entity")
@conditional
def entity_by_iri() -> Response:
    """Pages for IRIs outside our base (vocabulary concepts, UN goals); `format=json` is
    the page's JSON twin, the other formats its RDF."""
    iri = request.args.get("iri", "").strip()
    fmt = request.args.get("format")
    if fmt == "json":
        g.json_suffix, fmt = True, None
    if not iri:  # a request without its parameter, not an entity that is not there
        raise UsageError(
            "Es fehlt die IRI, deren Seite gezeigt werden soll (/entity?iri=…).",
            "The IRI whose page to show is missing (/entity?iri=…).",
            where="iri",
        )
    return _entity_response(iri, fmt)


@bp.get("/<path:subpath>")
@conditional
def entity_by_path(subpath: str) -> Response:
    """Dereferencing: {base}organisation/x is served at /organisation/x (and .ttl, .jsonld...);
    the vocabulary's IRIs at /ontology and /vocab/... (`linked_data.iri_for_path`). `.json`
    is the page's JSON twin (not RDF: that is `.jsonld`)."""
    fmt = None
    stem, dot, suffix = subpath.rpartition(".")
    if dot and suffix in RDF_TYPES:
        subpath, fmt = stem, suffix
    elif dot and suffix == "json":
        subpath, g.json_suffix = stem, True
    return _entity_response(iri_for_path(store().base_iri, subpath), fmt)


def _entity_response(iri: str, fmt: str | None) -> Response:
    """An IRI's document: a public graph's description, else the entity's page, its JSON
    twin or its RDF twin (its statements, the statements linking to it, the labels of both;
    issue 12).

    Every answer varies with `Accept` (the HTML too), so a cache keeps the page and the
    RDF of one URL apart."""
    if fmt is None and not g.get("json_suffix"):
        accept = request.accept_mimetypes
        best = accept.best_match(["text/html", JSON, *RDF_ACCEPT])
        if best in RDF_ACCEPT and accept[best] > accept["text/html"]:
            fmt = RDF_ACCEPT[best]
    if fmt is not None and fmt not in RDF_TYPES:
        # Said in both languages, and as JSON to a JSON client: a bare 400 was Werkzeug's
        # English page, even to a twin's reader (JSON twins walk).
        known = ", ".join(["json", *sorted(RDF_TYPES)])
        raise UsageError(
            f"Unbekanntes Format „{fmt}“; möglich sind: {known}.",
            f"Unknown format '{fmt}'; known are: {known}.",
            where="format",
        )
    document_iri = versioned_document(store(), iri)
    if document_iri is not None:  # a version IRI: see its document
        target = path_for_iri(store().base_iri, document_iri)
        if target is not None:
            suffix = f".{fmt}" if fmt else ".json" if g.get("json_suffix") else ""
            return redirect(target + suffix, code=303)
    graph = _graph_document(iri)
    if graph is not None:
        return _graph_response(graph, fmt)
    # The page and its RDF name what has the entity as a type, when it is a class: a type
    # statement touches this token, not the class's IRI (`explore.typed_token`).
    store().note_reads([explore.typed_token(iri)])
    if fmt is not None:
        follows_reads()  # `document` reads through rows and `Store.description`, both noted
        triples = document(store(), iri)
        if not triples:
            abort(404)
        return _rdf_response(triples, fmt)
    follows_reads()  # the page shows what `explore.entity` reads, and nothing kept elsewhere
    data = explore.entity(store(), iri, g.lang)
    if data is None:
        abort(404)
    more = data["incoming"]["query"]
    page = {
        "entity": data,
        "rdf": {f: _twin_url(iri, f) for f in RDF_TYPES},
        "ego": _ego_picture(data),
        "incoming_more_url": url_for("editor.editor", query=more) if more else None,
    }
    schema = describe(data, request.url)
    apart_on_page([{k: v for k, v in data.items() if k not in ("iri", "label")}, page["ego"]])
    return page_response(
        "entity.html",
        page,
        e=data,
        twins=page["rdf"],
        jsonld=script_json(schema) if schema else None,
        data_sets=_data_set_names(),
    )


def _data_set_names() -> dict[str, str]:
    """The product's own graphs by what they hold ("im Arbeitsbereich eingegeben"): their
    last segment ("Datensatz workspace") told a visitor nothing."""
    named = {
        PUBLIC_GRAPH: _("entered in the workspace"),
        IMPORT_GRAPH: _("imported from the office's lists"),
        OFFICE_GRAPH: _("the office's own details"),
        VOCABULARY_GRAPH: _("the vocabulary"),
    }
    return {store().graph_iri(key): name for key, name in named.items()}


def _rdf_response(triples: list, fmt: str) -> Response:
    body, media = serialize(triples, fmt)
    return Response(
        body,
        content_type=f"{media}; charset=utf-8",
        headers={"Vary": "Accept", "Access-Control-Allow-Origin": "*"},
    )


def _graph_document(iri: str) -> GraphDocument | None:
    """A public graph's description, kept until the next publication (its triple count
    reads the graph's whole index range)."""
    if not iri.startswith(store().public_prefix) and iri != inferred_graph(store().base_iri).value:
        return None  # internal graphs and every other IRI: not a graph document
    endpoint = url_for("sparql.sparql", _external=True)
    found = cached_pages(
        ("graph", iri, endpoint),
        lambda: {"doc": graph_document(store(), iri, sparql_endpoint=endpoint)},
    )
    return found["doc"]


def _graph_response(graph: GraphDocument, fmt: str | None) -> Response:
    if fmt is not None:
        return _rdf_response(graph.rdf, fmt)
    content = graph_content_query(graph.iri)
    data = {
        "graph": {k: v for k, v in vars(graph).items() if k != "rdf"},  # the RDF: .ttl ...
        "name": graph.iri[len(store().public_prefix) :],
        "rdf": {f: _twin_url(graph.iri, f) for f in RDF_TYPES},
        "content_editor": url_for("editor.editor", query=content),
        "content_turtle": url_for("sparql.sparql", query=content, format="ttl"),
    }
    return page_response("graph.html", data, twins=data["rdf"])


#: The entity page's neighbourhood picture: its width (user units) and font size. Drawn 343
#: px wide on a 390 px phone (Chromium), labels read at 13 px (12.2 px were it only 320 px
#: wide); at its widest (26rem, site.css) at 16 px.
EGO_WIDTH, EGO_FONT = 340, 13
#: A label's lines in that picture: what fits between a column and the picture's edge.
EGO_LINE_CHARS, EGO_LINES = 15, 2


def _ego_picture(e: dict) -> dict[str, object]:
    """Direct neighbours in two columns beside the entity: a picture that needs no
    JavaScript and reads on a phone (see `column_layout`).

    At most 16 are drawn; `more` says how many are only listed. Each label is wrapped into
    at most EGO_LINES lines of EGO_LINE_CHARS characters (the last shortened with "…"), so
    it stays inside the picture.
    """
    seen: dict[str, dict[str, object]] = {}
    # A site's honoured persons, as the network links them to it: once its events were
    # drawn (`held_here`), its picture would otherwise show them alone.
    honoured = [h for n in e["relations"].get("namings") or [] for h in n.get("honours") or []]
    for group, items in [*e["relations"].items(), ("honours", honoured)]:
        if group in ("speaker_profile", "namings") or not items:
            continue
        for r in items:
            if r.get("iri") and r["iri"] not in seen and r["iri"] != e["iri"]:
                # A site that honoured the person under a former name is drawn by its name
                # today, as the site's own page and the network call it: the picture of
                # Gustav Nachtigal's page drew "Nachtigalplatz" for Manga-Bell-Platz.
                today = r.get("site_label") if r.get("site") == r["iri"] else None
                label = today or r.get("label") or r["iri"]
                seen[r["iri"]] = {
                    "iri": r["iri"],
                    "label": label,
                    "lines": label_lines(label, EGO_LINE_CHARS, EGO_LINES),
                    "group": group,
                }
    nodes = list(seen.values())
    cap = 16
    drawn, more = nodes[:cap], max(0, len(nodes) - cap)
    picture = column_layout(drawn, width=EGO_WIDTH, font_size=EGO_FONT)
    for node in picture["nodes"]:  # a label of two lines is centred on its node
        node["ty"] = round(node["ty"] - (len(node["lines"]) - 1) * EGO_FONT * 0.6, 1)
    return {
        "nodes": picture["nodes"],
        "more": more,
        "centre": picture["centre"],
        "width": picture["width"],
        "height": picture["height"],
        "font_size": EGO_FONT,
    }


def label_lines(label: str, width: int, lines: int) -> list[str]:
    """A label in at most `lines` lines of at most `width` characters, broken only between
    words or after a hyphen the label has ("Mekong-" / "Werkstatt"). A word longer than a
    line is never cut with a hyphen it does not have ("Koordinationss-" / "telle" read as
    two words): it keeps a line of its own, shortened with "…" (the picture's <title> holds
    the whole label). What does not fit ends the last line with "…"."""
    parts: list[tuple[str, str]] = []  # (text, what joins it to the next part)
    for word in label.split():
        pieces = word.split("-") if len(word) > width else [word]
        parts += [(piece + "-", "") for piece in pieces[:-1] if piece]
        if pieces[-1]:
            parts.append((pieces[-1], " "))
        elif parts:  # the word ends with its hyphen: a space follows it
            parts[-1] = (parts[-1][0], " ")
    found: list[str] = []
    while parts and len(found) < lines:
        line, join = parts.pop(0)
        if len(line) > width:
            found.append(line[: width - 1] + "…")
            continue
        while parts and len(line) + len(join) + len(parts[0][0]) <= width:
            text, following = parts.pop(0)
            line, join = line + join + text, following
        found.append(line)
    if parts and not found[-1].endswith("…"):  # room for "…": the last line loses a word
        last = found[-1]
        if len(last) >= width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[: width - 1]
        found[-1] = last.rstrip("-") + "…"  # "Manga-Bell…", not "Manga-Bell-…"
    return found


def _twin_url(iri: str, fmt: str) -> str:
    base = store().base_iri
    if iri.startswith(base):
        return site_path("/" + iri[len(base) :] + "." + fmt)
    return url_for("explorer.entity_by_iri", iri=iri, format=fmt)


def entity_url(iri: str) -> str:
    """Where the page of an entity lives on this server."""
    base = store().base_iri
    if iri.startswith(base):
        return site_path("/" + iri[len(base) :])
    return url_for("explorer.entity_by_iri", iri=iri)


def value_url(iri: str, described: bool) -> str | None:
    """Where a link to a statement's value goes: to our page when there is one, else out.

    IRIs under the base are served here at their path. An IRI outside it has a page here
    only when the public graphs describe it (`described`: a vocabulary term, a UN goal);
    any other (a source on Wikipedia, a homepage) links to itself, because /entity would
    answer 404 for it. Only http(s) IRIs are linked out: a `javascript:` IRI in the data
    must not become a link (None: show it as text).
    """
    if iri.startswith(store().base_iri) or described:
        return entity_url(iri)
    return external_url(iri)


def external_url(iri: str) -> str | None:
    """`iri` itself when a browser may follow it (http or https), else None."""
    try:
        scheme = urllib.parse.urlsplit(iri).scheme.lower()
    except ValueError:  # not even a URL (a broken IPv6 host): nothing to follow
        return None
    return iri if scheme in ("http", "https") else None


json_suffix_rules(
    bp,
    [
        ("/index.json", "home_json", home),
        ("/search.json", "search_json", search),
        (f"/<any({LIST_KINDS}):kind>.json", "listing_json", listing),
        ("/speakers.json", "speakers_json", speakers),
        ("/speakers/request.json", "speaker_request_json", speaker_request),
    ],
)


@bp.app_template_global("entity_url")
def _entity_url_global(iri: str) -> str:
    return entity_url(iri)


@bp.app_template_global("link")
def _link_global(iri: str, label: str) -> Markup:
    """The link to an entity's page, as lists of entities draw it (its label told apart from
    the navigation's). A function, not a Jinja macro: a page draws dozens, and a macro call
    costs several times as much (issue 16, item 8)."""
    return Markup('<a href="{}">{}</a>').format(entity_url(iri), apart_from_nav(label, iri))


@bp.app_template_global("value_url")
def _value_url_global(iri: str, described: bool) -> str | None:
    return value_url(iri, described)


@bp.app_template_global("external_url")
def _external_url_global(iri: str) -> str | None:
    return external_url(iri)


@bp.app_template_filter("spoken_date")
def _spoken_date_filter(date: str | None) -> str:
    """A recorded date or time in the page's words ("1. Dezember 2026"), not as ISO text."""
    return explore.spoken_date(date, g.lang)


@bp.app_template_filter("spoken_number")
def _spoken_number_filter(number: object) -> str:
    """A measured number as the page's language writes it, every digit kept ("52,5573" in
    German); Flask-Babel's `decimalformat` rounds to three places. Counts: `numberformat`."""
    return explore.spoken_number(str(number), g.lang)


@bp.app_template_filter("quoted")
def quoted(name: str) -> str:
    """A name in the quotation marks of the page's language, where a sentence goes on after
    it: "AfricAvenir International e.V.." ended a name and its sentence with two stops."""
    return _("“%(name)s”", name=name)


@bp.app_template_filter("spoken_time")
def _spoken_time_filter(moment: str | None) -> str:
    """A recorded moment (xsd:dateTime, UTC) in the page's words: "1. Dezember 2026, 16:44
    UTC", not "2026-12-01 16:44:11.009Z UTC" (the staff pages' times)."""
    return explore.spoken_moment(moment, g.lang, unzoned="UTC")


@bp.app_template_global("lang_url")
def _lang_url(lang: str) -> str:
    """The current page in another language (keeps the query string). A page that answers a
    form (a refused comment, a wrong code) has the form's address, which answers no GET:
    its switch led to a 404 (keyboard walk); it leads to the page the form was on."""
    if request.method != "POST":
        return _with_args(lang=lang)
    back = urllib.parse.urlsplit(request.referrer or "")
    if back.path and back.netloc in ("", request.host):
        args = [(k, v) for k, v in urllib.parse.parse_qsl(back.query) if k != "lang"]
        return back.path + "?" + urllib.parse.urlencode([*args, ("lang", lang)])
    home = "/workspace/" if request.path.startswith("/workspace") else "/"
    return site_path(home) + "?" + urllib.parse.urlencode({"lang": lang})
