"""What the dataset description says about the deployment: publisher, contact point, licence,
coverage. Kept with the store (`akteursgraph.json`, key `publication`) like the review
setting, so the CLI and the server of one store describe the same data the same way.

Every value has a documented default (docs/configuration.md); none names an office. The
example store gets its office's values from `graph/data/example-publication.json` at
`init --example`, the way it gets its data from the example files.

The controlled vocabularies are those of DCAT-AP.de 3.0
(https://www.dcat-ap.de/def/dcatde/3.0/spec/): licences from `http://dcat-ap.de/def/licenses`,
geocoding levels from `http://dcat-ap.de/def/politicalGeocoding/Level`, themes and frequencies
from the EU Publications Office's authority tables.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError, UsageError
from ..store import CONFIG_FILE

PUBLICATION = "publication"

LICENCE_SCHEME = "http://dcat-ap.de/def/licenses"
#: The licences offered (DCAT-AP.de licence vocabulary): IRI -> (German, English) name.
LICENCES: dict[str, tuple[str, str]] = {
    "http://dcat-ap.de/def/licenses/cc-by/4.0": (
        "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    ),
    "http://dcat-ap.de/def/licenses/dl-by-de/2.0": (
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "Data licence Germany – attribution – version 2.0",
    ),
    "http://dcat-ap.de/def/licenses/dl-zero-de/2.0": (
        "Datenlizenz Deutschland – Zero – Version 2.0",
        "Data licence Germany – Zero – version 2.0",
    ),
}
DEFAULT_LICENCE = "http://dcat-ap.de/def/licenses/cc-by/4.0"

GEOCODING_LEVEL_SCHEME = "http://dcat-ap.de/def/politicalGeocoding/Level"
GEOCODING_LEVELS = (
    "international",
    "european",
    "federal",
    "state",
    "administrativeDistrict",
    "municipality",
)
THEME_SCHEME = "http://publications.europa.eu/resource/authority/data-theme"
THEMES = (
    "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO",
    "REGI", "SOCI", "TECH", "TRAN",
)  # fmt: skip
FREQUENCY_SCHEME = "http://publications.europa.eu/resource/authority/frequency"
FREQUENCIES = (
    "CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG", "UNKNOWN",
)  # fmt: skip
PUBLISHER_TYPE_SCHEME = "http://purl.org/adms/publishertype/1.0"
PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation", "Company", "IndustryConsortium", "LocalAuthority",
    "NationalAuthority", "NonGovernmentalOrganisation", "NonProfitOrganisation",
    "PrivateIndividual(s)", "RegionalAuthority", "StandardisationBody", "SupraNationalAuthority",
)  # fmt: skip

_DATE = re.compile(r"^-?\d{4}(-\d{2}-\d{2})?$")
_MAILBOX = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(svg|png|jpg|jpeg|webp)$")


@dataclass(frozen=True)
class PublicationSettings:
    """The deployment's statements about its data (all optional but the licence)."""

    title: Mapping[str, str] = field(
        default_factory=lambda: {
            "de": "Akteursgraph: Akteure der kommunalen Entwicklungspolitik",
            "en": "Akteursgraph: actors of municipal development policy",
        }
    )
    description: Mapping[str, str] = field(
        default_factory=lambda: {
            "de": "Öffentliche Daten eines Akteursgraphen: Organisationen, Personen mit "
            "Einwilligung, Projekte, Veranstaltungen, Kooperationen und Orte der kommunalen "
            "Entwicklungspolitik, mit ihren Quellen.",
            "en": "The public data of an Akteursgraph: organisations, consenting people, "
            "projects, events, cooperations and places of municipal development policy, with "
            "their sources.",
        }
    )
    #: The publisher's name; without one the catalogue names the deployment itself.
    publisher_name: str = "Akteursgraph"
    publisher_iri: str | None = None
    publisher_type: str | None = None
    #: A functional mailbox of the office (never a person's address).
    contact_name: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    licence: str = DEFAULT_LICENCE
    #: The attribution a licence with attribution asks for; default: the publisher's name.
    attribution: str | None = None
    spatial: tuple[str, ...] = ()
    geocoding_level: str | None = None
    #: Temporal coverage; None: from the earliest and latest date in the public data.
    temporal_start: str | None = None
    temporal_end: str | None = None
    themes: tuple[str, ...] = ("SOCI",)
    frequency: str = "IRREG"
    #: The office's logo: a file in the store folder (`init --logo` copies it there), or none.
    logo: str | None = None

    @property
    def attribution_text(self) -> str:
        return self.attribution or self.publisher_name


def publication_settings(store_path: Path) -> PublicationSettings:
    """The store's settings (defaults for what `akteursgraph.json` does not say)."""
    return parse(_read(Path(store_path)).get(PUBLICATION) or {})


def parse(raw: Mapping[str, Any]) -> PublicationSettings:
    """Settings from their JSON form, checked: a wrong value is named, never ignored."""
    if not isinstance(raw, Mapping):
        raise _bad("publication", "ein Objekt", "an object")
    known = {
        "title", "description", "publisher", "contact", "licence", "attribution", "spatial",
        "geocoding_level", "temporal", "themes", "frequency", "logo",
    }  # fmt: skip
    for key in raw:
        if key not in known:
            raise _bad(f"publication.{key}", "kein bekannter Schlüssel", "not a known key")
    defaults = PublicationSettings()
    publisher = _object(raw, "publisher")
    contact = _object(raw, "contact")
    temporal = _object(raw, "temporal")
    settings = PublicationSettings(
        title=_languages(raw, "title", defaults.title),
        description=_languages(raw, "description", defaults.description),
        publisher_name=_text(publisher, "publisher.name") or defaults.publisher_name,
        publisher_iri=_iri(publisher, "publisher.iri"),
        publisher_type=_choice(publisher, "publisher.type", PUBLISHER_TYPES),
        contact_name=_text(contact, "contact.name"),
        contact_email=_mailbox(contact, "contact.email"),
        contact_url=_iri(contact, "contact.url"),
        licence=_choice(raw, "licence", tuple(LICENCES)) or DEFAULT_LICENCE,
        attribution=_text(raw, "attribution"),
        spatial=tuple(_iri_list(raw, "spatial")),
        geocoding_level=_choice(raw, "geocoding_level", GEOCODING_LEVELS),
        temporal_start=_date(temporal, "temporal.start"),
        temporal_end=_date(temporal, "temporal.end"),
        themes=tuple(_choices(raw, "themes", THEMES)) if "themes" in raw else defaults.themes,
        frequency=_choice(raw, "frequency", FREQUENCIES) or defaults.frequency,
        logo=_file_name(raw, "logo"),
    )
    return settings


def set_publication(store_path: Path, raw: Mapping[str, Any]) -> PublicationSettings:
    """Check and store the settings whole (the file is replaced atomically)."""
    settings = parse(raw)
    path = Path(store_path) / CONFIG_FILE
    config = _read(Path(store_path))
    config[PUBLICATION] = dict(raw)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(
            f"Die Einstellung kann nicht gespeichert werden: {exc}",
            f"The setting cannot be saved: {exc}",
            where=str(path),
        ) from exc
    return settings


def raw_publication(store_path: Path) -> dict[str, Any]:
    """The settings as stored (what `akteursgraph publication` shows and edits)."""
    return dict(_read(Path(store_path)).get(PUBLICATION) or {})


# ---- checking ---------------------------------------------------------------------------


def _bad(key: str, de: str, en: str) -> UsageError:
    return UsageError(
        f"Ungültige Einstellung {key}: {de}.", f"Invalid setting {key}: {en}.", where=CONFIG_FILE
    )


def _object(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, Mapping):
        raise _bad(key, "ein Objekt", "an object")
    return value


def _text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key.rpartition(".")[2])
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(key, "ein nicht leerer Text", "a non-empty text")
    return value.strip()


def _languages(raw: Mapping[str, Any], key: str, default: Mapping[str, str]) -> Mapping[str, str]:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, Mapping) or not value.get("de") or not value.get("en"):
        raise _bad(key, 'ein Objekt mit "de" und "en"', 'an object with "de" and "en"')
    return {lang: str(text) for lang, text in value.items() if lang in ("de", "en")}


def _iri(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None and not _IRI.match(value):
        raise _bad(key, "eine http(s)-IRI", "an http(s) IRI")
    return value


def _iri_list(raw: Mapping[str, Any], key: str) -> list[str]:
    values = raw.get(key) or []
    if not isinstance(values, list):
        raise _bad(key, "eine Liste von IRIs", "a list of IRIs")
    return [str(_iri({key: v}, key)) for v in values]


def _mailbox(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None:
        value = value.removeprefix("mailto:")
        if not _MAILBOX.match(value):
            raise _bad(key, "eine E-Mail-Adresse", "an e-mail address")
    return value


def _file_name(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None and not _FILE_NAME.match(value):
        raise _bad(key, "ein Dateiname im Speicherordner (.svg, .png, .jpg, .webp)",
                   "a file name in the store folder (.svg, .png, .jpg, .webp)")  # fmt: skip
    return value


def _date(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None and not _DATE.match(value):
        raise _bad(key, "JJJJ oder JJJJ-MM-TT", "YYYY or YYYY-MM-DD")
    return value


def _choice(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    value = _text(raw, key)
    if value is not None and value not in allowed:
        listed = ", ".join(allowed)
        raise _bad(key, f"einer von {listed}", f"one of {listed}")
    return value


def _choices(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> list[str]:
    values = raw.get(key) or []
    if not isinstance(values, list):
        raise _bad(key, "eine Liste", "a list")
    return [str(_choice({key: v}, key, allowed)) for v in values]


def _read(store_path: Path) -> dict[str, Any]:
    path = store_path / CONFIG_FILE
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"Kein lesbarer Akteursgraph-Speicher unter {store_path}.",
            f"No readable Akteursgraph store at {store_path}.",
            where=str(path),
        ) from exc
