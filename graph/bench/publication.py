"""Publication: issue 11's figures for writes, over HTTP against a real `akteursgraph serve`.

Staff send small changes to `/sparql/update` with a personal API token, as editors do, and each
change is followed until a reader sees it. Two routes, one server (the review setting is read
at each write, so the bench switches it with the CLI between them):

- **direct** (`review-required off`): the update applies at once, HTTP 200;
- **review** (on, the default): the update is saved as a draft (HTTP 202, id in the header
  `X-Akteursgraph-Change`; the bench checks the draft is not on `/sparql`), then a second
  person publishes it with `akteursgraph publish ID --agent ...`, which goes through the
  running server. Its time includes the CLI's process start (shown next to it: the time of
  `akteursgraph drafts`, a command that only reads the history).

A small change is either a new public organisation (German and English labels, a kind) or a
label change of an existing one (DELETE DATA + INSERT DATA), alternately; each has a label with
a word no other entity has. From the acknowledgement (the update's answer on the direct route,
the end of `publish` on the review route) three pollers, one per surface, ask until the new
label is there: an ASK on `/sparql` for that very label on that entity, the entity page (HTTP
200 and the label in the HTML) and `/search?q=WORD` (the label in the HTML). A surface that
does not show it within `DEADLINE_S` counts as not visible (and fails the target).

Meanwhile a background client sends the bench's simple query (the labels of one organisation)
to `/sparql` in a loop, each time a new text (a numbered comment: no cached answer), checks
each answer has rows, and records its latency and any failure; it starts a few seconds before
the first change, which gives the same query's figure without writes. A sampler sums the
resident memory of `serve` and all its descendants (the query workers) every 50 ms.

History (after the server stopped, so the store has one writer): 1,000 change sets on one
entity of the district (its bulk load, then label changes) and on one new entity (its
creation, then label changes), committed in-process through `akteursgraph.commit.Writer`;
then `akteursgraph history IRI --format json` (a process, with its start) and
`akteursgraph.changes.entity_history` (in-process) are timed, each answer checked to hold
1,000 entries. The bulk load's change set holds the whole load, so the first entity is the one
most of the district's entities are like.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.accounts import EDITOR, Accounts
from akteursgraph.publish.dumps import read_index
from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Store

from .district import BENCH, PUBLIC_GRAPH
from .history import build_history, time_history
from .in_use import N_PAGES, queries, use
from .memory import RssSampler, tree_peak_rss_mb, tree_rss_mb
from .probes import LIST_KINDS, Probe, organisations, plan, sample_entities, term
from .server import Client, cli, query_post, serving
from .stats import log, summary, timed

#: Small changes per route (the issue's figure is over 20).
N_CHANGES = 20
#: Change sets on the entity whose history is read (the issue's figure).
HISTORY_CHANGES = 1_000
#: Pause between two polls of one surface, and how long a change may take to show.
POLL_S = 0.01
DEADLINE_S = 30.0
#: The background client's head start: its figure without writes.
IDLE_S = 3.0
SURFACES = ("sparql", "page", "search")
ROUTES = ("direct", "review")
REVIEWER = "bench-reviewer"
REVIEWER_ROLE = "reviewer"
#: Drafts published with `akteursgraph publish` (a process each) after the review route.
N_CLI = 5
#: The issue's figures (at the 1M district).
TARGETS = {
    "ack_s": 0.2,  # acknowledgement, p95
    "visible_s": 1.0,  # p95, each surface
    "query_s": 0.1,  # background simple query, p95
    # serve and its workers, peak: the 1 GB, 10**9 bytes (until 2026-12-05 the bench
    # read it as 1 GiB, 7% more, and called 974 MiB met)
    "memory_mb": 1e9 / 2**20,
    "history_s": 0.05,  # in-process, median
}


# ---- HTTP ----------------------------------------------------------------------------------


def ask_query(probe: Probe) -> str:
    # Terms built by pyoxigraph (IRIs checked, literals escaped), never raw text.
    return (
        f"ASK {{ {term(ox.NamedNode(probe.iri))} skos:prefLabel "  # sparql-from: terms
        f"{term(ox.Literal(probe.label, language='de'))} }}"
    )


def shows(surface: str, probe: Probe, status: int, body: bytes) -> bool:
    """Whether an answer of `surface` shows the change: the ASK is true, or the page has
    the new label."""
    if status != 200:
        return False
    if surface == "sparql":
        try:
            return json.loads(body).get("boolean") is True
        except ValueError:
            return False
    return html.escape(probe.label).encode("utf-8") in body


def ask(client: Client, surface: str, probe: Probe) -> tuple[int, bytes]:
    """One look at a surface for `probe`."""
    if surface == "sparql":
        body, headers = query_post(ask_query(probe))
        status, _, data = client.request("POST", "/sparql", body, headers)
    else:
        path = (
            probe.page
            if surface == "page"
            else "/search?" + urllib.parse.urlencode({"q": probe.word})
        )
        status, _, data = client.request(
            "GET", path, headers={"Accept": "text/html", "Accept-Language": "de"}
        )
    return status, data


def wait_visible(url: str, probe: Probe, started: float, deadline: float = DEADLINE_S) -> dict:
    """Seconds from `started` (perf_counter) until each surface shows `probe` (None: not
    within the deadline), polled in parallel, and the polls each took."""
    seen: dict[str, float | None] = {}
    polls: dict[str, int] = {}

    def poll(surface: str) -> None:
        client = Client(url, timeout=deadline)
        n = 0
        try:
            while True:
                n += 1
                status, body = ask(client, surface, probe)
                now = time.perf_counter()
                if shows(surface, probe, status, body):
                    seen[surface] = now - started
                    return
                if now - started > deadline:
                    seen[surface] = None
                    return
                time.sleep(POLL_S)
        finally:
            polls[surface] = n
            client.close()

    threads = [threading.Thread(target=poll, args=(s,)) for s in SURFACES]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": {s: seen.get(s) for s in SURFACES}, "polls": polls}


#: The account the benchmarks send their changes as (an editor, as staff scripts are).
BENCH_ACCOUNT = "bench-editor"


def staff_token(store_path: Path) -> str:
    """A personal API token of the bench's editor account (made on the bench store when
    missing), as staff get one: SPARQL updates need an account's token."""
    accounts = Accounts(store_path)
    if accounts.find(BENCH_ACCOUNT) is None:
        accounts.add(BENCH_ACCOUNT, EDITOR, secrets.token_urlsafe(24))
    return accounts.create_token(BENCH_ACCOUNT, "benchmark")


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class ReviewerSession:
    """A reviewer logged in to the staff workspace, who publishes drafts there: the click
    that a reviewer makes, timed from the POST to its answer (a redirect, not followed)."""

    def __init__(self, url: str, store_path: Path) -> None:
        self.client = Client(url)
        self.cookies: dict[str, str] = {}
        password = secrets.token_urlsafe(24)
        accounts = Accounts(store_path)
        if accounts.find(REVIEWER) is None:
            accounts.add(REVIEWER, REVIEWER_ROLE, password)
        else:
            accounts.set_password(REVIEWER, password)
        token = self._csrf("/login")
        status, got = self._post("/login", {"csrf_token": token, "name": REVIEWER,
                                            "password": password})  # fmt: skip
        if status not in (302, 303) or "/login" in got.get("location", "/login"):
            raise RuntimeError(f"the bench reviewer could not log in: HTTP {status}")
        self.token = self._csrf("/workspace/review")

    def publish(self, change_id: str) -> tuple[int, float]:
        """(status, seconds): 303 when published."""
        t = time.perf_counter()
        status, _ = self._post(
            f"/workspace/review/{change_id}/decision",
            {"csrf_token": self.token, "action": "publish", "comment": "benchmark"},
        )
        return status, time.perf_counter() - t

    def close(self) -> None:
        self.client.close()

    def _headers(self) -> dict[str, str]:
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": jar} if jar else {}

    def _keep(self, headers: dict[str, str]) -> None:
        # http.client joins repeated Set-Cookie headers with ", " (no cookie here has a date)
        for part in headers.get("set-cookie", "").split(", "):
            name, _, rest = part.partition("=")
            if name and rest:
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _csrf(self, path: str) -> str:
        status, headers, body = self.client.request("GET", path, None, self._headers())
        self._keep(headers)
        found = _CSRF.search(body.decode("utf-8", "replace"))
        if status != 200 or not found:
            raise RuntimeError(f"no form token on {path}: HTTP {status}")
        return html.unescape(found.group(1))

    def _post(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, str]]:
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        status, got, _ = self.client.request(
            "POST", path, urllib.parse.urlencode(form).encode(), headers
        )
        self._keep(got)
        return status, got


def send_update(url: str, token: str, text: str) -> tuple[int, str, float, str]:
    """POST the update as staff; (status, change id, seconds to the answer, answer text)."""
    client = Client(url)
    headers = {
        "Content-Type": "application/sparql-update; charset=utf-8",
        "Authorization": f"Bearer {token}",
    }
    t = time.perf_counter()
    status, got, body = client.request("POST", "/sparql/update", text.encode("utf-8"), headers)
    ack = time.perf_counter() - t
    client.close()
    return status, got.get("x-akteursgraph-change", ""), ack, body.decode("utf-8", "replace")


# ---- what runs beside the changes ----------------------------------------------------------


def simple_query(iri: str, n: int) -> str:
    """The bench's simple query (graph/bench/load.py), made a new text by a numbered comment
    so that no cached answer serves it."""
    node = term(ox.NamedNode(iri))  # an IRI of the generated district, checked by pyoxigraph
    return f"SELECT ?label WHERE {{ {node} skos:prefLabel ?label }}\n# {n}"  # sparql-from: node


@dataclass
class Sample:
    phase: str
    seconds: float
    ok: bool
    status: int


class QueryLoop(threading.Thread):
    """A client sending the simple query in a closed loop; each answer checked for rows."""

    def __init__(self, url: str, iris: Sequence[str]) -> None:
        super().__init__(daemon=True)
        self.url, self.iris = url, list(iris)
        self.phase = "idle"
        self.samples: list[Sample] = []
        self._halt = threading.Event()

    def run(self) -> None:
        client = Client(self.url)
        n = 0
        while not self._halt.is_set():
            body, headers = query_post(simple_query(self.iris[n % len(self.iris)], n))
            phase = self.phase
            t = time.perf_counter()
            status, _, data = client.request("POST", "/sparql", body, headers)
            seconds = time.perf_counter() - t
            ok = status == 200
            if ok:
                try:
                    ok = bool(json.loads(data)["results"]["bindings"])
                except (ValueError, KeyError, TypeError):
                    ok = False
            self.samples.append(Sample(phase, seconds, ok, status))
            n += 1
        client.close()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=120)

    def figures(self, phase: str) -> dict:
        mine = [s for s in self.samples if s.phase == phase]
        good = [s.seconds for s in mine if s.ok]
        return {
            **summary(good),
            "requests": len(mine),
            "failed": sum(not s.ok for s in mine),
            "server_errors": sum(s.status >= 500 for s in mine),
            "no_answer": sum(s.status == 0 for s in mine),
        }


# ---- the routes ----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one change."""

    kind: str
    iri: str
    status: int
    change_id: str
    ack_s: float
    publish_s: float | None = None
    draft_hidden: bool | None = None
    visible: dict = field(default_factory=dict)
    polls: dict = field(default_factory=dict)
    error: str = ""


def follow(
    url: str, token: str, store_path: Path, probe: Probe, review: bool,
    reviewer: ReviewerSession | None = None,
) -> Outcome:  # fmt: skip
    """Send one change; on the review route publish it, in the workspace as a reviewer
    (`reviewer`) or else with the CLI; then wait until every surface shows it, from the
    acknowledgement that made it public."""
    status, change_id, ack, said = send_update(url, token, probe.update)
    out = Outcome(probe.kind, probe.iri, status, change_id, ack)
    if status != (202 if review else 200) or not change_id:
        out.error = f"HTTP {status}: {said[:300]}"
        return out
    if review:
        client = Client(url)
        got, body = ask(client, "sparql", probe)  # a draft is on no public surface
        client.close()
        out.draft_hidden = got == 200 and not shows("sparql", probe, got, body)
        if reviewer is not None:
            code, out.publish_s = reviewer.publish(change_id)
            if code != 303:
                out.error = f"publish in the workspace: HTTP {code}"
                return out
        else:
            code, out.publish_s, err = cli(
                "--store", str(store_path), "publish", change_id, "--agent", REVIEWER,
                timeout=600,
            )  # fmt: skip
            if code != 0:
                out.error = f"publish exit {code}: {err[-300:]}"
                return out
    seen = wait_visible(url, probe, time.perf_counter())
    out.visible, out.polls = seen["seconds"], seen["polls"]
    return out


def route_figures(outcomes: list[Outcome], review: bool) -> dict:
    """Acknowledgement and visibility figures of one route (a failed change counts as not
    visible)."""
    ok = [o for o in outcomes if not o.error]
    visible = {
        s: summary([o.visible.get(s) if not o.error else None for o in outcomes]) for s in SURFACES
    }
    every = [
        None if o.error or any(o.visible.get(s) is None for s in SURFACES)
        else max(o.visible[s] for s in SURFACES)
        for o in outcomes
    ]  # fmt: skip
    visible["all"] = summary(every)
    figures = {
        "ack": summary([o.ack_s for o in ok]),
        "visible": visible,
        "failed": [o.error for o in outcomes if o.error],
        "changes": [asdict(o) for o in outcomes],
    }
    if review:
        figures["publish"] = summary([o.publish_s for o in ok])
        figures["drafts_hidden"] = sum(bool(o.draft_hidden) for o in ok)
    return figures


# ---- the workload --------------------------------------------------------------------------


def _cli_ok(*args: str) -> float:
    code, seconds, err = cli(*args, timeout=600)
    if code != 0:
        raise RuntimeError(f"akteursgraph {' '.join(args)}: exit {code}: {err[-300:]}")
    return seconds


def open_surfaces(url: str, iris: Sequence[str], pid: int) -> dict:
    """Every reading surface that keeps something in memory and follows each publication,
    asked for in both languages before the changes: the network (an ego network, the
    overview's figures, paths), each list (its facet index) with and without a filter, the
    speaker directory, the catalogue's counts, search, and the topics' list, a topic's page
    and a search naming a topic, which read all the lists' indexes together. Without this
    the figures of memory and of the acknowledgement were of a server nobody had read:
    until 2026-12-01 a server whose network had been opened took 2.9-4.2 s to follow each
    change, on the write path, and this benchmark never saw it. Returns each path's status
    and seconds, and the memory of serve with its workers after."""
    client = Client(url, timeout=600.0)
    source, target = (urllib.parse.quote(iri, safe="") for iri in iris[:2])
    paths = [
        f"/network/ego?iri={source}",
        "/network",
        f"/network/paths?source={source}&target={target}",
        "/speakers?language=de",
        "/catalog",
        "/search?q=Verein",
    ]
    # A topic's page and a search naming it ask every list's index and the speakers' at once
    # (`explore.in_directories`, `explore.directories_named`), the topics' list counts them
    # all: the surfaces a reader reaches from the home page, so their memory counts too.
    status, _, body = client.request("GET", "/topics.json")
    topic = json.loads(body)["items"][0] if status == 200 else None
    if topic is not None:
        paths += [
            "/topics",
            "/entity?" + urllib.parse.urlencode([("iri", topic["iri"])]),
            "/search?" + urllib.parse.urlencode([("q", topic["label"])]),
        ]
    for kind in LIST_KINDS:
        paths.append(f"/{kind}")
        status, _, body = client.request("GET", f"/{kind}.json")
        facets = json.loads(body)["facets"] if status == 200 else {}
        chosen = next(((f, vs[0]["value"]) for f, vs in sorted(facets.items()) if vs), None)
        if chosen is not None:
            paths.append(f"/{kind}?" + urllib.parse.urlencode([chosen]))
    asked = {}
    try:
        for lang in ("de", "en"):
            for path in paths:
                began = time.monotonic()
                headers = {"Accept": "text/html", "Accept-Language": lang}
                status, _, _ = client.request("GET", path, headers=headers)
                asked[f"{lang} {path}"] = {"status": status, "s": time.monotonic() - began}
    finally:
        client.close()
    failed = {p: a["status"] for p, a in asked.items() if a["status"] != 200}
    if failed:
        raise RuntimeError(f"surfaces not served: {failed}")
    return {"asked": asked, "rss_mb_after": tree_rss_mb(pid)}


#: How long `figures_after_changes` waits at most for the overview's figures to be current.
FIGURES_WAIT_S = 180.0


def collections(url: str) -> dict | None:
    """The full collection passes serve ran at quiet moments (`/healthz`), None when it
    left them to Python (then they ran inside requests, unseen)."""
    with urllib.request.urlopen(url + "/healthz", timeout=30) as answer:
        health = json.loads(answer.read())
    if "full_collections" not in health:
        return None
    return {"passes": health["full_collections"], "last_ms": health["last_full_collection_ms"]}


def figures_after_changes(url: str, iris: Sequence[str], pid: int) -> dict:
    """The overview read after the changes, as a visitor would, and the server meanwhile:
    its figures are then measured again (`NetworkCache.latest_structure`). Until 2026-12-02
    a thread of serve measured them holding the GIL for 15-20 s at the 1M district, and every
    page waited (an entity page p95 792 ms instead of 13 ms, measured in-process); this
    workload never read the overview after a change and did not see it. Simple queries in a
    closed loop, first alone (`IDLE_S`), then from the first read of the overview until its
    figures are current (polled twice a second); memory of serve and its workers sampled."""
    loop = QueryLoop(url, iris)
    rss = RssSampler(pid)
    client = Client(url, timeout=600.0)
    rss.start()
    loop.start()
    try:
        time.sleep(IDLE_S)
        loop.phase = "figures"
        began = time.monotonic()
        current = _overview_current(client)
        while not current and time.monotonic() - began < FIGURES_WAIT_S:
            time.sleep(0.5)
            current = _overview_current(client)
        took = time.monotonic() - began
    finally:
        loop.stop()
        rss.stop()
        client.close()
    return {
        "current": current,
        "s": took,
        "queries_before": loop.figures("idle"),
        "queries": loop.figures("figures"),
        "peak_rss_mb": rss.peak,
        "at_peak_mb": {name: round(mb, 1) for name, mb in rss.at_peak.items()},
    }


def _overview_current(client: Client) -> bool:
    """Whether the overview's figures are those of the current data (its JSON twin says)."""
    headers = {"Accept": "application/json", "Accept-Language": "de"}
    status, _, body = client.request("GET", "/network.json", headers=headers)
    if status != 200:
        raise RuntimeError(f"/network.json: HTTP {status}")
    return bool(json.loads(body)["structure_current"])


def wait_startup_dump(store_path: Path, pid: int, limit: float = 900.0) -> dict:
    """Wait for the version the server makes at start of a public side it has no dump of (a
    newly loaded district), and measure it apart: the figures of the issue are of a server
    publishing small changes, not of one writing its first whole dump (a few minutes once
    after a bulk load, at the lowest priority); mixed, they would time the dump."""
    started = time.monotonic()
    rss = RssSampler(pid)
    rss.start()
    try:
        while time.monotonic() - started < limit:
            snapshot = current_snapshot(store_path)
            versions = read_index(store_path)["versions"]
            if snapshot is not None and versions and versions[0]["snapshot"] == snapshot.name:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"no start-up dump version after {limit:.0f} s")
    finally:
        rss.stop()
    return {"s": time.monotonic() - started, "peak_rss_mb": rss.peak}


def measure(
    store_path: Path, reps: int, query_timeout: float, n: int = N_CHANGES,
    history_changes: int = HISTORY_CHANGES,
) -> dict:  # fmt: skip
    """Every figure of this workload on the bench store at `store_path` (which it changes:
    run it last). The store must not be in use."""
    store = Store.open(store_path, read_only=True)
    try:
        # n // 2 label changes per route, one entity for the history, three for the
        # background client: all different.
        picks = organisations(store, n + 4 + N_CLI)
        pages = sample_entities(store, N_PAGES, random.Random(11))
    finally:
        store.close()
    targets = {"direct": picks[: n // 2], "review": picks[n // 2 : n]}
    history_pick, background = picks[n], [p[0] for p in picks[n + 1 : n + 4]]
    cli_targets = picks[n + 4 :]
    tag = secrets.token_hex(2)
    token = staff_token(store_path)
    store_arg = ("--store", str(store_path))
    cli_start = timed(lambda: _cli_ok(*store_arg, "drafts", "--format", "json"), 3)
    _cli_ok(*store_arg, "review-required", "off")
    result: dict = {"n": n, "cli_start_s": cli_start, "load_average": os.getloadavg()}
    routes: dict[str, list[Outcome]] = {}
    log("publication: starting akteursgraph serve")
    with serving(store_path, "--query-timeout", str(query_timeout),
                 start_timeout=600) as (proc, url):  # fmt: skip
        result["startup_dump"] = wait_startup_dump(store_path, proc.pid)
        log("publication: opening every reading surface, in both languages")
        result["surfaces"] = open_surfaces(url, background, proc.pid)
        log(f"publication: the server in use: {len(pages):,} entity pages, queries")
        result["in_use"] = use(url, pages, proc.pid, queries())
        rss = RssSampler(proc.pid)
        loop = QueryLoop(url, background)
        rss.start()
        loop.start()
        try:
            time.sleep(IDLE_S)
            for route in ROUTES:
                review = route == "review"
                if review:
                    loop.phase = "between"  # no writes: counted in neither route
                    _cli_ok(*store_arg, "review-required", "on")  # read at the next write
                log(f"publication: {n} changes, {route}")
                loop.phase = route
                reviewer = ReviewerSession(url, store_path) if review else None
                routes[route] = [
                    follow(url, token, store_path, probe, review, reviewer)
                    for probe in plan(tag, route, targets[route], n)
                ]
                if reviewer is not None:
                    reviewer.close()
                    log(f"publication: {N_CLI} more drafts published by the CLI")
                    by_cli = [
                        follow(url, token, store_path, probe, True)
                        for probe in plan(tag, "cli", cli_targets, N_CLI)
                    ]
                    result["publish_cli"] = summary([o.publish_s for o in by_cli
                                                     if not o.error])  # fmt: skip
                    result["publish_cli_failed"] = [o.error for o in by_cli if o.error]
        finally:
            loop.stop()
            rss.stop()
        result["memory"] = {
            "peak_rss_mb": rss.peak,
            "at_peak_mb": {name: round(mb, 1) for name, mb in rss.at_peak.items()},
            "samples": rss.samples,
            "lifetime_peak_mb": tree_peak_rss_mb(proc.pid),
        }
        log("publication: the overview read after the changes, its figures measured again")
        result["figures"] = figures_after_changes(url, background, proc.pid)
        result["collections"] = collections(url)
    result["routes"] = {r: route_figures(routes[r], r == "review") for r in ROUTES}
    result["queries"] = {phase: loop.figures(phase) for phase in ("idle", *ROUTES)}

    log(f"publication: history of two entities with {history_changes:,} change sets each")
    iri, graph, label = history_pick
    built = build_history(store_path, iri, graph, label, history_changes)
    fresh = f"{BENCH}organisation/history{tag}"
    built_new = build_history(store_path, fresh, PUBLIC_GRAPH, "", history_changes, create=True)
    result["history"] = {
        "district": {**time_history(store_path, iri, history_changes, reps), **built},
        "new": {**time_history(store_path, fresh, history_changes, reps), **built_new},
    }
    return result
