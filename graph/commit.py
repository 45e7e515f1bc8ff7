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

import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from .changes.history import History
from .changes.model import APPLYING, ChangeMeta, Delta, Draft, Review, effective_delta
from .errors import StoreError
from .findings import ValidationReport
from .people.consent import with_withdrawals
from .publish.dumps import withhold
from .store import Change, Store
from .validation import Validator


@dataclass(frozen=True)
class Commit:
    """What a committed change did: counts, the warnings it passed with, and its quads."""

    change: Change
    added: int
    removed: int
    warnings: ValidationReport
    #: Whether any added or removed quad is in a public graph (else public data is unchanged).
    touches_public: bool
    #: What failed after the commit (the history's record of it, or a subscriber): stale
    #: until the next commit retries it (`Writer.catch_up`). The commit itself stands.
    stale: list[str] = field(default_factory=list)
    #: The change set in the history that records this commit.
    change_id: str | None = None
    #: Whether it removed a quad from a public graph: derived data behind this commit would
    #: show what is gone (`Writer.withholds`).
    removes_public: bool = False


Subscriber = Callable[[Commit], None]
#: Told of each new draft (`changes.review.submit`): the reviewers' mail, say.
DraftListener = Callable[[Draft], None]


class Writer:
    """The single writer of a store in this process.

    One lock orders the commits, so subscribers see them in the order they were applied and
    each change set's base versions are the versions it was really applied on. The lock is
    re-entrant: review and revert hold it while they check for conflicts and then commit.
    """

    def __init__(
        self,
        store: Store,
        validator: Validator | None = None,
        history: History | None = None,
        *,
        alone: bool = False,
    ) -> None:
        self.store = store
        #: Whether this writer is alone with the store in its process (the CLI's `load`):
        #: nothing in the process reads the store while it writes, so a bulk write may run
        #: side by side with its own checks (`Store.apply`'s `alongside`). Never in `serve`:
        #: its pages would read a bulk write before it has been checked.
        self.alone = alone
        self.validator = validator or Validator.default()
        self.history = history or History(store.path)
        self._subscribers: list[tuple[str, Subscriber]] = []
        self._draft_listeners: list[tuple[str, DraftListener]] = []
        #: What a commit left stale (a full disk, say), retried before the next commit:
        #: the history's record of committed changes, and subscribers with their commit.
        self._history_unsettled = False
        self.pending: list[tuple[str, Subscriber, Commit]] = []
        self.lock = threading.RLock()
        #: Set by `close`: the process is stopping, and no commit may start.
        self.closed = False
        #: Changes the server has received (`receiving`), and whether it takes no more.
        self._received = threading.Condition()
        self._in_hand = 0
        self._stopping = False
        self._receiver = threading.local()  # how deep this thread is in `receiving`
        if not store.read_only:
            # A write cut off by a crash: settle its change set by what the store holds.
            self.history.reconcile(store.dataset)

    def close(self) -> None:
        """Wait for the commit under way, if any, and its subscribers; refuse every later
        one. A stopping server (SIGTERM) closed the store and the public mirror while a
        load went on committing, so its delta reached the mirror without a snapshot: after
        the restart `/sparql` and the dumps lacked it, and pages and search had it."""
        with self._received:
            self._stopping = True  # a change sent from now on is refused at once
            while self._in_hand:  # one received before is committed first
                self._received.wait()
        with self.lock:
            self.closed = True

    @contextlib.contextmanager
    def receiving(self) -> Iterator[None]:
        """A request that may write (the CLI's, to the server's `/api/changes`; a staff form,
        an import, a SPARQL update): refused once the server stops, and one received before
        holds the stop until it is done. A change sent while a stopping server ended a long
        commit waited for the write lock, and its answer was cut off as the server exited
        ("whether it carried it out is open"); a reviewer's publication sent after the stop
        began was committed. Re-entrant within a thread."""
        depth = getattr(self._receiver, "depth", 0)
        with self._received:
            if self._stopping and not depth:
                raise self._stopping_error()
            self._in_hand += 1
        self._receiver.depth = depth + 1
        try:
            yield
        finally:
            self._receiver.depth = depth
            with self._received:
                self._in_hand -= 1
                self._received.notify_all()

    def _stopping_error(self) -> StoreError:
        return StoreError(
            "Der Server wird beendet; nichts wurde geschrieben. Bitte nach dem "
            "Neustart noch einmal senden.",
            "The server is stopping; nothing was written. Please send it again "
            "once it has restarted.",
            where=str(self.store.path),
        )

    def prepare(self) -> None:
        """Make now what the first validated write would make: the validator's compiled checks
        and its rule of what a change must read again. The web app calls it when it is made
        (before `serve` freezes the start-up heap), so that an editor's first change after a
        start does not wait for it: its acknowledgement took 0.7 s at the 1M district in the
        publication benchmark, and 1.1 s in-process, against about 0.1 s for the next ones."""
        _ = self.validator.revalidation_rule

    def subscribe(self, name: str, subscriber: Subscriber) -> None:
        """Call `subscriber` after every commit, under the write lock, in order."""
        self._subscribers.append((name, subscriber))

    def on_draft(self, name: str, listener: DraftListener) -> None:
        """Call `listener` with each draft saved for review (after it is recorded)."""
        self._draft_listeners.append((name, listener))

    def drafted(self, draft: Draft) -> None:
        """Tell the listeners of a new draft. One that fails is logged: the draft stands."""
        for name, listener in self._draft_listeners:
            try:
                listener(draft)
            except Exception as exc:  # a listener never undoes a saved draft
                print(f"akteursgraph: draft listener {name} failed: {exc}", file=sys.stderr)

    def commit(
        self,
        change: Change,
        meta: ChangeMeta | None = None,
        *,
        review: Review | None = None,
        withdrawals_added: bool = False,
    ) -> Commit:
        """Validate `change`, record it, apply it atomically, then notify the subscribers.

        `meta` says who, why and from where (default: the login name, origin `core`);
        `review` publishes the draft it names instead of recording a new change set.
        `withdrawals_added`: the caller holds this writer's lock and has already passed the
        change through `with_withdrawals` (`changes.submit`), which for a load reads every
        consent statement it holds (0.8 s at the 1M district), so it is not done twice.
        Raises `ValidationFailed` (nothing written, nothing recorded) when it breaks a rule.
        """
        meta = meta or ChangeMeta.default()
        if self.store.read_only:  # refused before anything is written, the history too
            raise StoreError(
                "Der Speicher ist nur zum Lesen geöffnet (beim Start war der Datenträger voll; "
                "nach dem Freigeben von Platz neu starten).",
                "The store is open for reading only (the disk was full at start-up; restart "
                "once there is room).",
                where=str(self.store.path),
            )
        with self.lock:
            # Once stopping, only what was received before: not a background commit, nor a
            # request that waited for the lock outside `receiving`.
            if self.closed or (self._stopping and not getattr(self._receiver, "depth", 0)):
                raise self._stopping_error()
            self.catch_up()
            # A consent withdrawal unpublishes, in this same change, what depended on it.
            if not withdrawals_added:
                change = with_withdrawals(self.store, change)
            checked: list[tuple[ValidationReport, Delta, bool, str]] = []

            def check_and_record(before: Store) -> None:
                """Validate on the store before the change, then record the change set."""
                report = self.validator.validate_change(before, change)
                report.raise_for_violations()
                if change.unpublished:  # before the write: a crash after it leaves the note
                    self._withhold_from_dumps(change.unpublished, change.unpublished_people)
                delta = effective_delta(before.dataset, change)
                public = touches_public(before, change)
                if review is None:
                    change_id = self.history.begin(
                        meta, delta, status=APPLYING, review=False, touches_public=public
                    )
                else:
                    change_id = review.change_id
                    self.history.begin_publish(review, delta)
                checked.append((report, delta, public, change_id))

            if not self.alone:
                check_and_record(self.store)
            try:
                # Alone with the store, a bulk write runs while it is checked (the store
                # puts it back unless the checks pass); else it starts once they have.
                if self.alone:
                    self.store.apply(change, alongside=check_and_record)
                else:
                    self.store.apply(change)
            except BaseException as exc:
                if checked:
                    self._record_failure(checked[0][3], exc)
                raise
            report, delta, public, change_id = checked[0]
            # Committed: from here on nothing may say otherwise (see `_settle`).
            settled = self._settle(change_id, delta.touched)
            return self._announce(change, report, delta, public, change_id, settled)

    def _withhold_from_dumps(self, quads: list[ox.Quad], people: list[ox.NamedNode]) -> None:
        """A consent's end took public statements away: note them (and the people no longer
        named), so the dump maker takes them out of every earlier version kept for download
        (`publish.dumps.withhold`). The commit stands if the note cannot be written; the
        failure is said."""
        try:
            withhold(self.store.path, quads, people)
        except OSError as exc:
            print(
                f"akteursgraph: the dumps could not be told what a consent's end took away: "
                f"{exc!r}",
                file=sys.stderr,
            )

    def _record_failure(self, change_id: str, exc: BaseException) -> None:
        """The store refused the write: mark its change set failed. If the history cannot be
        written either (the disk is full), the change set stays `applying` and is settled
        by what the store holds before the next commit (`History.reconcile`)."""
        try:
            self.history.fail(change_id, repr(exc))
        except Exception as failed:
            print(f"akteursgraph: the history could not record a failed write: {failed!r}",
                  file=sys.stderr)  # fmt: skip
            self._history_unsettled = True

    def _settle(self, change_id: str, touched: object) -> bool:
        """Mark a committed change set applied; False if the history could not be written.

        The commit is the store's write: a failure after it (a full disk) must not turn into
        an error that says the change was not made. The change set stays `applying`, the
        commit names the history as stale, and the next commit settles it by what the store
        holds."""
        try:
            self.history.finish(change_id, touched)  # type: ignore[arg-type]
        except Exception as exc:
            print(f"akteursgraph: after a commit, the history failed: {exc!r}", file=sys.stderr)
            self._history_unsettled = True
            return False
        return True

    def catch_up(self) -> list[str]:
        """Retry what earlier commits left stale; returns what is still stale.

        Called before every commit (so the next write recovers once the disk has room again)
        and by whoever must not serve stale data (the web app, for a removal its public side
        has not taken yet)."""
        with self.lock:
            if self._history_unsettled:
                try:
                    self.history.reconcile(self.store.dataset)
                    self._history_unsettled = False
                except Exception as exc:
                    print(f"akteursgraph: the history is still stale: {exc!r}", file=sys.stderr)
            still: list[tuple[str, Subscriber, Commit]] = []
            for name, subscriber, commit in self.pending:
                if still and any(n == name for n, _, _ in still):
                    still.append((name, subscriber, commit))  # in order, after the first
                    continue
                try:
                    subscriber(commit)
                except Exception as exc:
                    print(f"akteursgraph: {name} is still stale: {exc!r}", file=sys.stderr)
                    still.append((name, subscriber, commit))
            self.pending = still
            return self.stale

    def owe(self, name: str, retry: Subscriber, commit: Commit) -> None:
        """Note that `name` fell behind on `commit` outside the commit (a subscriber's own
        thread failed later): it is stale, retried by `catch_up`, and the subscriber's next
        commits wait in line after it, as when a subscriber fails in the commit."""
        with self.lock:
            self.pending.insert(
                next((i for i, (n, _, _) in enumerate(self.pending) if n == name),
                     len(self.pending)),
                (name, retry, commit),
            )  # fmt: skip

    @property
    def stale(self) -> list[str]:
        """What is stale now: `history` and the names of subscribers behind the store."""
        names = ["history"] if self._history_unsettled else []
        return names + list(dict.fromkeys(name for name, _, _ in self.pending))

    def withholds(self) -> bool:
        """Whether derived data may still show something the store no longer holds: a
        subscriber is behind on a commit that removed public data."""
        return any(commit.removes_public for _, _, commit in self.pending)

    def _announce(
        self,
        change: Change,
        report: ValidationReport,
        delta: Delta,
        public: bool,
        change_id: str | None,
        settled: bool = True,
    ) -> Commit:
        """The commit, told to each subscriber in order (under the write lock). Its counts
        are what it really did (`delta`), as its change set records them: a DELETE DATA of
        a statement the store lacks was reported as "1 removed"."""
        commit = Commit(
            change=change,
            added=delta.added_count,
            removed=delta.removed_count,
            warnings=report,
            touches_public=public,
            change_id=change_id,
            removes_public=public
            and any(self.store.is_public_graph(q.graph_name) for q in change.remove),
        )
        if not settled:
            commit.stale.append("history")
        for name, subscriber in self._subscribers:
            if any(n == name for n, _, _ in self.pending):
                # Still behind on an earlier commit: this one waits in line after it.
                self.pending.append((name, subscriber, commit))
                commit.stale.append(name)
                continue
            try:
                subscriber(commit)
            except Exception as exc:  # the commit stands; say what is now stale
                print(f"akteursgraph: after a commit, {name} failed: {exc!r}", file=sys.stderr)
                commit.stale.append(name)
                self.pending.append((name, subscriber, commit))
        return commit


def commit(store: Store, change: Change, meta: ChangeMeta | None = None) -> Commit:
    """Commit one change with no subscribers: for processes that derive nothing (the CLI)."""
    return Writer(store).commit(change, meta)


def touches_public(store: Store, change: Change) -> bool:
    """Whether any added or removed quad is in a public graph."""
    return store.touches_public(change)
