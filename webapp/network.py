"""Network exploration: ego networks, paths, structure, growth; pages, JSON API and exports.

The JSON API (`/api/network/...`) is what the interactive picture uses; the pages render the
same data server-side (an SVG drawn with the ring layout of `layout.py`), so nothing needs
JavaScript.

Every request parameter is read by one of the `_param_*` functions below, which either return
a valid value or raise a `UsageError` naming the parameter in German and English: the error
map turns that into a 400 with the message, so no user text can end in a 500.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _  # lazy: said per request, in its language

from akteursgraph import network
from akteursgraph.errors import UsageError, shown
from akteursgraph.explore import spoken_date, spoken_period

from .errors import ProtocolError
from .explorer import entity_url
from .layout import ring_layout
from .parameters import each_one_value
from .twins import conditional, json_suffix_rules, page_response, wants_json

bp = Blueprint("network", __name__)

EXPORT_TYPES = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
}
#: (lowest, highest) of the whole-number parameters. `max_nodes` bounds the cost of one ego
#: network and its picture, `k` the number of paths one request may search for.
LIMITS = {"depth": (1, network.MAX_DEPTH), "max_nodes": (1, 300), "k": (1, 5)}

#: The name of each kind of link, in the core's order: the form's boxes, the picture's line
#: titles and the connections table all read this one table. A kind missing here would get no
#: box, so the form sent unchanged would drop its links (it did: `funder`, `unit_of`); a test
#: checks that every kind of `network.EDGE_KINDS` has a name here.
EDGE_KIND_NAMES: dict[str, Any] = {
    "membership": _("membership"),
    "cooperation": _("cooperation"),
    "organiser": _("organiser of"),
    "funder": _("funds"),
    "performer": _("speaks at"),
    "part_of": _("part of"),
    "unit_of": _("unit of"),
    "topic": _("works on topic"),
    "honours": _("honours"),
    "venue": _("held at"),
}

_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")


def cache() -> network.NetworkCache:
    return current_app.extensions["akteursgraph.network"]


def _net() -> network.Network:
    return cache().graph()


# ---- request parameters ---------------------------------------------------------------------

bp.before_request(each_one_value)  # two values of one that takes one: a 400


def _param_whole(name: str, default: int) -> int:
    """A whole number within LIMITS[name]; empty or missing means `default`."""
    text = request.args.get(name, "").strip()
    if not text:
        return default
    low, high = LIMITS[name]
    if not _WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
        raise UsageError(
            f"{name} muss eine ganze Zahl von {low} bis {high} sein, nicht {shown(text)}.",
            f"{name} must be a whole number from {low} to {high}, not {shown(text)}.",
            where=name,
        )
    return int(text)


def _param_iri(name: str) -> str:
    """The IRI of an actor, which the request must give."""
    iri = request.args.get(name, "").strip()
    if not iri:
        raise UsageError(
            f"{name} fehlt: die IRI eines Akteurs.",
            f"{name} is missing: the IRI of an actor.",
            where=name,
        )
    return iri


def _param_kinds(name: str, allowed: tuple[str, ...]) -> list[str] | None:
    """The kinds chosen by a repeated parameter (None: none chosen, so all)."""
    given = [v for v in request.args.getlist(name) if v]
    if not given:
        return None
    network.check_kinds(given, allowed, name)
    return given


def _param_as_of() -> str | None:
    """The point in time: a year, a month or a date (empty or missing: any time)."""
    return network.check_as_of(request.args.get("as_of"))


def _page_as_of() -> tuple[str | None, dict[str, Any]]:
    """A page's point in time, and for its form what was wrong with the one typed: the page
    is shown without it, the text and the message at the field, and answers 400. A bare
    error page left the reader without the form to correct it (exploratory walk). The JSON
    twin answers it as every usage error."""
    try:
        return _param_as_of(), {"as_of_problem": None, "as_of_typed": None}
    except UsageError as problem:
        if wants_json():
            raise
        typed = request.args.get("as_of", "")[:64]  # shown again, not a whole long text
        return None, {"as_of_problem": problem, "as_of_typed": typed}


def _refused_as_of(response: Response, form: dict[str, Any]) -> Response:
    if form["as_of_problem"] is not None:
        response.status_code = 400
    return response


def _param_format() -> str:
    fmt = request.args.get("format", "").strip() or "graphml"
    if fmt not in EXPORT_TYPES:
        allowed = ", ".join(EXPORT_TYPES)
        raise UsageError(
            f"Unbekanntes Format {shown(fmt)}; erlaubt: {allowed}.",
            f"Unknown format {shown(fmt)}; allowed: {allowed}.",
            where="format",
        )
    return fmt


@dataclass(frozen=True)
class EgoRequest:
    """What an ego network request asks for, every parameter checked."""

    iri: str
    depth: int
    edge_kinds: list[str] | None
    node_kinds: list[str] | None
    as_of: str | None
    max_nodes: int

    @classmethod
    def from_args(cls) -> EgoRequest:
        return cls.at(_param_as_of())

    @classmethod
    def at(cls, as_of: str | None) -> EgoRequest:
        """The request's other parameters, at the point in time `as_of` (checked)."""
        return cls(
            iri=_param_iri("iri"),
            depth=_param_whole("depth", 1),
            edge_kinds=_param_kinds("edge_kind", network.EDGE_KINDS),
            node_kinds=_param_kinds("node_kind", network.NODE_KINDS),
            as_of=as_of,
            max_nodes=_param_whole("max_nodes", 60),
        )


def _ego(asked: EgoRequest) -> dict[str, Any]:
    ego = network.ego_network(
        _net(),
        asked.iri,
        depth=asked.depth,
        edge_kinds=asked.edge_kinds,
        node_kinds=asked.node_kinds,
        as_of=asked.as_of,
        max_nodes=asked.max_nodes,
        lang=g.lang,
    )
    if ego is None:  # not in the public network (then)
        _not_in_network(asked)
    for node in ego["nodes"]:
        node["url"] = entity_url(node["id"])  # where a click on the picture leads
    # What the interactive picture draws: lines per pair, folded leaves, communities.
    picture = ego["picture"] = network.readable_picture(ego, g.lang)
    for community in picture["communities"]:
        community["colour"] = _colour(community["index"])
    for node in picture["nodes"]:
        # A folded group leads to the table that names its members: to the hub's page it
        # reloaded the page of the network's centre (exploratory test).
        node["url"] = "#h-net-nodes" if node["kind"] == "group" else entity_url(node["id"])
        node["colour"] = _colour(node["community"])
    for line in picture["edges"]:
        if "community" in line:  # a community's members on one topic
            line["colour"] = _colour(line["community"])
    return ego


def _not_in_network(asked: EgoRequest) -> None:
    """A 404 that says why there is no network around `asked.iri`: a node asked for at a
    time it was not there (founded, started or held later, or ended before), or no node at
    all. Both said "nothing public at this address", though the entity's page answers
    (exploratory test)."""
    net = _net()
    if asked.iri in net and asked.as_of:
        raise ProtocolError(
            404,
            f"Zum Zeitpunkt {spoken_date(asked.as_of, 'de')} gehörte dieser Eintrag nicht zum "
            "Netzwerk (er begann später oder endete vorher). Ohne Zeitpunkt zeigt die Seite "
            "alle Verbindungen.",
            f"As of {spoken_date(asked.as_of, 'en')} this entry was not part of the network "
            "(it began later or ended before). Without a point in time the page shows every "
            "connection.",
            where="as_of",
        )
    if asked.iri not in net:
        raise ProtocolError(
            404,
            "Dieser Eintrag ist kein Knoten des Netzwerks (eine Kooperation etwa ist eine "
            "Verbindung zwischen Organisationen, kein Knoten), oder er ist nicht öffentlich.",
            "This entry is no node of the network (a cooperation, for one, is a link between "
            "organisations, not a node), or it is not public.",
            where=asked.iri,
        )
    abort(404)


#: Community colours (Okabe and Ito's palette, told apart with colour-blindness too, without
#: its yellow, which has no contrast on white), then grey for the rest.
#: Each at least 3:1 on white (WCAG 1.4.11): they draw lines and dashed borders, not only
#: filled circles with a dark rim. Okabe-Ito's orange and sky blue (2.3:1) gave way to amber
#: and crimson, and the brown (beside the amber) to olive.
COMMUNITY_COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#A86B00", "#AD1457", "#7A5195", "#4B7F00",
)  # fmt: skip
OTHER_COLOUR = "#767676"


def _colour(community: int) -> str:
    return COMMUNITY_COLOURS[community] if 0 <= community < len(COMMUNITY_COLOURS) else OTHER_COLOUR


def _paths(source: str, target: str, k: int, as_of: str | None) -> list[dict[str, Any]]:
    net = _net()
    for where, iri in (("source", source), ("target", target)):
        if iri not in net:  # said as the ego network says it: a bare 404 named the page
            raise ProtocolError(
                404,
                f"{shown(iri, 120)} ist kein Knoten des Netzwerks, oder nicht öffentlich.",
                f"{shown(iri, 120)} is no node of the network, or not public.",
                where=where,
            )
    return network.shortest_paths(net, source, target, k=k, as_of=as_of, lang=g.lang)


def svg_layout(ego: dict[str, Any], width: int = 800, height: int = 560) -> dict[str, Any]:
    """The ego network's picture: rings by distance from the centre (see `layout.py`), one
    line per pair and kind (`network.lines_per_pair`, as the script's picture draws them)
    with its links' names ("label"): a line for every link had put up to six on top of each
    other around the office, with no number on any (researcher's walk)."""
    lines = list(network.lines_per_pair(ego["edges"]).values())
    for line in lines:
        line["label"] = ", ".join(line["labels"])
    return ring_layout(ego["nodes"], lines, width=width, height=height)


# ---- JSON API -------------------------------------------------------------------------------


@bp.get("/api/network/ego")
def api_ego() -> Response:
    return jsonify(_ego(EgoRequest.from_args()))


@bp.get("/api/network/paths")
def api_paths() -> Response:
    source, target = _param_iri("source"), _param_iri("target")
    return jsonify(_paths(source, target, _param_whole("k", 3), _param_as_of()))


@bp.get("/api/network/structure")
def api_structure() -> Response:
    return jsonify(cache().structure(g.lang, _param_as_of()))


@bp.get("/api/network/growth")
def api_growth() -> Response:
    return jsonify(cache().growth(_param_as_of()))


@bp.get("/api/network/export")
def api_export() -> Response:
    """The whole network, or an ego network, as a file: streamed as it is written, so the
    file is never held in memory (GEXF of the 1M district: 182 MB, and two at once grew the
    server by 1.9 GB when they were built whole). The whole network is exported by one
    request at a time (`ExportSlot`); an ego network is small (at most `max_nodes` nodes,
    what its page computes too) and goes at once."""
    fmt = _param_format()
    whole = not request.args.get("iri")
    media, ext = EXPORT_TYPES[fmt]
    name = "network" if whole else "ego-network"
    headers = {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}
    if not whole:
        chunks = network.export_chunks(_ego(EgoRequest.from_args()), fmt, g.lang, _net())
        return Response(chunks, content_type=media, headers=headers)
    as_of = _param_as_of()
    turn = export_slot().take()
    try:
        chunks = network.export_chunks(network.as_of_view(_net(), as_of), fmt, g.lang)
    except BaseException:
        turn.give_back()
        raise
    response = Response(_given_back_after(chunks, turn), content_type=media, headers=headers)
    # A body never started (a HEAD request, a client gone before the first byte) runs no
    # `finally` of the generator; the server closes every response, so this gives it back.
    response.call_on_close(turn.give_back)
    return response


def _given_back_after(chunks: Iterator[bytes], turn: ExportTurn) -> Iterator[bytes]:
    """The pieces; the turn is given back when the last is sent or the server closes the
    body early (the client went away: waitress closes it, and the generator ends here)."""
    try:
        yield from chunks  # closing this generator closes `chunks` too
    finally:
        turn.give_back()


#: Seconds a client is asked to wait when the whole network is being exported already: the
#: exports take 4 to 20 s at the 1M district.
EXPORT_RETRY_AFTER = 10


class ExportTurn:
    """One export's hold on the slot, given back once however often it is asked to be."""

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._mine = threading.Lock()
        self._held = True

    def give_back(self) -> None:
        with self._mine:
            if not self._held:
                return
            self._held = False
        self._lock.release()


class ExportSlot:
    """At most one export of the whole network written at a time in this server process.

    An export walks the whole network under the interpreter lock for seconds (GEXF: 18 s at
    the 1M district), and every one at once takes its time from the others and from every
    page. A second request does not wait: its wait would be that long, holding one of the
    server's threads; it gets 503 with Retry-After, which download tools honour."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def take(self) -> ExportTurn:
        if not self._lock.acquire(blocking=False):
            raise ProtocolError(
                503,
                "Gerade wird schon das ganze Netzwerk exportiert; bitte in "
                f"{EXPORT_RETRY_AFTER} Sekunden noch einmal versuchen.",
                "The whole network is being exported already; please try again in "
                f"{EXPORT_RETRY_AFTER} seconds.",
                retry_after=EXPORT_RETRY_AFTER,
            )
        return ExportTurn(self._lock)

    @property
    def taken(self) -> bool:
        return self._lock.locked()


def export_slot() -> ExportSlot:
    return current_app.extensions["akteursgraph.network-export"]


@bp.record_once
def _init_export_slot(state: BlueprintSetupState) -> None:
    state.app.extensions["akteursgraph.network-export"] = ExportSlot()


# ---- pages ----------------------------------------------------------------------------------


# Each page has a JSON twin (`.json`, `Accept: application/json`) made from the data it
# renders, and ETags and the page cache of `twins` (issue 16).


@bp.get("/network")
@conditional
def overview() -> Response:
    as_of, form = _page_as_of()
    structure, current = cache().latest_structure(g.lang, as_of)
    growth, growth_current = cache().latest_growth(as_of)
    if not (current and growth_current):
        g.page_provisional = True  # figures of an earlier state: kept by nobody
    data = {
        "structure": structure,
        "structure_current": current,
        "growth": growth,
        "growth_current": growth_current,
        "as_of": as_of,
    }
    return _refused_as_of(page_response("network.html", data, **form), form)


@bp.get("/network/ego")
@conditional
def ego_page() -> Response:
    as_of, form = _page_as_of()
    asked = EgoRequest.at(as_of)
    form["as_of_said"] = None
    try:
        ego = _ego(asked)
    except ProtocolError as absent:
        if wants_json() or absent.where != "as_of":
            raise
        # Not there at that time (founded later): the page of every time with the form, the
        # date and why beside it. A bare error page was a dead end, and its way back lost
        # the organisation (exploratory test).
        said = absent.de if g.lang == "de" else absent.en
        typed = request.args.get("as_of", "")[:64]
        form = {"as_of_problem": absent, "as_of_typed": typed, "as_of_said": said}
        asked = EgoRequest.at(None)
        ego = _ego(asked)
    kinds = {n["id"]: n["kind"] for n in ego["nodes"]}
    for edge in ego["edges"]:  # the table's period in words, and the twin's
        one_day = network.at_one_time(edge["kind"], {kinds[edge["source"]], kinds[edge["target"]]})
        edge["when"] = spoken_period(edge["start"] or None, edge["end"] or None, g.lang,
                                     instant=one_day)  # fmt: skip
    drawn = ego["picture"]["nodes"]
    data = {"ego": ego, "picture": svg_layout(ego), "args": asdict(asked)}
    response = page_response(
        "network_ego.html",
        data,
        **form,
        # Every kind the core knows, in its order: one box each (a name missing here shows
        # the kind itself, and the test of EDGE_KIND_NAMES fails).
        kind_names={k: EDGE_KIND_NAMES.get(k, k) for k in network.EDGE_KINDS},
        other_colour=OTHER_COLOUR,  # the legend's and the SVG's grey for "in no group"
        labels={n["id"]: n["label"] for n in ego["nodes"]},
        groups={n["id"]: n for n in drawn if n["kind"] == "group"},
    )
    if form["as_of_said"] is not None:
        response.status_code = 404
        return response
    return _refused_as_of(response, form)


def _paths_choice(source: str, target: str) -> UsageError | None:
    """What is wrong with the two ends chosen, if anything (neither chosen: nothing, the
    form is shown). One organisation at both ends is no question: it answered "not
    connected", which is false, and the form started there when both selects did."""
    if not source and not target:
        return None
    if not target:
        return UsageError(
            "Bitte auch die Organisation unter „Nach“ wählen.",
            'Please choose the organisation under "To" too.',
            where="target",
        )
    if not source:
        return UsageError(
            "Bitte auch die Organisation unter „Von“ wählen.",
            'Please choose the organisation under "From" too.',
            where="source",
        )
    if source == target:
        return UsageError(
            "Bitte zwei verschiedene Organisationen wählen.",
            "Please choose two different organisations.",
            where="target",
        )
    net = _net()
    for where, iri in (("source", source), ("target", target)):
        # The page asks between organisations: a topic at one end was "not connected" (topic
        # links are no steps of a path), a person's paths showed under another name chosen
        # in the form. An unknown end stays a 404; /api/network/paths takes any node.
        if iri in net and net.nodes[iri].get("kind") != "organisations":
            # Named by its label, as the office knows it: the address alone read as code
            node = net.nodes[iri]
            de, en = (shown(node.get(f"label_{lang}") or iri, 80) for lang in ("de", "en"))
            return UsageError(
                f"{de} ist keine Organisation; die Seite sucht Wege zwischen "
                "Organisationen (/api/network/paths auch zwischen anderen Akteuren).",
                f"{en} is no organisation; the page finds paths between "
                "organisations (/api/network/paths between other actors too).",
                where=where,
            )
    return None


@bp.get("/network/paths")
@conditional
def paths_page() -> Response:
    """The form, and below it the paths once both ends are chosen. A wrong choice (one end,
    or the same at both) is a 400: the JSON twin answers it as every usage error, the page
    says it above its form, the choice kept."""
    net = _net()
    ids = [n for n, d in net.nodes(data=True) if d.get("kind") == "organisations"]
    # Up to this many organisations the form offers them in two lists; beyond, each end is
    # typed by name and chosen from what search finds: at the 1M district the lists were
    # 20,000 options each, a page of 7.2 MB (a phone's whole data plan for a form).
    pick = len(ids) <= current_app.config["PATHS_PICK_LIMIT"]
    ends = {name: _end(name, pick) for name in ("source", "target")}
    source, target = ends["source"].iri, ends["target"].iri
    as_of, form = _page_as_of()
    lookup = " ".join(e.said for e in ends.values() if e.said is not None) or None
    problem = None if lookup is not None else _paths_choice(source, target)
    if problem is not None and wants_json():
        raise problem
    paths = (
        _paths(source, target, 3, as_of)
        if source and target and not problem and lookup is None
        else None
    )
    organisations = (
        sorted(((n, network.label(net.nodes[n], g.lang)) for n in ids),
               key=lambda item: item[1].lower())
        if pick
        else None
    )  # fmt: skip
    # Nothing chosen yet: the form starts on two different organisations, so pressing its
    # button at once asks a question that has an answer.
    shown = (source, target)
    if organisations and not source and not target and len(organisations) >= 2:
        shown = (organisations[0][0], organisations[1][0])
    unlinked = None if paths != [] else network.without_links(net, (source, target), as_of, g.lang)
    data = {
        "paths": paths,
        "source": source or None,
        "target": target or None,
        "without_links": unlinked,  # not connected: the ends without any link
        "organisations": organisations,
        # Typed by name (too many organisations for a list): the matches offered per end.
        "offered": {name: end.offers for name, end in ends.items()},
        "as_of": as_of,
    }
    names = {e.iri: network.label(net.nodes[e.iri], g.lang) for e in ends.values()
             if e.iri in net}  # fmt: skip
    response = page_response(
        "network_paths.html", data, chosen=shown, problem=problem, lookup=lookup,
        ends=ends, names=names, **form,
    )  # fmt: skip
    if problem is not None:
        response.status_code = 400
    return _refused_as_of(response, form)


#: The most organisations the paths form offers in a list (`paths_page`).
PATHS_PICK_LIMIT = 300
#: The most matches a name typed for one end offers.
_END_MATCHES = 20


@dataclass(frozen=True)
class _End:
    """One end of the paths form: the organisation chosen (or ""), the text typed for it,
    the matches offered to choose from, and what the page says of them (None: nothing)."""

    iri: str
    typed: str = ""
    offers: tuple[dict[str, str], ...] = ()
    said: str | None = None


def _end(name: str, pick: bool) -> _End:
    """An end as the request gives it: chosen from the list (`pick`), or typed by name and
    found by search among the network's organisations. A match chosen from those offered
    for a text counts while the text is unchanged (`NAME-offered`); a changed text is a
    new search; one organisation whose name is the text is chosen at once."""
    iri = request.args.get(name, "").strip()
    if pick:
        return _End(iri)
    typed = request.args.get(f"{name}-q", "").strip()[:200]
    offered_for = request.args.get(f"{name}-offered", "").strip()
    net = _net()
    label = network.label(net.nodes[iri], g.lang) if iri in net else ""
    if iri and (not typed or typed in (label, offered_for)):
        return _End(iri, label or typed)
    if not typed:
        return _End("")
    index = current_app.extensions["akteursgraph.search"]
    try:
        hits = index.search(typed, g.lang, types=["organisations"], limit=_END_MATCHES)
    except UsageError:
        hits = []
    found = [
        {"iri": str(h["iri"]), "label": str(h["label"])}
        for h in hits
        if str(h["iri"]) in net and net.nodes[str(h["iri"])].get("kind") == "organisations"
    ]
    same = [f for f in found if f["label"].casefold() == typed.casefold()]
    if len(same) == 1:
        return _End(same[0]["iri"], same[0]["label"])
    end_de, end_en = ("Von", "From") if name == "source" else ("Nach", "To")
    if found:
        said = (
            f"Zu „{typed}“ passen mehrere Organisationen: bitte unter „{end_de}“ eine wählen."
            if g.lang == "de"
            else f'Several organisations match "{typed}": please choose one under "{end_en}".'
        )
    else:
        said = (
            f"Keine Organisation des Netzwerks heißt wie „{typed}“; bitte anders schreiben."
            if g.lang == "de"
            else f'No organisation of the network is named like "{typed}"; please write it '
            "differently."
        )
    return _End("", typed, tuple(found), said)


json_suffix_rules(
    bp,
    [
        ("/network.json", "overview_json", overview),
        ("/network/ego.json", "ego_page_json", ego_page),
        ("/network/paths.json", "paths_page_json", paths_page),
    ],
)
