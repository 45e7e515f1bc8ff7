"""The dump files of the public data and where the latest of each is served: one place for the
dumps (`/download/`) and for the dataset description that points portals at them.

Each entry: the file's suffix, its path under the site, its media type, and its file type in
the EU Publications Office's table (https://op.europa.eu/web/eu-vocabularies/dataset/-/resource?uri=http://publications.europa.eu/resource/dataset/file-type),
which DCAT-AP.de asks for in `dcterms:format`.
"""

from __future__ import annotations

from dataclasses import dataclass

DOWNLOAD_ROOT = "/download/"
LATEST = DOWNLOAD_ROOT + "latest/"
DUMP_NAME = "akteursgraph"

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class DumpFile:
    suffix: str  # "nt.gz"
    media_type: str  # of the content, before compression
    file_type: str  # code in the EU file-type table
    compressed: bool
    title_de: str
    title_en: str

    @property
    def name(self) -> str:
        return f"{DUMP_NAME}.{self.suffix}"

    @property
    def latest_path(self) -> str:
        """Where the latest dump in this format is served (a path on the site)."""
        return LATEST + self.name


DUMP_FILES: tuple[DumpFile, ...] = (
    DumpFile("nt.gz", "application/n-triples", "RDF_N_TRIPLES", True,
             "N-Triples (gzip)", "N-Triples (gzip)"),
    DumpFile("ttl", "text/turtle", "RDF_TURTLE", False, "Turtle", "Turtle"),
    DumpFile("jsonld", "application/ld+json", "JSON_LD", False, "JSON-LD", "JSON-LD"),
    DumpFile("trig", "application/trig", "RDF_TRIG", False,
             "TriG (mit den benannten Graphen)", "TriG (with the named graphs)"),
)  # fmt: skip
