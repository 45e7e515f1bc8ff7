"""The workspace's lists in and out (issue 15, items 1 and 5; docs/import.md "In the workspace").

- `/workspace/import` (editors): upload a list (CSV, XLSX, ODS), choose a shipped mapping or
  write or upload one (TOML), optionally a sheet; "Preview" plans the import in a background
  thread (`akteursgraph.importing.plan_import`, the CLI's dry run) while a progress page
  follows it, then shows the report per row. "Submit for review" plans the file again
  against the store as it is now and hands the whole file to the one write path as ONE
  change set (`akteursgraph.changes.submit`, as `akteursgraph import` does): a draft for
  review when review is on. Only a file whose every row conforms can be submitted.
- `/workspace/export` (viewers and up): a mapping's list (`list_rows`, as `export-list`
  writes it), optionally filtered by a value-list column (topic, language, ...), as XLSX or
  CSV. Viewers get the public data only, editors and up everything (as in the history).

Uploads live in a private folder of the store (`akteursgraph.importing.uploads`), never
served, removed once submitted or after a day. The jobs are kept in memory: a restart
forgets them (the upload is then simply made again).
"""

from __future__ import annotations

import io
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_number
from flask_babel import gettext as _

from akteursgraph.accounts import EDITOR, VIEWER
from akteursgraph.changes import Draft, submit, will_wait
from akteursgraph.commit import Writer
from akteursgraph.errors import AkteursgraphError, UsageError
from akteursgraph.importing import ImportPlan, list_rows, load_mapping, plan_import, write_list
from akteursgraph.importing.mapping import Mapping
from akteursgraph.importing.outcome import CHANGED, CREATED, DELETED, INVALID, UNCHANGED
from akteursgraph.importing.report import write_report
from akteursgraph.importing.selection import filter_options, select_rows
from akteursgraph.importing.uploads import (
    discard_upload,
    mapping_from_text,
    new_upload,
    shipped_mapping,
    shipped_mappings,
    upload_file,
)
from akteursgraph.store import Store

from .auth import current_account, role_required
from .errors import ProtocolError, status_of

bp = Blueprint("workspace_import", __name__, url_prefix="/workspace")

#: Rows the report page shows (rows with problems first); the full report is a CSV download.
SHOWN_ROWS = 500
#: Seconds a finished job stays in memory.
KEEP_JOBS = 24 * 3600
PREVIEW, SUBMIT = "preview", "submit"
RUNNING, DONE, FAILED = "running", "done", "failed"
#: Orders the check-and-start of jobs: a double click submits a list once.
_STARTING = threading.Lock()


@dataclass
class ImportJob:
    """One upload's dry run (or its submission), run in a background thread."""

    token: str
    owner: str
    file: Path
    mapping: Mapping
    sheet: str | None
    comment: str = ""
    kind: str = PREVIEW
    state: str = RUNNING
    done: int = 0
    total: int = 0
    plan: ImportPlan | None = None
    error: AkteursgraphError | None = None
    outcome: Any = None
    started: float = field(default_factory=time.time)

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def status(self) -> dict[str, Any]:
        percent = round(100 * self.done / self.total) if self.total else None
        if self.state != RUNNING:
            text = _("Done.")
        elif self.total:
            text = _(
                "%(done)s of %(total)s rows checked.",
                done=format_number(self.done),  # 50.000, as the page's `numberformat`
                total=format_number(self.total),
            )
        else:
            text = _("Reading the file …")
        return {"state": self.state, "done": self.done, "total": self.total,
                "percent": percent, "text": text}  # fmt: skip


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _jobs() -> dict[str, ImportJob]:
    return current_app.extensions.setdefault("akteursgraph.import-jobs", {})


def _me() -> str:
    account = current_account()
    assert account is not None  # behind role_required
    return account.name


def _job(token: str) -> ImportJob:
    """The signed-in account's own job; anyone else's, or none, is 404."""
    job = _jobs().get(token)
    if job is None or job.owner != _me():
        abort(404)
    return job


def _start(job: ImportJob) -> None:
    """Run the job's plan (and, for a submission, its submit) in a thread of its own."""
    store = _store()
    writer: Writer = current_app.extensions["akteursgraph.writer"]
    job.state, job.done, job.total, job.error = RUNNING, 0, 0, None
    jobs = _jobs()
    for token, old in list(jobs.items()):
        if time.time() - old.started > KEEP_JOBS:
            jobs.pop(token, None)
    jobs[job.token] = job
    logger = current_app.logger

    def run() -> None:
        try:
            plan = plan_import(
                store, job.file, job.mapping, sheet=job.sheet, author=job.owner,
                comment=job.comment, progress=job.progress,
            )  # fmt: skip
            job.plan = plan
            if job.kind == SUBMIT and plan.conforms and (plan.change.add or plan.change.remove):
                job.outcome = submit(writer, plan.change, plan.meta)
                discard_upload(store.path, job.token)
            job.state = DONE
        except AkteursgraphError as exc:
            job.error, job.state = exc, FAILED
        except Exception as exc:  # a thread's crash must reach its page, not vanish
            logger.exception("import %s failed", job.token)
            job.error = AkteursgraphError(
                "Die Prüfung ist unerwartet abgebrochen; bitte erneut versuchen.",
                f"The check stopped unexpectedly ({type(exc).__name__}); please try again.",
            )
            job.state = FAILED

    threading.Thread(target=run, name=f"import {job.token[:8]}", daemon=True).start()


# ---- import ------------------------------------------------------------------------------


def _import_form(**context: Any) -> str:
    mappings = shipped_mappings()
    edit = request.args.get("edit", "")
    text = context.pop("mapping_text", None)
    if text is None and edit in mappings:
        text = mappings[edit].read_text(encoding="utf-8")
    return render_template(
        "workspace/import.html",
        mappings={name: load_mapping(path) for name, path in mappings.items()},
        chosen=context.pop("chosen", edit or next(iter(mappings), "")),
        mapping_text=text or "",
        sheet=context.pop("sheet", ""),
        comment=context.pop("comment", ""),
        errors=context.pop("errors", {}),
        limit_mb=(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024**2,
        **context,
    )


@bp.get("/import")
@role_required(EDITOR)
def import_form() -> str:
    return _import_form()


@bp.post("/import")
@role_required(EDITOR)
def import_upload() -> Response | tuple[str, int]:
    """Keep the upload, read the mapping, start the dry run; errors stand beside their field."""
    errors: dict[str, AkteursgraphError] = {}
    chosen = request.form.get("mapping", "")
    text = request.form.get("mapping_text", "")
    sheet = request.form.get("sheet", "").strip() or None
    comment = request.form.get("comment", "").strip()
    upload = request.files.get("file")
    mapping_upload = request.files.get("mapping_file")
    if mapping_upload is not None and mapping_upload.filename and not text.strip():
        text = mapping_upload.read().decode("utf-8", errors="replace")
    token = target = None
    if upload is None or not upload.filename:
        errors["file"] = UsageError("Bitte eine Datei wählen.", "Please choose a file.")
    else:
        try:
            token, target = new_upload(_store().path, upload.filename)
            upload.save(target)
        except AkteursgraphError as exc:
            errors["file"] = exc
    mapping = None
    if target is not None:
        try:
            if text.strip():
                mapping = mapping_from_text(text, target.parent)
            elif chosen:
                mapping = shipped_mapping(chosen)
            else:
                raise UsageError(
                    "Bitte eine Zuordnung wählen oder ihren Text eingeben.",
                    "Please choose a mapping or enter its text.",
                )
        except AkteursgraphError as exc:
            errors["mapping_text" if text.strip() else "mapping"] = exc
    if errors or mapping is None or token is None or target is None:
        if token is not None:
            discard_upload(_store().path, token)
        page = _import_form(
            errors={k: _plain_where(e, target) for k, e in errors.items()},
            chosen=chosen, mapping_text=text, sheet=sheet or "", comment=comment,
        )  # fmt: skip
        return page, 400
    job = ImportJob(token, _me(), target, mapping, sheet, comment)
    _start(job)
    return redirect(url_for(".import_job", token=token), 303)


def _plain_where(exc: AkteursgraphError, target: Path | None) -> AkteursgraphError:
    """A mapping error's place without the server's folder: "zuordnung.toml [[columns]] #3"."""
    if exc.where and target is not None:
        exc.where = exc.where.replace(str(target.parent) + "/", "")
    return exc


@bp.get("/import/<token>")
@role_required(EDITOR)
def import_job(token: str) -> str | tuple[str, int]:
    job = _job(token)
    if job.state == RUNNING:
        return render_template("workspace/import_progress.html", job=job, status=job.status())
    plan = job.plan
    shown: list[Any] = []
    if plan is not None:
        # The rows with problems first (the page says so), each group in the file's order.
        shown = sorted(plan.rows, key=lambda r: (not r.problems, r.row == 0, r.row))[:SHOWN_ROWS]
    page = render_template(
        "workspace/import_report.html",
        job=job,
        plan=plan,
        shown=shown,
        counts=plan.counts() if plan is not None else {},
        submitted=job.kind == SUBMIT,
        draft=isinstance(job.outcome, Draft),
        outcome=job.outcome,
        changes=bool(plan and (plan.change.add or plan.change.remove)),
        # Said before it is sent: a list of internal entries (speakers) applies at once.
        reviewed=bool(
            plan
            and plan.conforms
            and will_wait(current_app.extensions["akteursgraph.writer"], plan.change, plan.meta)
        ),
        actions=_actions(),
    )
    return (page, status_of(job.error)) if job.error is not None else page


def _actions() -> dict[str, str]:
    """What a row does, in the page's language."""
    return {
        CREATED: _("new"),
        CHANGED: _("changed"),
        UNCHANGED: _("unchanged"),
        DELETED: _("deleted"),
        INVALID: _("invalid"),
    }


@bp.get("/import/<token>/status")
@role_required(EDITOR)
def import_status(token: str) -> Response:
    """The job's progress for the progress page's script (JSON)."""
    return jsonify(_job(token).status())


@bp.get("/import/<token>/report.csv")
@role_required(EDITOR)
def import_report(token: str) -> Response:
    """The whole report per row as CSV (the page shows at most SHOWN_ROWS rows)."""
    job = _job(token)
    if job.plan is None:
        abort(404)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bericht.csv"
        write_report(job.plan, target)
        data = target.read_bytes()
    return _download(data, f"{job.file.stem}-bericht.csv", "text/csv; charset=utf-8")


@bp.post("/import/<token>/submit")
@role_required(EDITOR)
def import_submit(token: str) -> Response:
    """Plan the file again against the store as it is now and submit it as one change set."""
    job = _job(token)
    with _STARTING:
        if job.state == RUNNING or job.kind == SUBMIT:
            return redirect(url_for(".import_job", token=token), 303)
        if job.plan is None or not job.plan.conforms:
            raise ProtocolError(
                409,
                "Die Liste hat noch Probleme und kann nicht eingereicht werden; der Bericht "
                "nennt die Zeilen.",
                "The list still has problems and cannot be submitted; the report names the rows.",
                where=job.file.name,
            )
        try:
            upload_file(_store().path, token)
        except AkteursgraphError as exc:
            raise ProtocolError(
                410,
                "Die hochgeladene Datei ist nicht mehr da (abgelaufen oder schon verwendet); "
                "bitte erneut hochladen.",
                "The uploaded file is gone (expired or already used); please upload it again.",
                where=job.file.name,
            ) from exc
        job.kind = SUBMIT
        _start(job)
    return redirect(url_for(".import_job", token=token), 303)


# ---- export ------------------------------------------------------------------------------


@bp.get("/export")
@role_required(VIEWER)
def export() -> Response | str | tuple[str, int]:
    """Choose a list and filters; with `format`, the list as a download."""
    mappings = shipped_mappings()
    chosen = request.args.get("mapping", "")
    fmt = request.args.get("format", "")
    mapping = rows = None
    options: dict[str, list[str]] = {}
    selected: dict[str, str] = {}
    error = None
    if chosen:
        try:
            mapping = shipped_mapping(chosen)
            account = current_account()
            public_only = account is None or not account.has_role(EDITOR)
            rows = list_rows(_store(), mapping, public_only=public_only)
            options = filter_options(mapping, rows)
            selected = {
                column: request.args.get(f"filter-{i}", "") for i, column in enumerate(options)
            }
            rows = select_rows(mapping, rows, selected)
            if fmt:
                if fmt not in ("xlsx", "csv"):
                    raise UsageError("Format xlsx oder csv.", "Format xlsx or csv.", where="format")
                with tempfile.TemporaryDirectory() as folder:
                    target = Path(folder) / f"{chosen}.{fmt}"
                    write_list(rows, target, mapping.name)
                    data = target.read_bytes()
                kind = (
                    "text/csv; charset=utf-8" if fmt == "csv" else
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )  # fmt: skip
                return _download(data, f"{chosen}.{fmt}", kind)
        except AkteursgraphError as exc:
            error = exc
    page = render_template(
        "workspace/export.html",
        mappings={name: load_mapping(path) for name, path in mappings.items()},
        chosen=chosen,
        mapping=mapping,
        options=options,
        selected=selected,
        count=len(rows) - 1 if rows else 0,
        error=error,
    )
    return (page, status_of(error)) if error is not None else page


def _download(data: bytes, name: str, kind: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=kind, as_attachment=True, download_name=name)
