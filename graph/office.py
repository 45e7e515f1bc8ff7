"""Another office starts clean: its name, districts and logo, given at `akteursgraph init`.

Without `--example` a store holds the vocabulary only, so every page would speak of nobody.
`init --office-name ... --district ... --logo ... [--settings FILE.json]` gives the site what
it needs to be the office's own from the first request:

- the publication settings (`akteursgraph publication`, graph/publish/settings.py) start from
  the settings file, if any, with the office's name as publisher and its districts as the
  data's spatial coverage; the site's header and the catalogue read them from there;
- each district becomes a place in the data (`{base}place/{slug}`, schema:AdministrativeArea),
  so organisations can name it (ag:district) and the lists can filter by it; written in the
  init's one validated change set, like the vocabulary;
- the logo is copied into the store folder (the settings name the file; the app serves it
  itself, so nothing loads from another host).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox

from .config import under_example_base
from .errors import UsageError
from .namespaces import RDF_TYPE, SCHEMA, SKOS
from .naming import slugify
from .store import check_base_iri

#: The graph the office's own start data goes to.
OFFICE_GRAPH = "public/office"
#: Logo files the site can show, by ending; the copy in the store is named `logo.<ending>`.
LOGO_ENDINGS = (".svg", ".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class OfficeStart:
    """What an office gives at init: all optional; `settings` is the publication settings'
    JSON form (as `akteursgraph publication` shows it), which the other values override."""

    name: str | None = None
    districts: tuple[str, ...] = ()
    logo: Path | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: The file `settings` came from, to name it in a message.
    settings_file: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.name or self.districts or self.logo or self.settings)

    def named(self) -> dict[str, Any]:
        """The settings with the office's name as publisher, as the store will hold them:
        what is checked, so that a name given beside an empty one in the file is taken."""
        raw = dict(self.settings)
        if self.name:
            raw["publisher"] = {**dict(raw.get("publisher") or {}), "name": self.name.strip()}
        return raw


def read_settings_file(path: Path) -> dict[str, Any]:
    """The publication settings from a JSON file (an object), or a usage error naming it and
    what is wrong in words (a missing file had been "no readable JSON: [Errno 2] …"). For
    `init --settings` and `publication --set` alike, which check its values (`check`,
    `set_publication`) with what overrides them."""
    if not Path(path).is_file():
        raise UsageError(
            "Diese Einstellungsdatei gibt es nicht.",
            "There is no such settings file.",
            where=str(path),
        )
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(
            f"Die Einstellungsdatei kann nicht gelesen werden: {reason}",
            f"The settings file cannot be read: {reason}",
            where=str(path),
        ) from exc
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise UsageError(
            f"Die Einstellungsdatei ist kein gültiges JSON: {exc}",
            f"The settings file is no valid JSON: {exc}",
            where=str(path),
        ) from exc
    if not isinstance(raw, dict):
        raise UsageError(
            "Die Einstellungsdatei muss ein JSON-Objekt enthalten.",
            "The settings file must hold a JSON object.",
            where=str(path),
        )
    return raw  # its values are checked where they are used, with what overrides them


def district_iris(base_iri: str, districts: tuple[str, ...]) -> dict[str, str]:
    """District name -> its place IRI under the base (`{base}place/{slug}`)."""
    found = {}
    for name in districts:
        slug = slugify(name)
        if not name.strip() or not slug or not slug[0].isalpha():
            raise UsageError(
                f"Der Bezirk {name!r} ergibt keinen lesbaren Namen für seine IRI.",
                f"The district {name!r} gives no readable name for its IRI.",
                where="--district",
            )
        iri = f"{base_iri}place/{slug}"
        twin = next((other for other, known in found.items() if known == iri), None)
        if twin == name.strip():
            raise UsageError(
                f"Der Bezirk {twin!r} ist zweimal angegeben: einmal genügt.",
                f"The district {twin!r} is given twice: once is enough.",
                where="--district",
            )
        if twin is not None:
            raise UsageError(
                f"Die Bezirke {twin!r} und {name.strip()!r} ergäben dieselbe IRI {iri}: "
                "einen von beiden anders schreiben oder weglassen.",
                f"The districts {twin!r} and {name.strip()!r} would give the same IRI {iri}: "
                "write one of them differently or leave it out.",
                where="--district",
            )
        found[name.strip()] = iri
    return found


def _logo_ending(logo: Path, where: str = "--logo") -> str:
    """The logo's ending, once the file is one of its kind: a text named `.png` was served
    as an image, and every page's header showed a broken one. `where`: the option or the
    setting that named the file, for the message."""
    ending = logo.suffix.lower()
    if ending not in LOGO_ENDINGS or not logo.is_file():
        raise UsageError(
            f"Das Logo muss eine Datei sein ({', '.join(LOGO_ENDINGS)}): {logo}",
            f"The logo must be a file ({', '.join(LOGO_ENDINGS)}): {logo}",
            where=where,
        )
    if not _LOGO_KINDS[ending](logo.read_bytes()):
        raise UsageError(
            f"Die Datei {logo.name} ist kein Bild der Art {ending} (ihr Inhalt passt nicht zu "
            "ihrer Endung).",
            f"The file {logo.name} is no {ending} image (its content does not match its ending).",
            where=where,
        )
    if ending == ".svg" and _svg_script(logo.read_bytes()):
        raise UsageError(
            f"Das Logo {logo.name} enthält Skript oder ist kein lesbares SVG; ein Logo braucht "
            "kein Skript.",
            f"The logo {logo.name} holds script or is no readable SVG; a logo needs no script.",
            where=where,
        )
    return ending


def _svg_script(data: bytes) -> bool:
    """Whether an SVG holds script, read as XML, not as text: a `<x:script>` in the SVG
    namespace, an `on…` attribute or a `javascript:` address written with entities passed a
    search of the text. One that is no well-formed XML, or declares a DTD, counts as holding
    it (the browser could read what the parser cannot)."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.I):
        return True
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return True
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        if tag in ("script", "foreignobject", "iframe"):
            return True
        if tag in ("set", "animate"):
            # An animation sets an attribute by name: an `on…` handler or an address (audit:
            # `<set attributeName="onmouseover" to="…">` and `values="x;javascript:…"` passed).
            named = element.attrib.get("attributeName", "").rpartition(":")[2].strip().lower()
            if named.startswith("on") or named == "href":
                return True
        for name, value in element.attrib.items():
            if name.rpartition("}")[2].lower().startswith("on"):
                return True
            if re.search(r"javascript:|data:text/html", "".join(value.split()), re.I):
                return True
    return False


def _is_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return re.search(rb"<svg[\s>]", text) is not None and text[:1] == b"<"


def _is_png(data: bytes) -> bool:
    """A PNG's signature, its header chunk first (checksum right, a size not 0) and its end
    chunk last: a file that only began like one (the signature and anything after it) was
    taken, and every page's header showed a broken image (audit)."""
    header = data[8:33]
    return (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        and header[:8] == b"\x00\x00\x00\x0dIHDR"
        and zlib.crc32(header[4:21]) == int.from_bytes(header[21:25], "big")
        and int.from_bytes(header[8:12], "big") > 0
        and int.from_bytes(header[12:16], "big") > 0
        and data.endswith(b"IEND\xaeB`\x82")
    )


#: The JPEG markers of a frame header, which gives the picture's size.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _is_jpeg(data: bytes) -> bool:
    """A JPEG's start, then its segments up to a frame header with a size not 0 (as
    `_is_png`: its first three bytes alone were taken)."""
    if not data.startswith(b"\xff\xd8\xff"):
        return False
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill
            at += 1
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in _JPEG_FRAMES:
            frame = data[at + 4 : at + 2 + length]
            height, width = frame[1:3], frame[3:5]  # after the sample precision
            return (
                len(frame) >= 6
                and int.from_bytes(height, "big") > 0
                and int.from_bytes(width, "big") > 0
            )
        if marker == 0xDA or length < 2:  # image data before any frame header
            return False
        at += 2 + length
    return False


def _is_webp(data: bytes) -> bool:
    """A WebP's RIFF container, as long as it says, holding a picture chunk (as `_is_png`)."""
    size = int.from_bytes(data[4:8], "little")
    return (
        data[:4] == b"RIFF"
        and data[8:12] == b"WEBP"
        and data[12:16] in (b"VP8 ", b"VP8L", b"VP8X")
        and len(data) in (size + 8, size + 9)  # an odd size is padded
    )


#: Whether a logo file is an image of its ending's kind (an SVG is XML with an svg element).
_LOGO_KINDS = {
    ".svg": _is_svg,
    ".png": _is_png,
    ".jpg": _is_jpeg,
    ".jpeg": _is_jpeg,
    ".webp": _is_webp,
}


def check(start: OfficeStart, base_iri: str, *, example: bool = False) -> None:
    """Refuse what would fail later, before the store is made (or an old one deleted: a
    base IRI refused by `Store.create` came after `init --force` had cleared the folder)."""
    check_base_iri(base_iri)
    if start.name is not None and not start.name.strip():
        raise UsageError(
            "Der Name des Amts ist leer: bitte den Namen angeben, den die Seiten zeigen sollen.",
            "The office's name is empty: please give the name the pages are to show.",
            where="--office-name",
        )
    if example and start.given:
        raise UsageError(
            "Das Beispiel bringt sein eigenes Amt mit: --example nicht zusammen mit Angaben zum "
            "Amt (Name, Bezirke, Logo, Einstellungen).",
            "The example brings its own office: --example not together with an office's "
            "details (name, districts, logo, settings).",
            where="--example",
        )
    district_iris(base_iri, start.districts)
    if not example and not under_example_base(base_iri):
        from .publish.settings import refuse_the_examples

        # Mitte's identity in another office's store: refused before the store is made (an
        # old one deleted), and named after what the office gave.
        refuse_the_examples(start.named(), where=start.settings_file or "--office-name")
    if start.logo is not None:
        _logo_ending(start.logo)
    if start.settings:
        from .publish.settings import parse

        # A wrong value is named now, not after the store is made, after the file the office
        # wrote; one that --office-name replaces is none (an empty publisher.name was
        # refused beside it).
        try:
            parse(start.named())
        except UsageError as exc:
            raise UsageError(exc.de, exc.en, where=start.settings_file or exc.where) from exc
        if start.settings.get("logo") and start.logo is None:
            held = logo_not_held(str(start.settings["logo"]))
            # named after the file the office wrote, as its other wrong keys are
            raise UsageError(held.de, held.en, where=start.settings_file or held.where)


def check_held_logo(store_path: Path, name: str) -> None:
    """A logo the settings name (`publication --set`) is checked as `--logo` checks one: a
    file of its kind, an SVG without script. A text named `x.svg`, or an SVG with a script,
    had been taken and served at /office-logo."""
    path = Path(store_path) / name
    if not path.is_file():
        raise logo_not_held(name)
    _logo_ending(path, where="logo")


def logo_not_held(name: str) -> UsageError:
    """The settings name a logo the store folder does not hold: every page would show a
    broken image. The way to give one is `--logo FILE`, which copies it in."""
    return UsageError(
        f"Das Logo {name!r} liegt nicht im Speicherordner. Ein Logo mit --logo DATEI angeben "
        "(bei init oder publication): es wird in den Speicher kopiert.",
        f"The logo {name!r} is not in the store folder. Give a logo with --logo FILE (at init "
        "or publication): it is copied into the store.",
        where="logo",
    )


@contextmanager
def district_file(base_iri: str, start: OfficeStart) -> Iterator[Path | None]:
    """A TriG file with the districts as places in OFFICE_GRAPH (None without districts), for
    the init's change set; removed afterwards."""
    places = district_iris(base_iri, start.districts)
    if not places:
        yield None
        return
    graph = ox.NamedNode(base_iri + "graph/" + OFFICE_GRAPH)
    area, label = ox.NamedNode(SCHEMA + "AdministrativeArea"), ox.NamedNode(SKOS + "prefLabel")
    quads = []
    for name, iri in places.items():
        node = ox.NamedNode(iri)
        quads.append(ox.Quad(node, ox.NamedNode(RDF_TYPE), area, graph))
        quads.append(ox.Quad(node, label, ox.Literal(name, language="de"), graph))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "office-districts.trig"
        path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
        yield path


def publication(store_path: Path, base_iri: str, start: OfficeStart) -> dict[str, Any]:
    """The publication settings for the new store: the settings file's, with the office's
    name as publisher, its districts added to the spatial coverage, and its logo (copied
    into the store folder as `logo.<ending>`)."""
    raw = start.named()
    places = list(district_iris(base_iri, start.districts).values())
    if places:
        spatial = list(raw.get("spatial") or [])
        raw["spatial"] = spatial + [p for p in places if p not in spatial]
    if start.logo is not None:
        raw["logo"] = copy_logo(store_path, start.logo)
    return raw


def copy_logo(store_path: Path, logo: Path) -> str:
    """Copy an office's logo into the store folder (`logo.<ending>`, readable by the server);
    its name, for the settings' `logo`. At `init --logo` and `publication --logo` alike."""
    name = "logo" + _logo_ending(logo)
    shutil.copyfile(logo, Path(store_path) / name)
    (Path(store_path) / name).chmod(0o644)
    return name
