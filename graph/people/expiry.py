"""The consent expiry sweep: time passes without any write, so something must write.

A consent record with `ag:consentExpires` in the past still says `dpv:ConsentGiven` until a
change says otherwise; the privacy rule already treats it as invalid, but the public mirror,
search index, network and dumps follow commits, not the clock. `sweep` therefore commits one
change set (origin `consent-expiry`) that records `dpv:ConsentExpired` (and
`ag:consentStatusSince`) on each expired record; the write path (`people.consent
.with_withdrawals`) adds, in that same change, the unpublication of what the consent covered.
`serve` runs it at start-up and every hour; `akteursgraph consent sweep` runs it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from ..changes.model import ORIGIN_CONSENT_EXPIRY, ChangeMeta, default_author
from ..commit import Writer
from ..namespaces import AG, CONSENT_EXPIRED, CONSENT_GIVEN, HAS_CONSENT_STATUS
from ..resources import query
from ..store import Change, Store
from .consent import now_literal

__all__ = ["ORIGIN_CONSENT_EXPIRY", "SWEEP_INTERVAL", "Sweep", "expired_change", "sweep"]

#: How often `serve` sweeps (seconds).
SWEEP_INTERVAL = 3600

_STATUS = ox.NamedNode(HAS_CONSENT_STATUS)
_GIVEN = ox.NamedNode(CONSENT_GIVEN)
_EXPIRED = ox.NamedNode(CONSENT_EXPIRED)
_SINCE = ox.NamedNode(AG + "consentStatusSince")


@dataclass
class Sweep:
    """What a sweep ended: the records, and the change set that did it (None if nothing)."""

    records: list[str] = field(default_factory=list)
    change_id: str | None = None


def expired_change(store: Store, when: datetime | None = None) -> tuple[Change, list[str]]:
    """The change that marks every expired record as such (before the write path adds the
    unpublication), and the records' IRIs."""
    now = now_literal(when)
    add: list[ox.Quad] = []
    remove: list[ox.Quad] = []
    records: list[str] = []
    for row in store.select(query("consent/expired"), bindings={"now": now}):
        record, graph = row["record"], row["graph"]
        remove.append(ox.Quad(record, _STATUS, _GIVEN, graph))
        add.append(ox.Quad(record, _STATUS, _EXPIRED, graph))
        add.append(ox.Quad(record, _SINCE, now, graph))
        records.append(record.value)
    return Change(add=add, remove=remove), records


def sweep(store: Store, *, writer: Writer | None = None, when: datetime | None = None) -> Sweep:
    """End every expired consent in one validated change set; nothing if none expired."""
    change, records = expired_change(store, when)
    if not records:
        return Sweep()
    meta = ChangeMeta(
        author=default_author(),
        origin=ORIGIN_CONSENT_EXPIRY,
        comment=f"consent expiry: {len(records)} record(s)",
        detail={"records": records},
    )
    commit = (writer or Writer(store)).commit(change, meta)
    return Sweep(records=records, change_id=commit.change_id)


class Sweeper:
    """Sweeps once now and then every `interval` seconds in a daemon thread, through `writer`
    (the server's one writer, so its subscribers publish the unpublication)."""

    def __init__(self, store: Store, writer: Writer, interval: float = SWEEP_INTERVAL) -> None:
        import threading

        self.store, self.writer, self.interval = store, writer, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Sweep:
        """Sweep now (before the server answers anything), then start the periodic thread."""
        import threading

        first = sweep(self.store, writer=self.writer)
        if self.interval > 0:
            self._thread = threading.Thread(target=self._run, name="consent-sweep", daemon=True)
            self._thread.start()
        return first

    def _run(self) -> None:
        import logging

        while not self._stop.wait(self.interval):
            try:
                # Under the write lock from its first read: an erasure in the running server
                # closes the store while it holds the lock.
                with self.writer.lock:
                    sweep(self.store, writer=self.writer)
            except Exception:  # a failed sweep is retried at the next interval
                logging.getLogger(__name__).exception("consent sweep failed")

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
