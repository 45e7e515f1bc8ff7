"""Commands for links outward: link-suggest (ask a reconciliation service) and link-confirm
(a person confirms each link; the confirmed ones become one change set)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..explore import KINDS
from .base import cli, echo_stale, echo_warnings, open_store, writing

DEFAULT_KINDS = ("organisations",)


@cli.command("link-suggest")
@click.option(
    "--endpoint", required=True,
    help="The reconciliation service's URL, e.g. https://wikidata.reconci.link/en/api or "
         "https://lobid.org/gnd/reconcile.",
)  # fmt: skip
@click.option(
    "--type", "kinds", multiple=True, default=DEFAULT_KINDS, show_default=True,
    help=f"Which of our entities: a kind ({', '.join(KINDS)}) or a class IRI; repeatable.",
)  # fmt: skip
@click.option(
    "--remote-type",
    help="The service's type to search in (Wikidata: Q43229 organisation, Q5 human; "
    "lobid-gnd: CorporateBody, Person). Default: any.",
)
@click.option("--limit", default=3, show_default=True, help="Candidates per entity.")
@click.option("--min-score", default=0.0, show_default=True, help="Leave out lower scores.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="The suggestions file to write (JSON), for link-confirm.",
)  # fmt: skip
@click.pass_context
def link_suggest(
    ctx: click.Context,
    endpoint: str,
    kinds: tuple[str, ...],
    remote_type: str | None,
    limit: int,
    min_score: float,
    output: Path,
) -> None:
    """Ask a reconciliation service (Wikidata's, lobid-gnd's, any that speaks the W3C
    Reconciliation API) for owl:sameAs candidates for our public entities that have none,
    and write them to a suggestions file. Nothing is stored: `akteursgraph link-confirm
    FILE` lets a person confirm each link. Only public names are sent to the service."""
    from ..reconcile import suggest_links

    with open_store(ctx, read_only=True) as store:
        found = suggest_links(
            store, endpoint, kinds, remote_type=remote_type, limit=limit, min_score=min_score
        )
    output.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(
        f"{len(found['suggestions'])} Einträge mit Vorschlägen / entries with suggestions "
        f"-> {output} (akteursgraph link-confirm {output}).",
        err=True,
    )


@cli.command("link-confirm")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--chosen", is_flag=True,
    help="Take the links chosen in the file (each entry's \"chosen\": the candidate's IRI, set "
         "by a person) instead of asking here.",
)  # fmt: skip
@click.option("--agent", help="Who confirms (recorded in the history). Default: login name.")
@click.option("--comment", default="", help="Why (recorded with the change set).")
@click.pass_context
def link_confirm(
    ctx: click.Context, file: Path, chosen: bool, agent: str | None, comment: str
) -> None:
    """Confirm the owl:sameAs links of a suggestions file, one entity at a time: type the
    number of the right candidate, Enter (or s) to skip, q to stop asking. The confirmed
    links are stored as one change set (review applies as for other edits; shapes apply:
    persons link only to Wikidata). Nothing is stored when none is confirmed."""
    from ..changes import ChangeMeta, Draft, default_author, submit
    from ..changes.model import ORIGIN_FORM
    from ..commit import Writer
    from ..reconcile import read_suggestions, same_as_change
    from ..server_link import submit_change
    from ..store import Store

    found = read_suggestions(file)
    links = _chosen(found) if chosen else _ask(found)
    if not links:
        click.echo("Nichts bestätigt, nichts gespeichert / nothing confirmed, nothing stored.",
                   err=True)  # fmt: skip
        return
    meta = ChangeMeta(
        author=(agent or default_author()).strip(),
        origin=ORIGIN_FORM,
        comment=comment or f"owl:sameAs bestätigt / confirmed ({found['service']})",
        detail={
            "tool": "link-confirm",
            "endpoint": found["endpoint"],
            "file": file.name,
            "links": len(links),
        },
    )
    with writing(ctx) as target:
        if isinstance(target, Store):
            result = submit(Writer(target), same_as_change(target, links), meta)
        else:  # the running server commits it
            with open_store(ctx, read_only=True) as store:
                change = same_as_change(store, links)
            result = submit_change(target, change, meta)
    echo_warnings(result.warnings)
    echo_stale(result)
    state = "als Entwurf / as draft" if isinstance(result, Draft) else "gespeichert / stored"
    click.echo(f"{len(links)} Verknüpfungen {state} ({result.change_id}).", err=True)


def _chosen(found: dict) -> list[tuple[str, str]]:
    links = []
    for entry in found["suggestions"]:
        pick = entry.get("chosen")
        if pick:
            offered = {c["iri"] for c in entry["candidates"]}
            if pick not in offered:
                from ..errors import UsageError

                raise UsageError(
                    f"„chosen“ ist keiner der Kandidaten: {pick}",
                    f'"chosen" is none of the candidates: {pick}',
                    where=entry["entity"],
                )
            links.append((entry["entity"], pick))
    return links


def _ask(found: dict) -> list[tuple[str, str]]:
    links = []
    for entry in found["suggestions"]:
        click.echo(f"\n{entry['label']}  <{entry['entity']}>")
        for n, c in enumerate(entry["candidates"], 1):
            more = f" – {c['description']}" if c.get("description") else ""
            click.echo(f"  {n}. {c['name']}{more}  [{c['score']:.0f}]  <{c['iri']}>")
        answer = click.prompt(
            "Nummer, Enter/s = überspringen, q = aufhören / number, Enter/s = skip, q = stop",
            default="s", show_default=False,
        ).strip().lower()  # fmt: skip
        if answer == "q":
            break
        if answer.isdigit() and 1 <= int(answer) <= len(entry["candidates"]):
            links.append((entry["entity"], entry["candidates"][int(answer) - 1]["iri"]))
    return links
