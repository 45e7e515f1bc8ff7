"""The sitemap of the public pages (https://www.sitemaps.org/protocol.html).

`page_paths` reads every typed IRI of the public data once (a scan of the type statements:
about 75 ms at 100k triples, so the web layer keeps the answer until the next publication)
and keeps those that have a page at a path of this server (`linked_data.path_for_iri`: under
the base, or the vocabulary). The protocol allows at most 50,000 URLs per file, so the
sitemap is an index (`index_xml`) of files of at most `URLS_PER_FILE` URLs each
(`urlset_xml`); a 1M-triple district has a few.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from ..linked_data import path_for_iri
from ..resources import query
from ..store import Store

#: The sitemaps.org limit of URLs in one sitemap file.
URLS_PER_FILE = 50_000
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_paths(store: Store) -> list[str]:
    """The path of every public entity page of this server, sorted (stable file contents)."""
    paths = set()
    for row in store.rows(
        query("linked-data/sitemap-subjects"), public_only=True, max_rows=Store.SCAN_ROWS
    ):
        path = path_for_iri(store.base_iri, row["entity"].value)
        if path is not None:
            paths.add(path)
    return sorted(paths)


def split(urls: list[str], per_file: int = URLS_PER_FILE) -> list[list[str]]:
    """The URLs in files of at most `per_file` each (one empty file for no URL at all)."""
    return [urls[i : i + per_file] for i in range(0, len(urls), per_file)] or [[]]


def urlset_xml(urls: Iterable[str]) -> bytes:
    """One sitemap file: a `<urlset>` of absolute URLs (escaped for XML)."""
    lines = [f"<url><loc>{escape(url)}</loc></url>" for url in urls]
    return _document("urlset", lines)


def index_xml(sitemaps: Iterable[str]) -> bytes:
    """The sitemap index: a `<sitemapindex>` of the sitemap files' absolute URLs."""
    lines = [f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in sitemaps]
    return _document("sitemapindex", lines)


def _document(root: str, lines: list[str]) -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NAMESPACE}">\n'
    return (head + "\n".join(lines) + f"\n</{root}>\n").encode("utf-8")
