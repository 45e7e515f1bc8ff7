"""The built network and its derived figures, kept in memory and following the data.

Building and analysing cost a pass over the store and a few centrality runs; a web app asks
for them on every network page. The cache builds on first use, follows each committed change
at the cost of the change (`follow`, see `akteursgraph.network.follow`), and forgets all on
`invalidate()`. The figures of the whole network are computed again after a change; until
they are, `latest_structure` offers the last ones, so that no reader of the overview waits
for them (14 s at the 1M district). The last ones are also kept in a file beside the store
(`kept`), so that after a restart too the overview shows them at once instead of waiting for
the network to be built and its figures computed (25 s at the 1M district).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from ..errors import RowCapExceeded
from ..languages import LANGUAGES, check_lang
from ..memory import give_back
from ..snapshot import write_atomically
from ..store import Change, Store
from .analysis import beginnings, figures, growth_rows, structure
from .build import NetworkRows, assemble, read_keyed, read_rows
from .follow import RowIndex, index_rows, patch_graph, patch_rows, touched_keys
from .periods import as_of_bounds, as_of_network, check_as_of

_log = logging.getLogger(__name__)

#: How many points in time the cache keeps the structure of (in each language): each costs a
#: centrality run, and a crawler walking `as_of` through the years must not fill the memory.
MAX_AS_OF = 16
#: The file beside the store that keeps the overview's last figures across restarts, and the
#: form of its content (a file of another form is not read: the figures are computed anew).
KEPT_FILE = "network-figures.json"
#: 2: the growth kept by day (`beginnings`); 3: the bridges name whom they hold (`cut_off`).
KEPT_FORMAT = 3
#: Seconds the follower thread lets the changes noted after the first gather before it
#: follows them together (a reader who comes first follows at once). Following right after
#: each acknowledgement, it competed with the snapshot and the first queries on the new
#: version for the interpreter lock; together, a burst costs one follow's copies.
FOLLOW_SETTLE = 1.0


class NetworkCache:
    """The built network and its derived figures.

    The web app holds one per store and calls `noted(change)` after every public write; a
    thread, or the next reader if it comes first, follows it (`follow`): the
    rows of what the change touched are read again and the graph patched, and the figures
    of the whole network (structure, growth) are dropped, computed again by their next
    reader (`latest_structure` offers the previous structure meanwhile). A change it cannot
    follow (a bulk load) drops everything like `invalidate()`; the next reader rebuilds
    (reading the store once for both languages), off the write path.
    Safe to share between threads: one lock orders the builders, another the computations of
    the figures (so the graphs and growth never wait for figures), and a third, held only for
    a moment, guards what is built; so neither `follow` nor `invalidate()` ever waits for a
    build in progress (a writer would otherwise stall for seconds behind a reader). A build
    that a change overtook is handed to its reader but not kept. A patched graph is a new
    object: a reader still walking the previous one never sees it change.

    For operators: `reads` counts whole reads of the store, `follows` the changes followed,
    `build_seconds` and `follow_seconds` time the last of each.
    """

    def __init__(self, store: Store | Callable[[], Store], kept: Path | None = None) -> None:
        """`kept`: the file that keeps the overview's last figures across restarts (the
        organisations' and topics' public names and numbers; nothing about people)."""
        self._store = store
        self._kept = kept
        self._build_lock = threading.RLock()
        #: Orders the computations of figures, apart from the builds: growth and the graphs
        #: need not wait for the figures (seconds at the 1M district).
        self._figures_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._raw: NetworkRows | None = None
        self._index: RowIndex | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._structure: dict[tuple[str, str | None], dict[str, Any]] = {}
        #: The structures of before the last change, until theirs are computed again.
        self._previous: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._computing: set[str | None] = set()
        #: The growth as `beginnings` counts it: by day, so that it is cut at any `as_of`.
        self._growth: dict[str, list[int]] | None = None
        #: The growth of before the last change (or of the last run), until computed again.
        self._previous_growth: dict[str, list[int]] | None = None
        self._save_lock = threading.Lock()
        #: Whether the kept file was read: only when an overview is first asked for, so that
        #: a server whose overview nobody reads holds no figures in memory.
        self._kept_read = kept is None
        #: Changes committed and not yet followed (`noted`), oldest first; `_owed` counts
        #: them until each is followed to the end, `_follow_lock` orders the followers.
        self._unfollowed: deque[Change] = deque()
        self._owed = 0
        self._follow_lock = threading.Lock()
        #: Whether the follower thread has been woken for this cache and not yet begun,
        #: and when it was woken (it follows `FOLLOW_SETTLE` seconds later).
        self._queued = False
        self._woken = 0.0
        self.version = 0
        self.build_seconds: float | None = None
        self.reads = 0
        self.follows = 0
        self.follow_seconds: float | None = None

    def _source(self) -> Store:
        return self._store if isinstance(self._store, Store) else self._store()

    def invalidate(self) -> None:
        with self._state_lock:
            self._raw = None
            self._index = None
            self._graph = None
            self._drop_structure()
            self._growth = None
            self.version += 1

    def _drop_structure(self) -> None:
        """Called with the state lock held: the structures and growth become the previous."""
        self._previous.update(self._structure)
        if len(self._previous) > MAX_AS_OF * len(LANGUAGES):
            self._previous = dict(self._structure)
        self._structure = {}
        if self._growth is not None:
            self._previous_growth = self._growth

    def noted(self, change: Change) -> None:
        """The writer's part of following a committed change: note it (microseconds). A
        thread follows it after the acknowledgement, and every reader first follows what was
        noted before it came (`caught_up`), so no reader sees the network of before a change
        that was acknowledged. Following in the commit cost each public write 8-23 ms of its
        acknowledgement at the 1M district on a quiet machine, 55 ms of its 150 ms of CPU
        under the publication benchmark's load, for a surface that no acknowledged change
        has to wait for."""
        with self._state_lock:
            self._unfollowed.append(change)
            self._owed += 1
            wake, self._queued = not self._queued, True
            if wake:
                self._woken = time.monotonic()
        if wake:
            _follower.wake(self)

    def caught_up(self) -> None:
        """Follow every change noted so far, or wait for the thread that follows them. A
        change that cannot be followed drops the network (`follow`): its reader rebuilds.
        The changes noted meanwhile are followed together: most of a follow's cost is the
        same for one change or several (copying the graph's dicts and the rows' tables)."""
        if not self._owed:
            return
        with self._follow_lock:
            while True:
                with self._state_lock:
                    changes = list(self._unfollowed)
                    self._unfollowed.clear()
                if not changes:
                    return
                try:
                    self.follow(*changes)
                except Exception:  # dropped by `follow`: the next reader builds anew
                    _log.warning(
                        "Netzwerk folgt nicht, wird neu aufgebaut / network not followed, "
                        "rebuilt by its next reader",
                        exc_info=True,
                    )
                finally:
                    with self._state_lock:
                        self._owed -= len(changes)

    def _follow_behind(self) -> None:
        """The follower thread's part: what was noted until now."""
        with self._state_lock:
            self._queued = False  # a change noted from here on wakes the thread again
        self.caught_up()

    def follow(self, *changes: Change) -> bool:
        """Follow committed changes: patch the rows and graphs with what they touched, drop
        the figures. True if followed; False if everything was dropped instead (nothing
        built yet, or a change it does not follow), to be rebuilt by the next reader.

        Called in the order of the commits, never while another `follow` runs (`noted`,
        `caught_up`; tests and the benchmark call it directly). Several changes at once
        are followed as one: the rows are read again after the last of them, so what each
        touched is read as it is now, as it would be by following them one by one."""
        began = time.perf_counter()
        with self._state_lock:
            version, raw, index, net = self.version, self._raw, self._index, self._graph
        if raw is None or index is None:
            self.invalidate()  # a build in progress may have read the store before the change
            return False
        store = self._source()
        try:
            keys: set[str] = set()
            for change in changes:
                touched = touched_keys(store, change)
                if touched is None:
                    self.invalidate()
                    return False
                keys |= touched
            patch = patch_rows(raw, index, keys, read_keyed(store, sorted_nodes(keys)))
            patched = None if net is None else patch_graph(net, patch)
        except RowCapExceeded:  # cannot happen for bound reads; if it did: rebuild
            self.invalidate()
            return False
        except BaseException:
            self.invalidate()  # the index may be half updated: never keep it
            raise
        with self._state_lock:
            if self.version != version or self._index is not index:
                followed = False  # dropped meanwhile: nothing of ours to keep
            else:
                followed = True
                # A graph a reader assembled meanwhile from the old rows is not kept.
                self._raw, self._graph = patch.raw, patched
            self._drop_structure()
            self._growth = None
            self.version += 1
        if followed:
            self.follows += 1
            self.follow_seconds = time.perf_counter() - began
        return followed

    def _keep(self, version: int, put: Callable[[], None]) -> None:
        """Keep a result unless an invalidation came while it was being built."""
        with self._state_lock:
            if version == self.version:
                put()

    def graph(self) -> nx.MultiDiGraph:
        """The network, labelled in both languages (`build.label`)."""
        self.caught_up()
        with self._state_lock:  # built: no wait behind a reader computing the figures
            built = self._graph
        if built is not None:
            return built
        with self._build_lock:
            with self._state_lock:
                version, raw, built = self.version, self._raw, self._graph
            if built is not None:
                return built
            began = time.perf_counter()
            index = None
            if raw is None:
                raw = read_rows(self._source())
                index = index_rows(raw)
                self.reads += 1
            built = assemble(raw)
            give_back()  # the rows' queries and their results, read whole
            self.build_seconds = time.perf_counter() - began

            def put() -> None:
                if index is not None:
                    self._raw, self._index = raw, index
                self._graph = built

            self._keep(version, put)
            return built

    def structure(self, lang: str = "de", as_of: str | None = None) -> dict[str, Any]:
        """The structure of the network (as of a point in time: its links then).

        Both languages' are computed at once and kept: the figures and what they choose are
        the same, only their words differ, and the figures are what costs
        (`analysis.figures`: 14 s at the 1M district, then 0.5 s a language)."""
        check_lang(lang)
        when = check_as_of(as_of)
        self.caught_up()
        computed_now = False
        with self._figures_lock:
            with self._state_lock:
                version, found = self.version, self._structure.get((lang, when))
            if found is None:
                computed_now = True
                net = as_of_network(self.graph(), when)
                computed = figures(net)
                both = {language: structure(net, language, computed) for language in LANGUAGES}
                give_back()  # the projection, centrality and communities, computed whole
                found = both[lang]

                def put() -> None:
                    if len(self._structure) + len(both) > MAX_AS_OF * len(LANGUAGES):
                        self._structure.clear()
                    self._structure.update(((language, when), s) for language, s in both.items())
                    for language in both:
                        self._previous.pop((language, when), None)

                self._keep(version, put)
        if computed_now and when is None:
            self._save()
        return found

    def latest_structure(
        self, lang: str = "de", as_of: str | None = None
    ) -> tuple[dict[str, Any], bool]:
        """The structure and whether it is the current one: after a change, while the new
        figures are computed (in a thread this starts), those of before the change, at once.
        A first reader, with no figures of before, waits for the current ones.

        A change moves the figures of the whole network only a little, and the page that
        shows the previous ones says so; a reader waiting 14 s for every change at the 1M
        district (37 s a language before `measures`) was no overview at all."""
        check_lang(lang)
        when = check_as_of(as_of)
        self._read_kept()
        self.caught_up()
        with self._state_lock:
            found = self._structure.get((lang, when))
            previous = self._previous.get((lang, when)) if found is None else None
            start = previous is not None and when not in self._computing
            if start:
                self._computing.add(when)
        if found is not None:
            return found, True
        if previous is None:
            return self.structure(lang, when), True
        if start:
            self._start_behind(lang, when)
        return previous, False

    def _start_behind(self, lang: str, when: str | None) -> None:
        """A thread that computes the figures (and, for now, the growth); its caller has put
        `when` in `_computing`, which the thread takes out when done."""
        threading.Thread(
            target=self._compute_behind, args=(lang, when), name="network-figures", daemon=True
        ).start()

    def _compute_behind(self, lang: str, when: str | None) -> None:
        try:
            self.structure(lang, when)
            if when is None:
                self._growth_days()  # the overview's other part, and both are then kept
        except Exception:  # a store closed at shutdown: the next reader tries again
            _log.warning(
                "Netzwerk-Kennzahlen nicht berechnet / network figures not computed",
                exc_info=True,
            )
        finally:
            with self._state_lock:
                self._computing.discard(when)

    def growth(self, as_of: str | None = None) -> list[dict[str, Any]]:
        """Growth per year; as of a point in time, what began up to it."""
        as_of = check_as_of(as_of)
        return _up_to(self._growth_days(), as_of)

    def latest_growth(self, as_of: str | None = None) -> tuple[list[dict[str, Any]], bool]:
        """Growth per year and whether it is the current one: while the network is being
        built (after a restart or a bulk load), that of before, at once; a thread builds it
        (the one `latest_structure` starts, or one started here)."""
        as_of = check_as_of(as_of)
        self._read_kept()
        self.caught_up()
        with self._state_lock:
            found, built = self._growth, self._graph is not None
            previous = self._previous_growth if found is None and not built else None
            start = previous is not None and None not in self._computing
            if start:
                self._computing.add(None)
        if previous is None:
            return _up_to(found if found is not None else self._growth_days(), as_of), True
        if start:
            self._start_behind("de", None)
        return _up_to(previous, as_of), False

    def _growth_days(self) -> dict[str, list[int]]:
        self.caught_up()
        computed_now = False
        with self._build_lock:
            with self._state_lock:
                version, found = self.version, self._growth
            if found is None:
                found = beginnings(self.graph())

                def put() -> None:
                    self._growth = found
                    self._previous_growth = None

                self._keep(version, put)
                computed_now = True
        if computed_now:
            self._save()
        return found

    # ---- kept across restarts ---------------------------------------------------------------

    def _read_kept(self) -> None:
        """Once: the last run's figures as the previous ones, unless figures of this run are
        there; nothing if the file is missing, damaged or of another form (then the first
        reader waits, as on a first start)."""
        if self._kept_read:
            return
        with self._save_lock:
            if self._kept_read:
                return
            self._kept_read = True
            assert self._kept is not None
            try:
                data = json.loads(self._kept.read_text(encoding="utf-8"))
                if data.get("format") != KEPT_FORMAT:
                    return
                structures = {lang: data["structures"][lang] for lang in LANGUAGES}
                days = {
                    str(day): [int(n) for n in counts] for day, counts in data["growth"].items()
                }
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                return
            with self._state_lock:
                for lang, kept in structures.items():
                    self._previous.setdefault((lang, None), kept)
                if self._previous_growth is None:
                    self._previous_growth = days

    def _save(self) -> None:
        """Keep the current figures of the whole network (now, in both languages) and the
        growth in the file, once both are there; a failure to write only logs."""
        if self._kept is None:
            return
        with self._save_lock:
            with self._state_lock:
                structures = {lang: self._structure.get((lang, None)) for lang in LANGUAGES}
                days = self._growth
            if days is None or any(s is None for s in structures.values()):
                return
            data = {"format": KEPT_FORMAT, "structures": structures, "growth": days}
            try:
                write_atomically(self._kept, json.dumps(data, ensure_ascii=False))
            except OSError:
                _log.warning(
                    "Netzwerk-Kennzahlen nicht gespeichert / network figures not kept",
                    exc_info=True,
                )


def _up_to(days: dict[str, list[int]], as_of: str | None) -> list[dict[str, Any]]:
    """Growth per year of what began by the last day `as_of` can mean (all without): as of
    May 2019, 2019's row counts what began by 31 May, and what was dated only "2019"."""
    bounds = as_of_bounds(as_of)
    return growth_rows(days, None if bounds is None else bounds[1])


class _Follower:
    """One thread for the process that follows what the caches noted, woken per cache.

    One thread that stays, not one per change: starting a thread waits for it to take the
    interpreter lock, 2-3 ms of each write under load. The queue holds a cache only until its
    changes are followed, so a cache nobody holds any more is not kept alive by it."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[NetworkCache] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def wake(self, cache: NetworkCache) -> None:
        self._queue.put(cache)
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="network-follow", daemon=True
                    )
                    self._thread.start()

    def _run(self) -> None:
        while True:
            cache = self._queue.get()
            time.sleep(max(0.0, cache._woken + FOLLOW_SETTLE - time.monotonic()))
            try:
                cache._follow_behind()
            except Exception:  # the thread stays for the other caches; readers catch up
                _log.warning("Netzwerk folgt nicht / network not followed", exc_info=True)
            del cache  # not kept alive while the thread waits for the next


_follower = _Follower()


def sorted_nodes(iris: set[str]) -> list[ox.NamedNode]:
    """`iris` as parsed IRIs, in a stable order (the values of a bound read)."""
    return [ox.NamedNode(iri) for iri in sorted(iris)]
