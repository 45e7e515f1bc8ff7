"""The review setting, kept with the store (`akteursgraph.json`), so that the CLI and the
server of one store follow the same rule without a separate configuration file."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..store import read_config, update_config
from .model import utc_now

REVIEW_REQUIRED = "review_required"
#: Who last switched the review rule, and when: an office's four-eyes rule is a decision
#: someone answers for (the admins' page and the CLI say it).
REVIEW_SWITCHED = "review_switched"
#: How many dump versions keep their files (`akteursgraph.publish.dumps`): the newest N,
#: and with monthly the newest of each month as well.
DUMP_KEEP_LAST = "dump_keep_last"
DUMP_KEEP_MONTHLY = "dump_keep_monthly"


def review_required(store_path: Path) -> bool:
    """Whether editors' changes to public data wait for a reviewer (on unless switched off)."""
    return bool(read_config(Path(store_path), last_good=True).get(REVIEW_REQUIRED, True))


def base_iri(store_path: Path) -> str:
    """The base IRI of the store's data, without opening the store (for reading history)."""
    return str(read_config(Path(store_path), last_good=True)["base_iri"])


def set_review_required(store_path: Path, value: bool, *, by: str | None = None) -> None:
    """Switch the four-eyes rule on or off for this store (the file is replaced whole); `by`:
    who did (an admin's account, the CLI's user), kept with the time."""
    values: dict[str, object] = {REVIEW_REQUIRED: bool(value)}
    if by is not None:
        values[REVIEW_SWITCHED] = {"by": by, "at": utc_now(), "on": bool(value)}
    update_config(Path(store_path), values)


def review_switched(store_path: Path) -> dict[str, object] | None:
    """Who last switched the review rule, when, and to what (`by`, `at`, `on`); None if
    no one has since the store was made (it is on)."""
    found = read_config(Path(store_path), last_good=True).get(REVIEW_SWITCHED)
    return dict(found) if isinstance(found, dict) else None


def dump_keep(store_path: Path) -> tuple[int, bool]:
    """How many dump versions keep their files: (the newest N, and one per month or not).
    By default the last 10 and one per month."""
    config = read_config(Path(store_path))
    return int(str(config.get(DUMP_KEEP_LAST, 10))), bool(config.get(DUMP_KEEP_MONTHLY, True))


def set_dump_keep(
    store_path: Path, *, last: int | None = None, monthly: bool | None = None
) -> None:
    """Set how many dump versions keep their files; pruning follows at the next version."""
    if last is not None and last < 1:
        raise UsageError(
            "Mindestens eine Version muss bleiben (die neueste).",
            "At least one version must be kept (the newest).",
            where="--last",
        )
    values: dict[str, object] = {}
    if last is not None:
        values[DUMP_KEEP_LAST] = int(last)
    if monthly is not None:
        values[DUMP_KEEP_MONTHLY] = bool(monthly)
    update_config(Path(store_path), values)
