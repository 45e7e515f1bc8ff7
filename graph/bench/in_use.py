"""A server in use, before the publication benchmark measures its memory (issue 11: serve
with all its workers at most 1 GB, during publication too).

A server whose surfaces were each read once holds its two caches nearly empty and its query
workers as they started. One in use holds both caches full and its workers grown by the
queries they answered: measured by hand on 2026-12-02 at the 1M district, 6,000 entity
pages took serve from 758 to 835 MiB and 140 sorted queries a worker to 150 MiB, the whole
from 821 to 1,044 MiB, where the benchmark had reported 930-955 MiB. So before the changes
this workload asks, once each:

- `N_PAGES` different entity pages (German), more than the page cache keeps (about 12 KB a
  page at the 1M district against its 64 MiB), by `CLIENTS` clients;
- `N_SORTED` different sorted queries of up to `ROWS` rows each (about 0.5-1 MB of JSON),
  which grow the worker that answers them (a worker's engine cache and what sorting left: from
  about 32 to 130-150 MiB at the 1M district);
- `N_FILL` different unsorted queries of `FILL_ROWS` rows each (1.3 MB of JSON, about 100 KB
  packed): more than the answer cache keeps (16 MiB, packed), which fills with them.

The queries are sent by two clients; the fair share lets one address use one worker at a
time while another waits, so mostly one worker grows, as under one heavy user.

Every answer is checked (HTTP 200; an entity page holds its label, a query answer has rows);
a failure is counted and reported, never hidden.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from .memory import tree_rss_by_process
from .server import Client, each_once, query_post

N_PAGES = 6_000
CLIENTS = 4
N_SORTED = 40
ROWS = 4_000
N_FILL = 170
FILL_ROWS = 5_000
#: The classes the sorted queries list, each entity with its label (each with thousands at
#: the 1M district: no page of the queries is empty there).
_CLASSES = ("org:Organization", "foaf:Person", "schema:Event", "schema:Project")
_ORDERS = ("?l ?e", "DESC(?l) ?e", "?e", "DESC(?e)")


def sorted_query(n: int) -> str:
    """The `n`th sorted query: a class, an order and a page, all from fixed lists (no text
    from outside), each `n` a different text."""
    cls = _CLASSES[n % len(_CLASSES)]
    order = _ORDERS[(n // len(_CLASSES)) % len(_ORDERS)]
    page = n // (len(_CLASSES) * len(_ORDERS))
    return (
        f"SELECT ?e ?l WHERE {{ ?e a {cls} ; skos:prefLabel ?l }} "  # sparql-from: fixed lists
        f"ORDER BY {order} LIMIT {ROWS} OFFSET {page * 97}"
    )


def fill_query(n: int) -> str:
    """The `n`th unsorted query: the `n`th slice of all public statements (no text from
    outside), each `n` a different text."""
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } "
    return text + f"LIMIT {FILL_ROWS} OFFSET {n * FILL_ROWS}"  # sparql-from: two numbers


def queries(n_sorted: int = N_SORTED, n_fill: int = N_FILL) -> list[str]:
    """The workload's queries in the order they are sent: sorted ones first, then fill."""
    return [*map(sorted_query, range(n_sorted)), *map(fill_query, range(n_fill))]


def _ask_all(
    url: str, jobs: Sequence[Any], clients: int, ask: Callable[[Client, Any], str]
) -> tuple[float, Counter[str]]:
    """Each job asked once (`server.each_once`); (seconds, outcomes counted)."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def counted(client: Client, job: Any) -> None:
        outcome = ask(client, job)
        with lock:
            outcomes[outcome] += 1

    return each_once(url, jobs, clients, counted), outcomes


def _page(client: Client, job: tuple[str, str]) -> str:
    path, label = job
    status, _, body = client.request(
        "GET", path, headers={"Accept": "text/html", "Accept-Language": "de"}
    )
    if status != 200:
        return f"HTTP {status}"
    return "ok" if html.escape(label, quote=False) in body.decode("utf-8", "replace") else "wrong"


def _query(client: Client, job: str) -> str:
    body, headers = query_post(job)
    status, _, data = client.request("POST", "/sparql", body, headers)
    if status != 200:
        return f"HTTP {status}"
    try:
        return "ok" if json.loads(data)["results"]["bindings"] else "empty"
    except (ValueError, KeyError, TypeError):
        return "wrong"


def use(url: str, pages: Sequence[tuple[str, str]], pid: int, texts: Sequence[str]) -> dict:
    """Ask `pages` (path, label) and the queries `texts` once each; the memory of serve and
    its workers before and after."""
    before = tree_rss_by_process(pid)
    pages_s, page_outcomes = _ask_all(url, pages, CLIENTS, _page)
    after_pages = tree_rss_by_process(pid)
    queries_s, query_outcomes = _ask_all(url, texts, 2, _query)
    time.sleep(0.2)
    after = tree_rss_by_process(pid)
    return {
        "pages": len(pages),
        "pages_s": pages_s,
        "page_outcomes": dict(page_outcomes),
        "queries": len(texts),
        "queries_s": queries_s,
        "query_outcomes": dict(query_outcomes),
        "rss_mb_before": round(sum(before.values()), 1),
        "rss_mb_after_pages": round(sum(after_pages.values()), 1),
        "rss_mb_after": round(sum(after.values()), 1),
        "after_mb": {name: round(mb, 1) for name, mb in after.items()},
    }
