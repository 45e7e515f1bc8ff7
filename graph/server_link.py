"""One writer for a store, even with several processes: a CLI write goes through a running server.

The embedded store admits one writing process. While `akteursgraph serve` runs, it holds the
store, and a CLI `load` (or `revert`, `publish`, ...) would answer "store in use". Instead, `serve`
leaves a note in the store folder (`server.json`: its loopback URL, its process id and a secret
made at start, readable by the operator's account only), and the CLI sends its change there: the
server commits it through its own write path, as one change set like any other, and the
subscribers (public side, search, caches) follow at once. Never two writers on the store files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .changes import ChangeMeta, Draft, publish, revert, submit
from .commit import Commit, Writer
from .errors import AkteursgraphError, InvalidDataError, StoreError, UsageError
from .findings import Finding, ValidationReport
from .store import CONFIG_FILE, Change, Store

if TYPE_CHECKING:
    from .people.erasure import ErasureReport, ServedStore
    from .people.expiry import Sweep

SERVER_FILE = "server.json"
#: Written by `serve` as it starts, before it opens the store (its process id): until
#: `server.json` is written, a CLI write waits for it (`starting`) rather than answering
#: "store in use" (a start-up takes 10 to 30 s at a million quads).
STARTING_FILE = "server-starting.json"
#: The route of the running server that takes changes from the CLI (loopback, secret token).
CHANGES_ROUTE = "/api/changes"


@dataclass(frozen=True)
class ServerLink:
    url: str
    pid: int
    token: str


def announce(store_path: Path, url: str) -> str:
    """Write the note for CLI writers; returns the secret they must send. Owner-only file."""
    token = secrets.token_urlsafe(32)
    note = json.dumps({"url": url, "pid": os.getpid(), "token": token})
    path = Path(store_path) / SERVER_FILE
    tmp = path.with_name(SERVER_FILE + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(note)
    os.replace(tmp, path)
    with contextlib.suppress(FileNotFoundError):
        (Path(store_path) / STARTING_FILE).unlink()  # started
    return token


def withdraw(store_path: Path) -> None:
    """Remove this process's notes when its server stops (a stale note is also ignored: see
    `find`). Only its own: a second `serve`, refused because the store is served, removed
    the first server's note, and every CLI write answered "store in use" until a restart."""
    for name in (SERVER_FILE, STARTING_FILE):
        if _noted_pid(Path(store_path) / name) == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                (Path(store_path) / name).unlink()


def announce_start(store_path: Path) -> None:
    """Note that this process is starting to serve the store (see `STARTING_FILE`), unless
    another server of it is starting or serving (this one will be refused: its note would
    stand for it). Without a store folder (or room on the disk) there is no note: `serve`
    then says why it cannot start, or starts without it."""
    if other_server(store_path) is not None:
        return
    with contextlib.suppress(OSError):
        (Path(store_path) / STARTING_FILE).write_text(json.dumps({"pid": os.getpid()}), "utf-8")


def starting(store_path: Path) -> int | None:
    """The process id of a server of this store that is still starting, if one lives."""
    pid = _noted_pid(Path(store_path) / STARTING_FILE)
    return pid if pid is not None and _alive(pid) else None


def other_server(store_path: Path) -> int | None:
    """The process id of another process's server of this store, serving or starting."""
    link = find(store_path)
    for pid in (link.pid if link else None, starting(store_path)):
        if pid is not None and pid != os.getpid():
            return pid
    return None


def _noted_pid(path: Path) -> int | None:
    """The process id a note (`SERVER_FILE`, `STARTING_FILE`) names, if it is readable."""
    try:
        return int(json.loads(path.read_text("utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    """Whether the process `pid` lives (another account's too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another account's: the request will tell
    return True


def find(store_path: Path) -> ServerLink | None:
    """The running server of this store, if there is one (its process still lives)."""
    try:
        note = json.loads((Path(store_path) / SERVER_FILE).read_text(encoding="utf-8"))
        link = ServerLink(str(note["url"]), int(note["pid"]), str(note["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return link if _alive(link.pid) else None


def refuse_while_served(store_path: Path) -> None:
    """Raise `StoreError` if a server or another process holds the store: for the commands
    that replace the store's files (`init --force`, `restore`), which must never pull them
    from under a running server (it would go on writing, a second writer beside the next
    CLI write)."""
    store_path = Path(store_path).absolute()
    if find(store_path) is not None:
        raise StoreError(
            f"Der Speicher {store_path} wird bedient: zuerst den Server anhalten.",
            f"The store {store_path} is being served: stop the server first.",
            where=str(store_path),
        )
    if (store_path / CONFIG_FILE).exists():
        Store.open(store_path).close()  # fails while another process holds it


@dataclass(frozen=True)
class Applied:
    """A change the running server applied (the CLI prints it as it prints a local commit)."""

    change_id: str | None
    added: int
    removed: int
    warnings: ValidationReport
    #: What the server could not bring up to date after the commit (it stands).
    stale: tuple[str, ...] = ()
    #: The people whose public naming the change ended (`Change.unpublished_people`).
    unpublished: tuple[str, ...] = ()


def encode_change(change: Change, meta: ChangeMeta) -> dict[str, Any]:
    """A change as the CLI sends it: N-Quads (blank-node labels kept) and its metadata."""
    add = change.add if isinstance(change.add, ox.Store) else list(change.add)
    nquads = ox.RdfFormat.N_QUADS
    return {
        "op": "submit",
        "add": (ox.serialize(add, format=nquads) or b"").decode("utf-8"),
        "remove": (ox.serialize(change.remove, format=nquads) or b"").decode("utf-8"),
        "meta": dataclasses.asdict(meta),
        "journal_seen": change.journal_seen,
    }


def handle(writer: Writer, body: bytes, served: ServedStore | None = None) -> dict[str, Any]:
    """The server's side: carry out what the CLI sent, through the server's one writer
    (an erasure through `served`, the server's parts it stops and starts again). Its
    route, a POST, is received by the writer like every request that may write: refused
    once the server stops (`Writer.receiving`, in the web app)."""
    try:
        data = json.loads(body)
        op = data["op"]
        if op == "submit":
            nquads = ox.RdfFormat.N_QUADS
            change = Change(
                add=list(ox.parse(data["add"].encode("utf-8"), format=nquads)),
                remove=list(ox.parse(data["remove"].encode("utf-8"), format=nquads)),
                journal_seen=_whole_or_none(data.get("journal_seen")),
            )
            meta = ChangeMeta(**data["meta"])
        elif op in ("publish", "revert"):
            change_id, person = _text(data, "change_id"), _text(data, "person")
            comment = _text(data, "comment", required=op == "revert")
        elif op == "backup":
            target = Path(_text(data, "target"))
        elif op == "forget":
            iri, reason = _text(data, "iri"), _text(data, "reason")
            author = _text(data, "author", required=False) or None
        elif op != "sweep":
            raise KeyError(op)
    except (ValueError, KeyError, TypeError, AttributeError, SyntaxError) as exc:
        raise UsageError(
            "Die Änderung ist nicht lesbar (JSON: op; bei submit add und remove als N-Quads "
            "und meta; bei publish und revert change_id, person, comment; bei backup target; "
            "bei forget iri, reason, author; sweep ohne weitere Angaben).",
            "The change is not readable (JSON: op; for submit add and remove as N-Quads and "
            "meta; for publish and revert change_id, person, comment; for backup target; for "
            "forget iri, reason, author; sweep without more).",
            where=CHANGES_ROUTE,
        ) from exc
    if op == "forget" and served is not None:
        from .people.erasure import forget_served

        return {"forget": forget_served(served, iri, reason=reason, author=author).summary()}
    # Under the write lock from the first read of the store on: an erasure in this server
    # closes the store while it holds the lock (these requests pass its gate uncounted).
    with writer.lock:
        if op == "submit":
            left_out = _erased_since(writer.store, change)
            return {**_outcome(submit(writer, change, meta)), "left_out": left_out}
        if op == "publish":
            return _outcome(publish(writer, change_id, reviewer=person, comment=comment))
        if op == "backup":
            from .backup import take_backup

            # between two commits: the store and its history agree
            return {"backup": take_backup(writer.store, target)}
        if op == "revert":
            return _outcome(
                revert(writer, change_id, author=person, comment=comment, operator=True)
            )
        if op == "sweep":
            from .people.expiry import sweep

            done = sweep(writer.store, writer=writer)
            return {"sweep": {"records": done.records, "change_id": done.change_id}}
    raise UsageError(f"Unbekannte Operation {op!r}.", f"Unknown operation {op!r}.")


def _whole_or_none(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("journal_seen")
    return value


def _erased_since(store: Store, change: Change) -> int:
    """Drop from a load what an erasure made since the CLI read the journal names; returns
    how many statements went. Called under the write lock, which a served erasure holds
    too: a person erased while a large load was read in the CLI came back with it, its
    e-mail address and notes, both commands reporting success (walk, 150,000 quads)."""
    from .people.journal import Journal, drop_journalled

    journal = Journal(store.path)
    if change.journal_seen is None or len(journal) <= change.journal_seen:
        return 0
    staged = ox.Store()
    staged.bulk_extend(change.add)
    dropped, _namesakes = drop_journalled(staged, journal)  # the CLI named those already
    if dropped:
        change.add = list(staged)
    return dropped


def _text(data: dict[str, Any], key: str, *, required: bool = True) -> str:
    """A text field of the CLI's request (a missing or non-text one is unreadable)."""
    value = data[key] if required else data.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _outcome(outcome: Commit | Draft) -> dict[str, Any]:
    return {
        "draft": isinstance(outcome, Draft),
        "change_id": outcome.change_id,
        "added": outcome.added,
        "removed": outcome.removed,
        "touches_public": outcome.touches_public,
        "warnings": [dataclasses.asdict(f) for f in outcome.warnings.warnings],
        "stale": list(getattr(outcome, "stale", [])),
        "unpublished": [
            p.value for p in getattr(getattr(outcome, "change", None), "unpublished_people", ())
        ],
    }


def submit_change(link: ServerLink, change: Change, meta: ChangeMeta) -> Applied | Draft:
    """Send a change to the running server; it applies it or saves it as a draft."""
    data = _post(link, encode_change(change, meta))
    if data.get("left_out"):
        import sys

        print(
            f"akteursgraph: {data['left_out']} Aussagen über eine Person ausgelassen, die "
            "gelöscht wurde, während die Dateien gelesen wurden (Löschjournal) / statements "
            "about a person erased while the files were read left out (erasure journal)",
            file=sys.stderr,
        )
    return _result(data)


def act(link: ServerLink, op: str, change_id: str, person: str, comment: str) -> Applied | Draft:
    """Ask the running server to publish or revert a change set."""
    data = {"op": op, "change_id": change_id, "person": person, "comment": comment}
    return _result(_post(link, data))


def backup_through(link: ServerLink, target: Path) -> dict[str, Any]:
    """Ask the running server for a backup into `target` (taken under its write lock)."""
    return dict(_post(link, {"op": "backup", "target": str(Path(target).absolute())})["backup"])


def sweep_through(link: ServerLink) -> Sweep:
    """Ask the running server to end the consents that have expired (`people.expiry.sweep`,
    through its one writer, so that its public side follows at once). `consent sweep`
    answered "store in use" while `serve` ran, where the issue asks a CLI write to go
    through the running server."""
    from .people.expiry import Sweep

    done = _post(link, {"op": "sweep"})["sweep"]
    return Sweep(records=list(done["records"]), change_id=done["change_id"])


def forget_through(link: ServerLink, iri: str, reason: str, author: str | None) -> ErasureReport:
    """Ask the running server to erase a person (`people.erasure.forget_served`): the same
    erasure as offline, with the server's parts stopped around it and rebuilt after."""
    from .people.erasure import ErasureReport

    data = {"op": "forget", "iri": iri, "reason": reason, "author": author or ""}
    return ErasureReport(**_post(link, data)["forget"])


def _result(data: dict[str, Any]) -> Applied | Draft:
    report = ValidationReport([Finding(**f) for f in data["warnings"]])
    counts = (data["change_id"], data["added"], data["removed"], report)
    if data["draft"]:
        return Draft(*counts, touches_public=data["touches_public"])
    return Applied(
        *counts,
        stale=tuple(data.get("stale", ())),
        unpublished=tuple(data.get("unpublished", ())),
    )


#: Seconds without an answer after which the CLI says that it waits: a big load takes the
#: server minutes, and a server that hangs left the CLI silent (walk: stopped for 90 s).
WAITING_NOTICE_AFTER = 10.0


def _post(link: ServerLink, data: dict[str, Any]) -> dict[str, Any]:
    # Imported here: urllib's HTTP client (with http.client and the email package) costs
    # every command about 40 ms, and only a write beside a running server sends anything.
    import sys
    import threading
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        link.url + CHANGES_ROUTE,
        data=json.dumps(data).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {link.token}"},
    )
    notice = threading.Timer(
        WAITING_NOTICE_AFTER,
        lambda: print(
            f"akteursgraph: wartet auf die Antwort des laufenden Servers ({link.url}, Prozess "
            f"{link.pid}) / waiting for the running server's answer",
            file=sys.stderr,
            flush=True,
        ),
    )
    notice.daemon = True
    notice.start()
    try:
        with urllib.request.urlopen(request, timeout=3600) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        with err:
            raise _refusal(err.code, err.read()) from None
    except (ConnectionRefusedError, urllib.error.URLError) as exc:
        if not isinstance(getattr(exc, "reason", exc), ConnectionRefusedError):
            raise _no_answer(link, exc) from exc
        # urllib wraps the refusal in a URLError: caught as an OSError, it had been said as
        # an answer that never came after the request (re-check).
        raise StoreError(
            f"Der laufende Server ({link.url}) antwortet nicht: {exc}. Nichts wurde gesendet, "
            "nichts geändert.",
            f"The running server ({link.url}) does not answer: {exc}. Nothing was sent, "
            "nothing changed.",
        ) from exc
    except OSError as exc:
        raise _no_answer(link, exc) from exc
    finally:
        notice.cancel()


def _no_answer(link: ServerLink, exc: BaseException) -> StoreError:
    """Sent, and then no answer (the server stopped or hung): it may have done it. A retry
    had loaded the same files a second time (walk: kill -9 during a load)."""
    return StoreError(
        f"Der laufende Server ({link.url}) hat nicht geantwortet, nachdem die Anfrage "
        f"gesendet war ({exc}): ob er sie ausgeführt hat, ist offen. Vor einem neuen "
        "Versuch nachsehen: `akteursgraph history IRI` (eine betroffene Entität), "
        "`akteursgraph drafts` oder die Liste der Änderungen im Arbeitsbereich; ein "
        "abgebrochener Server bringt beim nächsten Start alles auf einen Stand.",
        f"The running server ({link.url}) did not answer after the request was sent "
        f"({exc}): whether it carried it out is open. Before trying again, look: "
        "`akteursgraph history IRI` (an entity it touches), `akteursgraph drafts` or the "
        "workspace's list of changes; a server that was stopped settles everything at "
        "its next start.",
    )


def _refusal(status: int, body: bytes) -> AkteursgraphError:
    try:
        error = json.loads(body)["error"]
        de, en, exit_code = str(error["de"]), str(error["en"]), int(error["exit_code"])
    except (ValueError, KeyError, TypeError):
        de = en = body.decode("utf-8", "replace")[:500]
        exit_code = 2
    if exit_code == InvalidDataError.exit_code:
        return InvalidDataError(de, en)
    if status in (401, 403, 404):
        return UsageError(de, en)
    return StoreError(de, en)
