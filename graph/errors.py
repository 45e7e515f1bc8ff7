"""Domain errors. Each carries a German and an English message and an exit code.

The CLI prints both languages and exits with the code; the web layer maps them to HTTP
statuses in one place. Raw exception text of libraries only ever appears inside these
messages, never on its own.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_ERROR = 2


def shown(text: str, limit: int = 40) -> str:
    """A person's text as a message quotes it: in quotes and cut short, so a long value
    cannot flood the answer."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


class AkteursgraphError(Exception):
    """Base of every error the product reports to a person."""

    exit_code = EXIT_ERROR

    def __init__(self, de: str, en: str, *, where: str | None = None) -> None:
        self.de = de
        self.en = en
        self.where = where
        super().__init__(self.en if where is None else f"{where}: {en}")

    def bilingual(self) -> str:
        """Both languages, German first, each line prefixed with the place when known."""
        prefix = f"{self.where}: " if self.where else ""
        return f"Fehler: {prefix}{self.de}\nError: {prefix}{self.en}"


class InvalidDataError(AkteursgraphError):
    """The input is not acceptable data: syntax, shapes, privacy rules, unsafe content."""

    exit_code = EXIT_INVALID_DATA


class ConflictError(InvalidDataError):
    """A change was based on a version that has changed since (a draft, a revert).

    Never merged silently: the message names the entities, the version the change was
    based on and the version there is now, and nothing is written.
    """


class ReviewRefused(InvalidDataError):
    """The four-eyes rule refuses a review: the reviewer is the author of the change."""


class UsageError(AkteursgraphError):
    """The request itself is wrong: unknown format, bad option, missing file."""


class NotFound(UsageError):
    """The request names something that is not there (a change set id): a 404 on the web,
    a usage error on the command line."""


class StoreError(AkteursgraphError):
    """The store cannot be opened, written or is in use."""


class StoreInUse(StoreError):
    """Another process holds the store for writing: `serve` waits for a CLI write to end
    rather than exiting, and a CLI write looks for a server to send its change to."""


class RowCapExceeded(AkteursgraphError):
    """A product query returned more rows than its cap: a defect of ours, never silent."""


class QueryError(AkteursgraphError):
    """A query (text from a person) could not be answered; subclasses say why."""


class QuerySyntaxError(QueryError):
    """The query text is not SPARQL 1.1."""

    exit_code = EXIT_INVALID_DATA


class QueryTimeout(QueryError):
    """The query ran past its time limit and its worker was stopped."""


class QueryTooBig(QueryTimeout):
    """The query's worker grew past its memory budget and was stopped, as at the time limit."""


class QueryBusy(QueryError):
    """Every query worker is busy, or no data is loaded yet: try again shortly."""


class QueryRateLimited(QueryError):
    """The client used more than its share of query time lately; `retry_after` says when it
    may ask again (seconds)."""

    def __init__(self, de: str, en: str, *, retry_after: int, where: str | None = None) -> None:
        super().__init__(de, en, where=where)
        self.retry_after = retry_after


class QueryCrashed(QueryError):
    """The query ended its worker process (the engine failed); the server keeps running."""


class NotAcceptable(QueryError):
    """No result format the client accepts fits this kind of query."""
