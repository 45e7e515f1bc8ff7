"""Downloads: every kept version of the public data as files, under `/download/`.

The files are made in the background after each publication (`akteursgraph.publish.dumper`);
this blueprint only lists and sends them. A version name is checked by the core before it
comes near a path, and only file names a version lists are sent, so no request can reach
another file. The newest version's files are also at stable URLs, `/download/latest/NAME`.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, send_file
from flask_babel import format_decimal

from akteursgraph.publish import dumps
from akteursgraph.publish.settings import LICENCES

from .errors import ProtocolError
from .office_settings import settings
from .site_paths import site_path

bp = Blueprint("download", __name__)

#: The downloads are open data, read by browser clients of other sites as /sparql and the
#: entity documents are (they lacked it: a web page elsewhere could not fetch a dump or the
#: listing; researcher's walk). The headers a client checks a file by are exposed.
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": (
        "Content-Disposition, ETag, Repr-Digest, Retry-After, X-Akteursgraph-Version"
    ),
}


@bp.after_request
def _open_to_every_origin(response: Response) -> Response:
    response.headers.update(_CORS)
    return response


def _store_path() -> str:
    return str(current_app.config["STORE_PATH"])


def _with_urls(entry: dict[str, Any], root: str) -> dict[str, Any]:
    """A version's public entry with the URL of each file (the index's JSON and the page)."""
    out = dumps.public_entry(entry)
    out["files"] = {k: {**m, "url": f"{root}{entry['version']}/{m['name']}"}
                    for k, m in entry["files"].items()}  # fmt: skip
    changes = dict(entry.get("changes", {}))
    changes["files"] = {k: {**m, "url": f"{root}{entry['version']}/{m['name']}"}
                        for k, m in changes.get("files", {}).items()}  # fmt: skip
    out["changes"] = changes
    return out


def _listing() -> dict[str, Any]:
    index = dumps.read_index(_store_path())
    root = site_path(dumps.DOWNLOAD_PATH)
    versions = [_with_urls(v, root) for v in index["versions"]]
    latest = next((v for v in versions if v.get("kept")), None)
    return {
        "latest": None if latest is None else latest["version"],
        "latest_files": {fmt: site_path(path) for fmt, path in dumps.LATEST_PATHS.items()},
        "licence": settings().licence,  # as the pages read the settings (not a wrong file)
        "versions": versions,
    }


@bp.get("/download/")
def index() -> str:
    """The versions, newest first: files with sizes and checksums, changes, publications."""
    listing = _listing()
    names = LICENCES.get(listing["licence"])
    name = (names[0] if g.lang == "de" else names[1]) if names else listing["licence"]
    return render_template("download.html", listing=listing, size=human_size, licence_name=name)


@bp.get("/download/index.json")
def index_json() -> Response:
    """The same as JSON, for scripts and harvesters."""
    return jsonify(_listing())


@bp.get("/download/<version>/SHA256SUMS")
def sums(version: str) -> Response:
    """A version's checksums, as `sha256sum -c` reads them."""
    entry = dumps.find_version(_store_path(), version)
    if entry is None:
        abort(404)
    return Response(dumps.checksums(entry), mimetype="text/plain")


@bp.get("/download/<version>/<name>")
def file(version: str, name: str) -> Response:
    """One file of a kept version (or of the newest, `latest`), as an attachment."""
    if dumps.withholding(_store_path()):
        # A consent ended: the kept versions still name the person until the dump maker has
        # rewritten them (seconds after the next version); nothing is served meanwhile.
        raise ProtocolError(
            503,
            "Die Downloads werden gerade ohne Angaben neu geschrieben, deren Einwilligung "
            "endete; bitte in einigen Sekunden noch einmal versuchen.",
            "The downloads are being rewritten without statements whose consent ended; "
            "please try again in a few seconds.",
            retry_after=10,
        )
    found = dumps.dump_file(_store_path(), version, name)
    if found is None:
        abort(404)
    path, meta, entry = found
    response = send_file(
        path,
        mimetype=meta["media_type"],
        as_attachment=True,
        download_name=meta["name"],
        etag=meta["sha256"],
        conditional=True,
    )
    response.headers["Content-Type"] = meta["media_type"]  # as listed, charset and all
    digest = base64.b64encode(bytes.fromhex(meta["sha256"])).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["X-Akteursgraph-Version"] = entry["version"]
    if version == dumps.LATEST:
        response.headers["Cache-Control"] = "no-cache"  # the next version replaces it
    return response


def human_size(n: int) -> str:
    """Bytes as people read them (kB, MB: powers of 1000, as file managers show them), with
    the page's decimal mark ("80,5 kB" on a German page)."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{format_decimal(size, '#,##0' if unit == 'B' else '#,##0.0')} {unit}"
        size /= 1000
    return f"{n} B"
