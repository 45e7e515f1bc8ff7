"""The one write path: validate, apply, then tell whoever keeps derived data.

Every writer calls `Writer.commit`: the CLI's `init` and `load`, the SPARQL update endpoint,
reverts, published drafts, and (next) forms, imports and erasures. A change is validated
against the shapes and the privacy rules on what it touches, recorded as a change set in the
store's history (`akteursgraph.changes`), applied in one transaction (all or nothing), and only
then announced to the subscribers: the public snapshot the query workers read, the search
index, the network cache and the page caches. So no writer has to know what is derived from
the store, nothing derived can run ahead of what was committed, and no write goes unrecorded.
Whether a change waits for review first is decided before, in `akteursgraph.changes.submit`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from .changes.history import History
from .changes.model import APPLYING, ChangeMeta, Review, effective_delta
from .people.consent import with_withdrawals
from .store import Change, Store
from .validation import ValidationReport, Validator


@dataclass(frozen=True)
class Commit:
    """What a committed change did: counts, the warnings it passed with, and its quads."""

    change: Change
    added: int
    removed: int
    warnings: ValidationReport
    #: Whether any added or removed quad is in a public graph (else public data is unchanged).
    touches_public: bool
    #: Subscribers that failed after the commit: their derived data may be stale until the
    #: next commit or restart. The commit itself stands.
    stale: list[str] = field(default_factory=list)
    #: The change set in the history that records this commit.
    change_id: str | None = None


Subscriber = Callable[[Commit], None]


class Writer:
    """The single writer of a store in this process.

    One lock orders the commits, so subscribers see them in the order they were applied and
    each change set's base versions are the versions it was really applied on. The lock is
    re-entrant: review and revert hold it while they check for conflicts and then commit.
    """

    def __init__(
        self, store: Store, validator: Validator | None = None, history: History | None = None
    ) -> None:
        self.store = store
        self.validator = validator or Validator.default()
        self.history = history or History(store.path)
        self._subscribers: list[tuple[str, Subscriber]] = []
        self.lock = threading.RLock()
        if not store.read_only:
            # A write cut off by a crash: settle its change set by what the store holds.
            self.history.reconcile(store.dataset)

    def subscribe(self, name: str, subscriber: Subscriber) -> None:
        """Call `subscriber` after every commit, under the write lock, in order."""
        self._subscribers.append((name, subscriber))

    def commit(
        self, change: Change, meta: ChangeMeta | None = None, *, review: Review | None = None
    ) -> Commit:
        """Validate `change`, record it, apply it atomically, then notify the subscribers.

        `meta` says who, why and from where (default: the login name, origin `core`);
        `review` publishes the draft it names instead of recording a new change set.
        Raises `ValidationFailed` (nothing written, nothing recorded) when it breaks a rule.
        """
        meta = meta or ChangeMeta.default()
        with self.lock:
            # A consent withdrawal unpublishes, in this same change, what depended on it.
            change = with_withdrawals(self.store, change)
            report = self.validator.validate_change(self.store, change)
            report.raise_for_violations()
            delta = effective_delta(self.store.dataset, change)
            public = touches_public(self.store, change)
            if review is None:
                change_id = self.history.begin(
                    meta, delta, status=APPLYING, review=False, touches_public=public
                )
            else:
                change_id = review.change_id
                self.history.begin_publish(review, delta)
            try:
                self.store.apply(change)
            except BaseException as exc:
                self.history.fail(change_id, repr(exc))
                raise
            self.history.finish(change_id, delta.touched)
            commit = Commit(
                change=change,
                added=len(change.add),
                removed=len(change.remove),
                warnings=report,
                touches_public=public,
                change_id=change_id,
            )
            for name, subscriber in self._subscribers:
                try:
                    subscriber(commit)
                except Exception as exc:  # the commit stands; say what is now stale
                    print(f"akteursgraph: after a commit, {name} failed: {exc!r}", file=sys.stderr)
                    commit.stale.append(name)
        return commit


def commit(store: Store, change: Change, meta: ChangeMeta | None = None) -> Commit:
    """Commit one change with no subscribers: for processes that derive nothing (the CLI)."""
    return Writer(store).commit(change, meta)


def touches_public(store: Store, change: Change) -> bool:
    """Whether any added or removed quad is in a public graph."""
    prefix = store.public_prefix
    if isinstance(change.add, list):
        added = any(store.is_public_graph(q.graph_name) for q in change.add)
    else:  # a load's in-memory store: ask for its public graphs, not for every quad
        added = any(
            g.value.startswith(prefix)
            for g in change.add.named_graphs()
            if hasattr(g, "value")
        )
    return added or any(store.is_public_graph(q.graph_name) for q in change.remove)
