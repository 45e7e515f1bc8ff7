"""The explorer under load (issue 16): entity and list pages over HTTP, 16 clients.

On a real `akteursgraph serve` (after its start-up dump, so nothing else runs), for random
public entities (organisations, people, projects, events) and random filter combinations of
the lists (up to two facet values of different facets, a sort, one of the first pages):

- **cold**: each page asked once, by `CLIENTS` threads taking the next page from a shared
  queue: nothing has been computed for any of them (the page cache is empty for them; only
  the unfiltered counts of each list were computed before, when the workload read the
  facets to choose from the lists' JSON twins);
- **cold, one client** (the baseline, before the cold phase): other pages of the same kinds,
  half as many, asked once each by one client, one after another: what one page costs the
  server on this machine now. The cold phase's rate as a multiple of it is what the
  `CLIENTS` clients gained from answering at once, which the machine's speed of the moment
  does not change (in-process the same pages took 29 % more CPU time per page at one hour
  than at another of the same session, on this shared machine);
- **warm**: the same pages again, random order, closed loop for `seconds` (wrk when
  installed, Python threads otherwise);
- **warm, If-None-Match**: the same, each request naming the ETag its page had: answered 304;
- **after publications**: `N_PUBLISHED` organisations renamed through the running server
  (`/sparql/update` with a staff token, one commit each, as staff scripts do), then every
  page once more (`CLIENTS` threads), each request naming the ETag its page had before: an
  untouched page is still kept (`304`), a touched one is computed anew (the page cache drops
  only the answers that showed what a publication touched). Reported: pages/s, p95, and the
  share answered from the cache (304, or 200 with `X-Akteursgraph-Cache: hit`). Checked: each
  renamed organisation's page shows its new name. The names are put back afterwards (with
  `review-required off`, as the publication workload sets it).

Checked before it counts: every cold answer is HTTP 200 with an ETag, an entity page holds
the entity's label, a list page holds every label of its JSON twin (asked after it, not
timed); a conditional request with the ETag gets 304 and one with another tag gets the page.
A page that fails a check is reported as wrong. The targets (at the 1M district): at least
300 entity pages/s and 100 list pages/s at 16 clients, p95 under 100 ms, "cold and warm,
with and without If-None-Match" (issue 16): every phase is judged against them.
"""

from __future__ import annotations

import html
import json
import random
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from akteursgraph.store import Store

from .dumps import START_DEADLINE_S, wait_version
from .load import load_test
from .probes import LIST_KINDS, organisations, relabel, sample_entities
from .publication import send_update, staff_token
from .server import Client, cli, each_once, serving
from .stats import log, summary

CLIENTS = 16
N_ENTITIES = 400
N_LISTS = 48
#: Small public changes published before the "after publications" phase.
N_PUBLISHED = 5
#: Headers of every request: the ETags are per Accept and language, so all phases send these.
HEADERS = {"Accept": "text/html", "Accept-Language": "de"}
TARGETS = {"entity_per_s": 300.0, "list_per_s": 100.0, "p95_s": 0.1}


def list_paths(client: Client, n: int, rng: random.Random) -> list[str]:
    """`n` list URLs with random filters, from the facets the lists' JSON twins offer. A page
    after the first only where the list is known to have it (a page past the last is a 404):
    unfiltered, or with one value chosen, whose count the twin gives; never asked first,
    which would compute what the cold run is to measure."""
    facets: dict[str, dict[str, dict[str, int]]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    orders: dict[str, list[str]] = {}
    for kind in LIST_KINDS:
        status, _, body = client.request("GET", f"/{kind}.json", headers=HEADERS)
        if status != 200:
            raise RuntimeError(f"/{kind}.json: HTTP {status}")
        listed = json.loads(body)
        offered = listed["facets"]
        facets[kind] = {f: {v["value"]: v["count"] for v in vs} for f, vs in offered.items() if vs}
        sizes[kind] = (listed["total"], listed["per_page"])
        orders[kind] = listed["sorts"]  # by date only where the kind has dates
    paths: set[str] = set()
    for _ in range(n * 20):
        if len(paths) >= n:
            break
        kind = rng.choice(LIST_KINDS)
        names = sorted(facets[kind])
        args: list[tuple[str, str]] = []
        for facet in rng.sample(names, min(len(names), rng.randint(0, 2))):
            args.append((facet, rng.choice(sorted(facets[kind][facet]))))
        args.append(("sort", rng.choice(orders[kind])))
        total, per_page = sizes[kind]
        if len(args) == 2:
            total = facets[kind][args[0][0]][args[0][1]]
        elif len(args) > 2:
            total = 0  # two filters: how many pass is not known before asking
        last = -(-total // per_page)
        if rng.random() < 0.3 and last >= 2:
            args.append(("page", str(rng.randint(2, min(3, last)))))
        paths.add(f"/{kind}?" + urllib.parse.urlencode(args))
    return sorted(paths)


def cold(
    url: str, paths: list[str], clients: int, etags: dict[str, str] | None = None
) -> tuple[dict, dict[str, tuple]]:
    """Each page once, `clients` threads sharing a queue (with `etags`: each request naming
    its page's in If-None-Match); the figures, and each page's (status, ETag, body)."""
    answers: dict[str, tuple] = {}
    seconds: list[float] = []
    kept = [0]
    lock = threading.Lock()

    def ask(client: Client, path: str) -> None:
        asked = {**HEADERS, "If-None-Match": etags[path]} if etags else HEADERS
        started = time.perf_counter()
        status, headers, body = client.request("GET", path, headers=asked)
        took = time.perf_counter() - started
        with lock:
            answers[path] = (status, headers.get("etag"), body)
            seconds.append(took)
            kept[0] += status == 304 or headers.get("x-akteursgraph-cache") == "hit"

    wall = each_once(url, paths, clients, ask)
    figures = {
        **summary(seconds),
        "requests": len(paths),
        "throughput": len(paths) / wall if wall else None,
        "errors": sum(a[0] not in (200, 304) for a in answers.values()),
        "from_cache": kept[0] / len(paths) if paths else None,
        "tool": "Python threads",
    }
    return figures, answers


def check_entity(path: str, label: str, answer: tuple) -> str:
    """'' or what is wrong with a cold entity page."""
    status, etag, body = answer
    if status != 200 or not etag:
        return f"{path}: HTTP {status}, ETag {etag!r}"
    if html.escape(label, quote=False).encode("utf-8") not in body:
        return f"{path}: the label {label!r} is not on the page"
    return ""


def check_list(client: Client, path: str, answer: tuple) -> str:
    """'' or what is wrong with a cold list page: every label of its JSON twin is on it."""
    status, etag, body = answer
    if status != 200 or not etag:
        return f"{path}: HTTP {status}, ETag {etag!r}"
    twin = path.replace("?", ".json?", 1)
    got, _, data = client.request("GET", twin, headers=HEADERS)
    if got != 200:
        return f"{twin}: HTTP {got}"
    items = json.loads(data)["items"]
    missing = [i["label"] for i in items
               if html.escape(i["label"], quote=False).encode("utf-8") not in body]  # fmt: skip
    return f"{path}: {len(missing)} labels of the twin not on the page" if missing else ""


def check_conditional(client: Client, path: str, etag: str) -> str:
    """'' or what is wrong: the page's ETag gets 304, another tag the page."""
    got, headers, body = client.request("GET", path, headers={**HEADERS, "If-None-Match": etag})
    if got != 304 or body or headers.get("etag") != etag:
        return f"{path}: If-None-Match with its ETag: HTTP {got}"
    got, _, _ = client.request("GET", path, headers={**HEADERS, "If-None-Match": '"other"'})
    return "" if got == 200 else f"{path}: If-None-Match with another tag: HTTP {got}"


def warm(url: str, paths: list[str], etags: list[str] | None, clients: int, seconds: float) -> dict:
    """Closed-loop load over random pages of `paths`, with If-None-Match when `etags`."""
    if shutil.which("wrk"):
        return _wrk(url, paths, etags, clients, seconds)
    if etags is None and len(paths) == 1:
        return load_test(url, paths[0], clients, seconds, body=None, accept=HEADERS["Accept"])
    return _threads(url, paths, etags, clients, seconds)


_WRK_SCRIPT = """
paths = {paths}
etags = {etags}
request = function()
  local i = math.random(#paths)
  local headers = {{}}
  headers["Accept"] = "{accept}"
  headers["Accept-Language"] = "{language}"
  if etags then headers["If-None-Match"] = etags[i] end
  return wrk.format("GET", paths[i], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
"""


def _lua_list(values: list[str]) -> str:
    # JSON string literals of ASCII text are Lua string literals too (paths are URL-encoded,
    # ETags are hex in quotes).
    return "{" + ", ".join(json.dumps(v, ensure_ascii=True) for v in values) + "}"


def _wrk(url: str, paths: list[str], etags: list[str] | None, clients: int, seconds: float) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        _WRK_SCRIPT.format(
            paths=_lua_list(paths),
            etags=_lua_list(etags) if etags else "nil",
            accept=HEADERS["Accept"],
            language=HEADERS["Accept-Language"],
        ),
        encoding="utf-8",
    )
    try:
        out = subprocess.run(
            ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds:.0f}s",
             "--timeout", "30s", "-s", str(script), url],
            capture_output=True, text=True, timeout=seconds + 120,
        ).stdout  # fmt: skip
    finally:
        script.unlink()
    found = [line for line in out.splitlines() if line.startswith("RESULT ")]
    if not found:
        raise RuntimeError(f"wrk gave no result: {out[-300:]}")
    n, errors, status, p50, p95, p99, duration = map(int, found[-1].split()[1:])
    return {"requests": n, "errors": errors + status, "throughput": n / (duration / 1e6),
            "p50": p50 / 1e6, "p95": p95 / 1e6, "p99": p99 / 1e6, "tool": "wrk"}  # fmt: skip


def _threads(url: str, paths: list[str], etags: list[str] | None, clients: int,
             seconds: float) -> dict:  # fmt: skip
    """The same closed loop with Python threads (they cap the rate they can send)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    expected = 304 if etags else 200

    def work(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(url, timeout=60)
        while time.monotonic() < stop:
            i = rng.randrange(len(paths))
            headers = {**HEADERS, **({"If-None-Match": etags[i]} if etags else {})}
            started = time.perf_counter()
            status, _, _ = client.request("GET", paths[i], headers=headers)
            with lock:
                if status == expected:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[0] += 1
        client.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    figures = summary(latencies)
    return {"requests": len(latencies) + errors[0], "errors": errors[0],
            "throughput": len(latencies) / wall, "p50": figures["p50"], "p95": figures["p95"],
            "p99": None, "tool": "Python threads"}  # fmt: skip


def measure(
    store_path: Path,
    query_timeout: float,
    seconds: float,
    *,
    clients: int = CLIENTS,
    n_entities: int = N_ENTITIES,
    n_lists: int = N_LISTS,
    seed: int = 16,
) -> dict:
    """Every figure of this workload on the bench store at `store_path` (read only)."""
    rng = random.Random(seed)
    n_alone = max(1, n_entities // 2), max(1, n_lists // 2)  # the one-client baseline's
    with Store.open(store_path, read_only=True) as store:
        picked = sample_entities(store, n_entities + n_alone[0], rng)
        entities, alone = picked[:n_entities], picked[n_entities:]
        renamed = organisations(store, N_PUBLISHED)
    labels = dict(picked)
    token = staff_token(store_path)
    code, _, err = cli("--store", str(store_path), "review-required", "off", timeout=600)
    if code != 0:
        raise RuntimeError(f"review-required off: exit {code}: {err[-300:]}")
    result: dict = {"clients": clients, "seconds": seconds, "targets": TARGETS, "cases": [],
                    "wrong": []}  # fmt: skip
    log("explorer: starting akteursgraph serve")
    with serving(store_path, "--query-timeout", str(query_timeout), start_timeout=600) as (
        _proc,
        url,
    ):
        client = Client(url, timeout=600)
        waited, _version, _polls = wait_version(client, None, time.perf_counter(), START_DEADLINE_S)
        log(f"explorer: start-up dump listed after {waited} s")
        listed = list_paths(client, n_lists + n_alone[1], rng)
        rng.shuffle(listed)
        lists, lists_alone = sorted(listed[:n_lists]), sorted(listed[n_lists:])
        result["entities"], result["lists"] = len(entities), len(lists)
        tags: dict[str, str] = {}
        for kind, paths, baseline in (
            ("entity", [p for p, _ in entities], [p for p, _ in alone]),
            ("list", lists, lists_alone),
        ):
            log(f"explorer: {len(baseline)} other {kind} pages, cold, one client")
            figures, answers = cold(url, baseline, 1)
            result["cases"].append(
                {"case": f"{kind} page, cold, one client (baseline)", "kind": kind,
                 "baseline": True, **figures}
            )  # fmt: skip
            log(f"explorer: {len(paths)} {kind} pages, cold")
            more, answers_now = cold(url, paths, clients)
            answers.update(answers_now)
            result["cases"].append({"case": f"{kind} page, cold", "kind": kind, **more})
            for path in (*baseline, *paths):
                wrong = (
                    check_entity(path, labels[path], answers[path])
                    if kind == "entity"
                    else check_list(client, path, answers[path])
                )
                if not wrong and answers[path][1]:
                    wrong = check_conditional(client, path, answers[path][1])
                if wrong:
                    result["wrong"].append(wrong)
            good = [p for p in paths if answers[p][0] == 200 and answers[p][1]]
            if not good:
                continue
            etags = [answers[p][1] for p in good]
            tags.update(zip(good, etags, strict=True))
            log(f"explorer: {kind} pages, warm, {seconds:g} s")
            figures = warm(url, good, None, clients, seconds)
            result["cases"].append({"case": f"{kind} page, warm", "kind": kind, **figures})
            log(f"explorer: {kind} pages, warm with If-None-Match (304), {seconds:g} s")
            figures = warm(url, good, etags, clients, seconds)
            result["cases"].append(
                {"case": f"{kind} page, warm, If-None-Match (304)", "kind": kind, **figures}
            )
        after_publications(url, token, renamed, tags, lists, clients, result)
        client.close()
    return result


def after_publications(
    url: str,
    token: str,
    renamed: list[tuple[str, str, str]],
    tags: dict[str, str],
    lists: list[str],
    clients: int,
    result: dict,
) -> None:
    """The "after publications" phase (see the module docstring): rename `renamed`
    ((IRI, graph, German label) each) one commit each, ask every page once naming its old
    ETag, check the renamed pages, put the names back."""
    log(f"explorer: {len(renamed)} publications, then every page again")
    client = Client(url, timeout=600)
    probes = [relabel(iri, graph, old, f"explorerprobe{i}") for i, (iri, graph, old) in
              enumerate(renamed)]  # fmt: skip
    for probe in probes:
        status, _, _, said = send_update(url, token, probe.update)
        if status != 200:
            result["wrong"].append(f"publication of {probe.page}: HTTP {status} {said[:200]}")
    entity_paths = [p for p in tags if p not in lists]
    for kind, paths in (("entity", entity_paths), ("list", [p for p in lists if p in tags])):
        figures, _ = cold(url, paths, clients, etags=tags)
        result["cases"].append(
            {"case": f"{kind} page, after publications", "kind": kind, **figures}
        )
    for probe in probes:
        status, _, body = client.request("GET", probe.page, headers=HEADERS)
        if status != 200 or html.escape(probe.label).encode("utf-8") not in body:
            result["wrong"].append(f"{probe.page}: HTTP {status}, new name not on the page")
    result["published"] = len(probes)
    for probe, (iri, graph, old) in zip(probes, renamed, strict=True):
        back = relabel(iri, graph, probe.label, "", label=old)
        status, _, _, said = send_update(url, token, back.update)
        if status != 200:
            result["wrong"].append(f"putting back {probe.page}: HTTP {status} {said[:200]}")
    client.close()


def _met(case: dict, targets: dict) -> bool:
    rate = targets["entity_per_s" if case["kind"] == "entity" else "list_per_s"]
    return bool(
        case["throughput"] is not None
        and case["throughput"] >= rate
        and case["p95"] is not None
        and case["p95"] < targets["p95_s"]
        and not case["errors"]
    )


def lines(res: dict) -> list[str]:
    """The explorer section of docs/benchmarks.md."""
    t = res["targets"]

    def ms(v: float | None) -> str:
        return "—" if v is None else f"{v * 1000:.1f} ms"

    out = [
        "### Explorer pages under load (issue 16)",
        "",
        f"{res['entities']} random entity pages and {res['lists']} random list filter "
        f"combinations over HTTP, {res['clients']} clients; cold: each page once; warm: "
        f"random pages for {res['seconds']:g} s, without and with If-None-Match; after "
        f"publications: {res.get('published', 0)} organisations renamed through the server, "
        f"then every page once, naming its old ETag (from cache: 304 or a kept answer); "
        f"baseline: half as many other pages, cold, one client asking one after another "
        f"(× one client: the cold rate over it, which the machine's speed of the moment "
        f"does not change; 1× would mean that {res['clients']} clients gained nothing from "
        f"being answered at once). "
        f"Targets (1M district, every phase: cold and warm, with and without "
        f"If-None-Match): ≥ {t['entity_per_s']:.0f} entity pages/s, ≥ "
        f"{t['list_per_s']:.0f} list pages/s, p95 < {t['p95_s'] * 1000:.0f} ms.",
        "",
        "| case | requests | pages/s | × one client | p50 | p95 | errors | from cache | tool | "
        "target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    alone = {c["kind"]: c["throughput"] for c in res["cases"] if c.get("baseline")}
    for c in res["cases"]:
        verdict = "—" if c.get("baseline") else "met" if _met(c, t) else "**missed**"
        rate = "—" if c["throughput"] is None else f"{c['throughput']:,.0f}"
        share = c.get("from_cache")
        kept = "—" if share is None else f"{share:.0%}"
        base = alone.get(c["kind"]) if c["case"].endswith(", cold") else None
        gain = f"{c['throughput'] / base:.2f}×" if base and c["throughput"] else "—"
        out.append(
            f"| {c['case']} | {c['requests']:,} | {rate} | {gain} | {ms(c['p50'])} | "
            f"{ms(c['p95'])} | {c['errors']} | {kept} | {c['tool']} | {verdict} |"
        )
    wrong = res["wrong"]
    out += [
        "",
        f"Checked before timing (status, ETag, the label on the page, a list's JSON twin "
        f"against its page, 304 for the page's ETag): {len(wrong)} wrong"
        + (f": {wrong[:3]}" if wrong else ""),
        "",
    ]
    return out
