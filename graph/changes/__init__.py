"""Change sets: every write recorded with who, when, why and what; history, revert, review.

- `model`: what a change set is (`ChangeMeta`, `ChangeSet`, `Draft`, the effective delta).
- `history`: the append-only record, a SQLite file in the store folder (never public).
- `reading`: an entity's history, the drafts, one change set, for people and scripts.
- `review`: the four-eyes rule: drafts, publish, reject, conflicts; an author replacing her
  own waiting draft by one holding the whole change (`replace`).
- `revert`: undoing a change set as a new, validated change set.
- `wording`: change sets in words (German, English) and as N-Quads.
- `settings`: whether review is required (a store setting).

Writes themselves go through the one write path, `akteursgraph.commit.Writer`; this package
never touches the store's quads except through it.
"""

from __future__ import annotations

from .history import HISTORY_FILE, HISTORY_FILES, History
from .model import (
    EDITOR_ORIGINS,
    ORIGIN_CORE,
    ORIGIN_ERASURE,
    ORIGIN_FORM,
    ORIGIN_IMPORT,
    ORIGIN_INIT,
    ORIGIN_LOAD,
    ORIGIN_REVERT,
    ORIGIN_SPARQL_UPDATE,
    ChangeMeta,
    ChangeSet,
    Draft,
    default_author,
)
from .reading import (
    HistoryPage,
    change_set,
    drafts,
    entity_history,
    entity_history_page,
    entity_iri,
    recent,
)
from .revert import revert
from .review import own_draft, publish, reject, replace, same_person, submit, will_wait
from .settings import review_required, review_switched, set_review_required

__all__ = [
    "EDITOR_ORIGINS",
    "HISTORY_FILE",
    "HISTORY_FILES",
    "ORIGIN_CORE",
    "ORIGIN_ERASURE",
    "ORIGIN_FORM",
    "ORIGIN_IMPORT",
    "ORIGIN_INIT",
    "ORIGIN_LOAD",
    "ORIGIN_REVERT",
    "ORIGIN_SPARQL_UPDATE",
    "ChangeMeta",
    "ChangeSet",
    "Draft",
    "History",
    "HistoryPage",
    "change_set",
    "default_author",
    "drafts",
    "entity_history",
    "entity_history_page",
    "entity_iri",
    "own_draft",
    "publish",
    "recent",
    "reject",
    "replace",
    "revert",
    "review_required",
    "review_switched",
    "same_person",
    "set_review_required",
    "submit",
    "will_wait",
]
