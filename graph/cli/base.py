"""The command group, its error contract and what every command shares.

Exit codes: 0 success, 1 invalid data (syntax, shapes, privacy rules, unsafe files),
2 usage or any other error. Messages go to stderr in German and English.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from .. import __version__
from ..config import default_store_path
from ..errors import EXIT_ERROR, AkteursgraphError, StoreInUse
from ..server_link import ServerLink
from ..server_link import find as find_server
from ..server_link import starting as server_starting
from ..store import Store

if TYPE_CHECKING:
    from importlib import metadata

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


#: Entry-point group through which other layers add commands (the web layer adds `serve`).
#: The core never imports them: it finds them by name when the command line asks.
PLUGIN_GROUP = "akteursgraph.commands"


class _Group(click.Group):
    """Turns domain errors into bilingual messages and the documented exit codes.

    Commands of other layers come from the `akteursgraph.commands` entry points, loaded only
    when listed or called.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(ep.name for ep in _plugins())})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None:
            for ep in _plugins():
                if ep.name == name:
                    return ep.load()
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AkteursgraphError as exc:
            click.echo(exc.bilingual(), err=True)
            ctx.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError:
            raise  # a group without its command: its help, not an error
        except click.UsageError as exc:
            raise _BilingualUsageError(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`akteursgraph stats | head`): not an error of ours. Point
            # stdout at nothing so that the interpreter's final flush stays quiet too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:  # an unexpected failure still gets the error exit code
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"Fehler: unerwarteter Fehler: {exc!r}\nError: unexpected error: {exc!r}",
                err=True,
            )
            ctx.exit(EXIT_ERROR)
        return None


class _BilingualUsageError(click.UsageError):
    """Click's usage error said as the product's own errors are: German first, then English,
    each naming the rule (Click writes English only; the German line came second, and
    without the values a choice allows)."""

    def __init__(self, exc: click.UsageError) -> None:
        super().__init__(exc.format_message(), exc.ctx)
        self.german = _german_usage_error(exc)

    def show(self, file: IO[str] | None = None) -> None:
        out = file or click.get_text_stream("stderr")
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=out)
        command = self.ctx.command_path if self.ctx else "akteursgraph"
        click.echo(f"{self.german}\nError: {self.message} Help: {command} --help", file=out)


def _german_usage_error(exc: click.UsageError) -> str:
    """Click's usage errors in German too (Click writes them in English only): what kind of
    mistake, for which option or argument, and where the help is."""
    ctx = exc.ctx
    hint = ""
    if isinstance(exc, click.BadParameter | click.MissingParameter) and exc.param is not None:
        hint = exc.param_hint or exc.param.get_error_hint(ctx) if ctx else ""
    if isinstance(exc, click.MissingParameter):
        what = f"Es fehlt {hint}" if hint else "Es fehlt eine Angabe"
    elif isinstance(exc, click.BadParameter):
        # The value given, as the English line names it ("'xml' is not one of ...").
        given = re.match(r"'(.*?)' is not", exc.message)
        value = f" {given.group(0)[:-7]}" if given else ""
        what = f"Ungültiger Wert{value} für {hint}" if hint else f"Ungültiger Wert{value}"
        kind = exc.param.type if exc.param is not None else None
        if isinstance(kind, click.Choice):
            what += ": erlaubt " + ", ".join(f"'{c}'" for c in kind.choices)
        elif isinstance(kind, click.IntRange) and (kind.min is not None or kind.max is not None):
            lowest, highest = kind.min, kind.max
            what += (
                f": eine ganze Zahl von {lowest} bis {highest}"
                if lowest is not None and highest is not None
                else f": eine ganze Zahl ab {lowest}"
                if lowest is not None
                else f": eine ganze Zahl bis {highest}"
            )
    elif isinstance(exc, click.NoSuchOption):
        what = f"Unbekannte Option {exc.option_name}"
        if exc.possibilities:
            what += "; meinten Sie " + " oder ".join(f"'{p}'" for p in exc.possibilities) + "?"
    elif isinstance(exc, click.BadOptionUsage):
        what = f"Die Option '{exc.option_name}' braucht einen Wert"
    elif exc.message.startswith("No such command"):
        said, _, meant = " ".join(exc.format_message().split()).partition(" Did you mean ")
        what = "Unbekannter Befehl " + said.removeprefix("No such command ").rstrip(".")
        if meant:
            what += "; meinten Sie " + meant.rstrip("?") + "?"
    elif extra := re.match(r"Got unexpected extra arguments? \((.*)\)", exc.message):
        what = f"Unerwartete zusätzliche Angabe ({extra.group(1)})"
    else:
        what = "Falscher Aufruf"
    command = ctx.command_path if ctx else "akteursgraph"
    stop = "" if what.endswith("?") else "."
    return f"Fehler: {what}{stop} Hilfe: {command} --help"


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    envvar="AKTEURSGRAPH_STORE",
    default=None,
    help="Store folder. Default: $AKTEURSGRAPH_STORE, else ~/.local/share/akteursgraph/store.",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks of unexpected errors.")
@click.version_option(__version__, prog_name="akteursgraph")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None, debug: bool) -> None:
    """Akteursgraph: knowledge graph of the actors of a municipal development-policy network.

    \b
    Exit codes / Rückgabewerte:
      0  success / Erfolg
      1  invalid data / ungültige Daten (syntax, SHACL, privacy rules, unsafe file)
      2  usage or other error / Bedienfehler oder anderer Fehler
    """
    ctx.obj = {"store": store_path or default_store_path(), "debug": debug}


def _plugins() -> list[metadata.EntryPoint]:
    # Imported here: the package metadata (with the email package it parses headers with)
    # costs a command 45 ms, and only a command not of the core looks for plugins.
    from importlib import metadata

    return list(metadata.entry_points(group=PLUGIN_GROUP))


def open_store(ctx: click.Context, *, read_only: bool = False) -> Store:
    return Store.open(ctx.obj["store"], read_only=read_only)


@contextlib.contextmanager
def writing(ctx: click.Context) -> Iterator[Store | ServerLink]:
    """The store, open for writing; or, while `akteursgraph serve` holds it or is starting,
    the running server, which commits the change through its own writer (never two
    writers)."""
    target = _writer(ctx)
    if isinstance(target, Store):
        with target:
            yield target
        return
    click.echo(
        f"Der Speicher wird von {target.url} bedient: die Änderung geht dorthin. / "
        f"The store is served by {target.url}: the change goes there.",
        err=True,
    )
    yield target


#: How long a CLI write waits for a server that is starting (seconds).
START_WAIT_S = 300.0
#: How long a server that ended as it started may take to let go of the store (seconds).
_ENDED_GRACE_S = 10.0


def _writer(ctx: click.Context) -> Store | ServerLink:
    """The running server of the store; else, once a server that is starting serves, that
    one; else the store itself. A server that starts is waited for even where the store is
    still free: a load sent just after `serve` began wrote the store files itself, and the
    starting server exited "store in use". After the store is opened, a server that began to
    start meanwhile goes first. A server that ends before it serves (killed, or its port
    taken) leaves the store to the write: the write had answered "store in use" though the
    store was free."""
    store_path = ctx.obj["store"]
    deadline = time.monotonic() + START_WAIT_S
    ended: float | None = None  # when a server that was starting ended without serving
    while True:
        link = find_server(store_path)
        if link is None and server_starting(store_path) is not None:
            link = _wait_for_start(store_path, deadline)
            if link is None and server_starting(store_path) is None:
                click.echo(
                    "Der Server hat aufgehört, bevor er den Speicher bediente; die Änderung "
                    "wird ohne ihn geschrieben. / The server stopped before it served the "
                    "store; the change is written without it.",
                    err=True,
                )
                ended = time.monotonic()
        if link is not None:
            return link
        try:
            store = open_store(ctx)
        except StoreInUse:
            now = time.monotonic()
            if ended is not None and now - ended < _ENDED_GRACE_S:
                time.sleep(0.2)  # the server that ended may still be closing the store
                continue
            if now > deadline or (
                find_server(store_path) is None and server_starting(store_path) is None
            ):
                raise
            continue  # a server started meanwhile: the change goes through it
        if server_starting(store_path) is None or time.monotonic() > deadline:
            return store
        store.close()  # a server began to start as the store was opened: it goes first


def say_served(link: ServerLink, what_de: str, what_en: str) -> None:
    """Tell the operator that the command runs in the server that serves the store (`what`:
    "die Löschung" / "the erasure"), on stderr."""
    click.echo(
        f"Der Speicher wird von {link.url} bedient: {what_de} läuft dort. / "
        f"The store is served by {link.url}: {what_en} runs there.",
        err=True,
    )


def server_for_write(ctx: click.Context) -> ServerLink | None:
    """The running server of the store, or, once it serves, one that is starting (for a
    write that opens the store in its own way, `forget`: it erased the store itself while a
    server started, and that server exited)."""
    store_path = ctx.obj["store"]
    return find_server(store_path) or _wait_for_start(store_path, time.monotonic() + START_WAIT_S)


def _wait_for_start(store_path: Path, deadline: float) -> ServerLink | None:
    """The server of the store once it has started, if one is starting: a write sent while
    `serve` started answered "store in use" (a deploy script that restarts the service and
    then loads met it every time). None if none starts, it ended before it served, or it
    did not serve before `deadline`."""
    if server_starting(store_path) is None:
        return None
    click.echo(
        "Der Server dieses Speichers startet gerade; die Änderung wartet auf ihn. / "
        "The server of this store is starting; the change waits for it.",
        err=True,
    )
    while time.monotonic() < deadline:
        link = find_server(store_path)
        if link is not None:
            return link
        if server_starting(store_path) is None:
            return find_server(store_path)
        time.sleep(0.2)
    return None


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long loads, only when a person is watching."""
    if total < 2_000_000 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def echo_stale(result: object) -> None:
    """A commit that stands although something after it failed (a full disk): it is said,
    and the command still exits 0, because the change was made."""
    stale = list(getattr(result, "stale", ()) or ())
    if stale:
        names = ", ".join(stale)
        click.echo(
            f"Warnung: gespeichert, aber nicht aktuell: {names} (wird beim nächsten Schreiben "
            "nachgeholt; Platz auf dem Datenträger prüfen).\n"
            f"Warning: committed, but stale: {names} (caught up at the next write; check the "
            "free disk space).",
            err=True,
        )


def echo_unpublished(result: object) -> None:
    """Say whose public naming a write ended: a consent's end unpublishes in the same
    change what depended on it, and a revert of the change that had recorded a consent
    took a person off every public page without a word (walk: 22 removed beside 16)."""
    people = getattr(result, "unpublished", None)
    if people is None:  # a commit in this process
        change = getattr(result, "change", None)
        people = [p.value for p in getattr(change, "unpublished_people", ())]
    if people:
        click.echo(
            "Nicht mehr öffentlich genannt (Einwilligung beendet) / no longer named in public "
            f"(consent ended): {', '.join(people)}",
            err=True,
        )


def counted(outcome: object) -> str:
    """What a write really did, in both languages: a load names its file's quads, but what
    counts is the change (a withdrawn consent removes what depended on it; quads already
    there add nothing)."""
    added, removed = outcome.added, outcome.removed  # type: ignore[attr-defined]
    return f"{added} hinzugefügt, {removed} entfernt / {added} added, {removed} removed"


def echo_warnings(report: object) -> None:
    warnings = getattr(report, "warnings", [])
    if warnings:
        click.echo(f"{len(warnings)} Warnungen / warnings:", err=True)
        for w in warnings[:20]:
            click.echo(w.render(), err=True)
        if len(warnings) > 20:
            click.echo(f"... {len(warnings) - 20} weitere / more", err=True)
