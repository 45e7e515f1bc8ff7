"""Who read a person's internal data, and when: an append-only log in the store folder.

A person's contact data and internal notes are handed out by the core in a few places only
(today `person-export`; next the staff workspace, issue 14, which calls `log_access`). Each
such read leaves one JSON line in `access-log.jsonl` (owner-only, opened for appending only,
fsynced): time, who, what (`person-export`, `workspace-view`, ...), why, and the person as a
salted hash of their IRI (the erasure journal's salt). Why a hash: the log is append-only and
must outlive an erasure without naming the erased person; whoever holds the IRI can still
find its lines (`accesses_of`), which is what a person's request for their data needs.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..changes.model import utc_now
from ..errors import StoreError
from .journal import Journal

ACCESS_LOG_FILE = "access-log.jsonl"


def _person_key(store_path: Path, iri: str) -> str:
    salt = Journal(store_path).salt()
    return hashlib.sha256(f"{salt}\0access\0{iri}".encode()).hexdigest()


def log_access(
    store_path: Path,
    *,
    iri: str | None,
    what: str,
    who: str | None = None,
    why: str = "",
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record that `who` read the internal data of the person `iri` (before handing it out).

    `iri` None: a read of internal data not about one known person (a CLI query over all
    graphs); `detail` says what (never the data itself: a query is logged by its hash).
    """
    line = {
        "time": utc_now(),
        "who": who or getpass.getuser(),
        "what": what,
        "why": why,
        "person": _person_key(Path(store_path), iri) if iri else None,
        **(detail or {}),
    }
    path = Path(store_path) / ACCESS_LOG_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # no record, no read: the data is not handed out
        raise StoreError(
            f"Das Zugriffsprotokoll {path} ist nicht schreibbar ({exc}); interne Daten werden "
            "nur mit Protokoll ausgegeben (--public liest nur öffentliche Graphen).",
            f"The access log {path} is not writable ({exc}); internal data is handed out only "
            "when the read is logged (--public reads the public graphs only).",
            where=str(path),
        ) from exc
    return line


def accesses_of(store_path: Path, iri: str) -> list[dict[str, Any]]:
    """The log's lines about the person `iri`, oldest first."""
    path = Path(store_path) / ACCESS_LOG_FILE
    if not path.is_file():
        return []
    key = _person_key(Path(store_path), iri)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [d for d in (json.loads(x) for x in lines if x.strip()) if d.get("person") == key]
