"""The one write path: validate, apply, then tell whoever keeps derived data.

Every writer calls `Writer.commit`: the CLI's `init` and `load`, the SPARQL update endpoint,
and (next) forms, imports, reverts and erasures. A change is validated against the shapes and
the privacy rules on what it touches, applied in one transaction (all or nothing), and only
then announced to the subscribers: the public snapshot the query workers read, the search
index, the network cache and the page caches. So no writer has to know what is derived from
the store, and nothing derived can run ahead of what was committed.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

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


Subscriber = Callable[[Commit], None]


class Writer:
    """The single writer of a store in this process.

    One lock orders the commits, so subscribers see them in the order they were applied.
    """

    def __init__(self, store: Store, validator: Validator | None = None) -> None:
        self.store = store
        self.validator = validator or Validator.default()
        self._subscribers: list[tuple[str, Subscriber]] = []
        self._lock = threading.Lock()

    def subscribe(self, name: str, subscriber: Subscriber) -> None:
        """Call `subscriber` after every commit, under the write lock, in order."""
        self._subscribers.append((name, subscriber))

    def commit(self, change: Change) -> Commit:
        """Validate `change`, apply it atomically, then notify the subscribers.

        Raises `ValidationFailed` (nothing written) when it breaks a rule.
        """
        with self._lock:
            report = self.validator.validate_change(self.store, change)
            report.raise_for_violations()
            self.store.apply(change)
            commit = Commit(
                change=change,
                added=len(change.add),
                removed=len(change.remove),
                warnings=report,
                touches_public=_touches_public(self.store, change),
            )
            for name, subscriber in self._subscribers:
                try:
                    subscriber(commit)
                except Exception as exc:  # the commit stands; say what is now stale
                    print(f"akteursgraph: after a commit, {name} failed: {exc!r}", file=sys.stderr)
                    commit.stale.append(name)
        return commit


def commit(store: Store, change: Change) -> Commit:
    """Commit one change with no subscribers: for processes that derive nothing (the CLI)."""
    return Writer(store).commit(change)


def _touches_public(store: Store, change: Change) -> bool:
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
