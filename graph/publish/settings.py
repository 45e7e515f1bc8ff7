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

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import under_example_base
from ..errors import UsageError
from ..resources import example_publication_file
from ..store import CONFIG_FILE, read_config, update_config

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

#: The states of conformity an accessibility statement declares (BITV 2.0, after the EU's
#: model statement): fully, partially or not compliant.
ACCESSIBILITY_STATUSES = ("full", "partial", "none")

#: A year or a day of the common era, in ASCII digits (a full-width "２０２４" was taken and
#: published; a year before it was cut short in the catalogue's xsd:date; re-check walk).
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$")
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
    # ---- the legal pages (Impressum, privacy notice, accessibility statement, Leichte
    # Sprache): None means "not yet filled in", and the page says so rather than guessing.
    #: The office's postal address, lines separated by newlines.
    office_address: str | None = None
    office_phone: str | None = None
    #: Who is responsible for the content (Impressum), and in what role.
    responsible_name: str | None = None
    responsible_role: str | None = None
    #: The data-protection officer's contact (privacy notice).
    dpo_name: str | None = None
    dpo_email: str | None = None
    dpo_address: str | None = None
    #: The data-protection supervisory authority a complaint goes to.
    supervisory_name: str | None = None
    supervisory_url: str | None = None
    #: The privacy notice's legal basis of processing visits (GDPR Art. 13 (1) c: for a
    #: public body Art. 6 (1) e with its state's law) and how long the web server's logs are
    #: kept (Art. 13 (2) a), each {"de": ..., "en": ...}: the office's and its IT's to say.
    privacy_legal_basis: Mapping[str, str] = field(default_factory=dict)
    privacy_log_retention: Mapping[str, str] = field(default_factory=dict)
    #: The conciliation body for accessibility complaints (accessibility statement). Which
    #: one depends on who runs the site: federal bodies have the one under § 16 BGG, a
    #: state's or a municipality's bodies the one their state's law names; so no default.
    conciliation_name: str | None = None
    conciliation_url: str | None = None
    #: Where feedback on accessibility goes; default: the contact point's mailbox.
    feedback_email: str | None = None
    #: The office's logo: a file in the store folder (`init --logo` copies it there; served at
    #: /office-logo), or none.
    logo: str | None = None
    #: The accessibility statement: the state of conformity, when it was assessed, and the
    #: office's own known limitations ({"de": [...], "en": [...]}) beside the software's.
    accessibility_status: str | None = None
    accessibility_assessed: str | None = None
    accessibility_limitations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The law the site's accessibility follows ({"de": ..., "en": ...}): a federal body's is
    #: the BGG with the BITV 2.0, a state's or municipality's its state's law (Berlin: the
    #: Barrierefreie-IKT-Gesetz Berlin); so no default.
    accessibility_law: Mapping[str, str] = field(default_factory=dict)
    #: The office's key information in Leichte Sprache (German), one paragraph each.
    easy_language: tuple[str, ...] = ()
    #: What the office's places are, in Leichte Sprache (German), one line each: the page
    #: offers "Sie können Orte finden." and adds these lines.
    easy_language_places: tuple[str, ...] = ()

    @property
    def attribution_text(self) -> str:
        return self.attribution or self.publisher_name

    @property
    def office_name(self) -> str:
        """The office's name as every page (public and staff) shows it: the publisher and
        the office within it, each once. The contact point's name alone ("Fachstelle Eine
        Welt") left out the municipality that `init --office-name` named; where one name
        holds the other's words ("Bezirksamt Mitte von Berlin, Koordinationsstelle ..."), in
        any order, the longer: "Koordinationsstelle … der Stadt Musterstadt" and "Stadt
        Musterstadt, Koordinationsstelle …" were shown one after the other (new-office walk)."""
        contact, publisher = self.contact_name, self.publisher_name
        if not contact or _words(contact) <= _words(publisher):
            return publisher
        if _words(publisher) <= _words(contact):
            return contact
        return f"{publisher}, {contact}"

    @property
    def office_name_lang(self) -> str:
        """The language of `office_name`, which a page in another language marks (WCAG 3.1.2):
        a German administration's name is German, and a screen reader on the English page
        read "Bezirksamt" with English sounds."""
        return "de"

    @property
    def feedback_mailbox(self) -> str | None:
        """Where accessibility feedback goes: its own setting, else the contact mailbox."""
        return self.feedback_email or self.contact_email


def _words(name: str) -> set[str]:
    """A name's words, in lower case (what `office_name` compares)."""
    return set(re.findall(r"\w+", name.lower()))


def publication_settings(store_path: Path) -> PublicationSettings:
    """The store's settings (defaults for what `akteursgraph.json` does not say)."""
    return parse(read_config(Path(store_path)).get(PUBLICATION) or {})


def parse(raw: Mapping[str, Any]) -> PublicationSettings:
    """Settings from their JSON form, checked: a wrong value is named, never ignored."""
    if not isinstance(raw, Mapping):
        raise _bad("publication", "ein Objekt", "an object")
    known = {
        "title", "description", "publisher", "contact", "licence", "attribution", "spatial",
        "geocoding_level", "temporal", "themes", "frequency", "office", "responsible",
        "data_protection_officer", "supervisory_authority", "conciliation_body",
        "feedback_email", "logo", "accessibility", "easy_language", "easy_language_places",
        "privacy",
    }  # fmt: skip
    for key in raw:
        if key not in known:
            raise _bad(str(key), "kein bekannter Schlüssel", "not a known key")
    defaults = PublicationSettings()
    publisher = _object(raw, "publisher")
    contact = _object(raw, "contact")
    temporal = _object(raw, "temporal")
    period = _period(temporal, "temporal")
    office = _object(raw, "office")
    responsible = _object(raw, "responsible")
    dpo = _object(raw, "data_protection_officer")
    authority = _object(raw, "supervisory_authority")
    conciliation = _object(raw, "conciliation_body")
    accessibility = _object(raw, "accessibility")
    privacy = _object(raw, "privacy")
    for key in privacy:
        if key not in ("legal_basis", "log_retention"):
            raise _bad(f"privacy.{key}", "kein bekannter Schlüssel", "not a known key")
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
        temporal_start=period[0],
        temporal_end=period[1],
        themes=tuple(_choices(raw, "themes", THEMES)) if "themes" in raw else defaults.themes,
        frequency=_choice(raw, "frequency", FREQUENCIES) or defaults.frequency,
        office_address=_text(office, "office.address"),
        office_phone=_text(office, "office.phone"),
        responsible_name=_text(responsible, "responsible.name"),
        responsible_role=_text(responsible, "responsible.role"),
        dpo_name=_text(dpo, "data_protection_officer.name"),
        dpo_email=_mailbox(dpo, "data_protection_officer.email"),
        dpo_address=_text(dpo, "data_protection_officer.address"),
        supervisory_name=_text(authority, "supervisory_authority.name"),
        supervisory_url=_iri(authority, "supervisory_authority.url"),
        privacy_legal_basis=_languages(privacy, "privacy.legal_basis", {}),
        privacy_log_retention=_languages(privacy, "privacy.log_retention", {}),
        conciliation_name=_text(conciliation, "conciliation_body.name"),
        conciliation_url=_iri(conciliation, "conciliation_body.url"),
        feedback_email=_mailbox(raw, "feedback_email"),
        logo=_file_name(raw, "logo"),
        accessibility_status=_choice(accessibility, "accessibility.status", ACCESSIBILITY_STATUSES),
        accessibility_assessed=_date(accessibility, "accessibility.assessed"),
        accessibility_limitations=_text_lists(accessibility, "accessibility.limitations"),
        accessibility_law=_languages(accessibility, "accessibility.law", {}),
        easy_language=tuple(_texts(raw, "easy_language")),
        easy_language_places=tuple(_texts(raw, "easy_language_places")),
    )
    _statement_agrees(settings)
    return settings


def _statement_agrees(settings: PublicationSettings) -> None:
    """The accessibility statement must not contradict itself: "partly" or "not compatible"
    says the barriers are listed below, so it needs them; "fully compatible" lists none. (The
    software's own list, `webapp.office.software_limitations`, is empty: it knows none.)"""
    status, listed = settings.accessibility_status, bool(settings.accessibility_limitations)
    if status in ("partial", "none") and not listed:
        raise _bad(
            "accessibility.status",
            f'"{status}" nennt die Barrieren: accessibility.limitations fehlt',
            f'"{status}" lists the barriers: accessibility.limitations is missing',
        )
    if status == "full" and listed:
        raise _bad(
            "accessibility.status",
            '"full" passt nicht zu den Barrieren in accessibility.limitations',
            '"full" does not go with the barriers in accessibility.limitations',
        )


def set_publication(store_path: Path, raw: Mapping[str, Any]) -> PublicationSettings:
    """Check and store the settings whole (the file is replaced atomically)."""
    settings = parse(raw)
    if not under_example_base(str(read_config(Path(store_path)).get("base_iri", ""))):
        refuse_the_examples(raw)
    if settings.logo:
        from ..office import check_held_logo

        check_held_logo(Path(store_path), settings.logo)
    update_config(Path(store_path), {PUBLICATION: dict(raw)})
    return settings


#: The settings that say who publishes: another office's store takes none of the example's.
#: (The licence, the themes, a state's key or its accessibility law may well be the same.)
_IDENTITY = (
    "title", "description", "publisher.name", "publisher.iri", "contact.name",
    "contact.email", "contact.url", "attribution", "easy_language", "easy_language_places",
)  # fmt: skip


def refuse_the_examples(raw: Mapping[str, Any], where: str = CONFIG_FILE) -> None:
    """Refuse the shipped Mitte example's identity in another office's settings: an IRI
    under the example's base, or any text of the example's own value of a key of
    `_IDENTITY` (a title in either language, one Leichte Sprache sentence), whatever its
    case and spaces. An office that started from graph/data/example-publication.json
    published Mitte's publisher, mailbox and district in its Impressum and its DCAT
    catalogue, without a word."""
    example = json.loads(example_publication_file().read_text(encoding="utf-8"))
    found = [
        key
        for key in _IDENTITY
        if {_plain(t) for _, t in _leaves(_at(raw, key), "")}
        & {_plain(t) for _, t in _leaves(_at(example, key), "")}
    ]
    found += [key for key, value in _leaves(raw, "") if under_example_base(value)]
    if found:
        keys = ", ".join(dict.fromkeys(found))
        raise UsageError(
            f"Die Einstellungen {keys} sind die des mitgelieferten Beispiels (Bezirksamt Mitte "
            "von Berlin): ein anderes Amt veröffentlicht seine eigenen Angaben und IRIs "
            "(docs/configuration.md, docs/new-office.md).",
            f"The settings {keys} are those of the shipped example (Bezirksamt Mitte von "
            "Berlin): another office publishes its own details and IRIs "
            "(docs/configuration.md, docs/new-office.md).",
            where=where,
        )


def publisher_beside_example(store_path: Path, raw: Mapping[str, Any]) -> list[str]:
    """The publisher's keys (`publisher.name`, `publisher.iri`) in `raw` that name another
    office than the example's, while the store's data keeps the example's base IRI: allowed
    (an office tries its pages on the example), but the catalogue would then say that this
    office publishes IRIs carrying Mitte's name, which stay once published (new-office walk:
    taken without a word). Empty when the base is the office's own or no publisher is set."""
    if not under_example_base(str(read_config(Path(store_path)).get("base_iri", ""))):
        return []
    example = json.loads(example_publication_file().read_text(encoding="utf-8"))
    return [
        key
        for key in ("publisher.name", "publisher.iri")
        if _at(raw, key) is not None
        and {_plain(t) for _, t in _leaves(_at(raw, key), "")}
        - {_plain(t) for _, t in _leaves(_at(example, key), "")}
    ]


def _plain(text: str) -> str:
    """`text` as `refuse_the_examples` compares it: a changed case or an added space does
    not make Mitte's mailbox or title another office's."""
    return " ".join(text.split()).casefold()


def _at(raw: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted `key` ("publisher.name"), or None."""
    value: Any = raw
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _leaves(value: Any, key: str) -> list[tuple[str, str]]:
    """Every text in `value` with its dotted key (a list's items under the list's key)."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, Mapping):
        return [
            leaf for k, v in value.items() for leaf in _leaves(v, f"{key}.{k}" if key else str(k))
        ]
    if isinstance(value, list | tuple):
        return [leaf for v in value for leaf in _leaves(v, key)]
    return []


def raw_publication(store_path: Path) -> dict[str, Any]:
    """The settings as stored (what `akteursgraph publication` shows and edits)."""
    return dict(read_config(Path(store_path)).get(PUBLICATION) or {})


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
    value = raw.get(key.rpartition(".")[2])
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
    # Each once: the catalogue's page named a place given twice twice, its RDF once.
    return list(dict.fromkeys(str(_iri({key: v}, key)) for v in values))


def _mailbox(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None:
        value = value.removeprefix("mailto:")
        if not _MAILBOX.match(value):
            raise _bad(key, "eine E-Mail-Adresse", "an e-mail address")
    return value


def _texts(raw: Mapping[str, Any], key: str) -> list[str]:
    values = raw.get(key.rpartition(".")[2]) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise _bad(key, "eine Liste nicht leerer Texte", "a list of non-empty texts")
    return [v.strip() for v in values]


def _text_lists(raw: Mapping[str, Any], key: str) -> dict[str, tuple[str, ...]]:
    value = raw.get(key.rpartition(".")[2]) or {}
    if not isinstance(value, Mapping) or not set(value) <= {"de", "en"}:
        raise _bad(key, 'ein Objekt mit "de" und "en"', 'an object with "de" and "en"')
    lists = {lang: tuple(_texts(value, f"{key}.{lang}")) for lang in value}
    # Each entry in both languages: with German only, the English page said none is known.
    if lists and (set(lists) != {"de", "en"} or len(lists["de"]) != len(lists["en"])):
        raise _bad(
            key,
            'ein Objekt mit "de" und "en", gleich vielen Einträgen (jeder in beiden Sprachen)',
            'an object with "de" and "en", as many entries each (each in both languages)',
        )
    return {lang: texts for lang, texts in lists.items() if texts}


def _file_name(raw: Mapping[str, Any], key: str) -> str | None:
    value = _text(raw, key)
    if value is not None and not _FILE_NAME.match(value):
        raise _bad(key, "ein Dateiname im Speicherordner (.svg, .png, .jpg, .webp)",
                   "a file name in the store folder (.svg, .png, .jpg, .webp)")  # fmt: skip
    return value


def _date(raw: Mapping[str, Any], key: str) -> str | None:
    """A year or a day that exists: "2020-13-45" had the right shape, was taken, and the
    catalogue published it as an xsd:date no reader can read (new-office walk)."""
    value = _text(raw, key)
    if value is not None and not _DATE.match(value):
        raise _bad(key, "JJJJ oder JJJJ-MM-TT", "YYYY or YYYY-MM-DD")
    if value is not None and value.startswith("0000"):  # no year 0 in the common era
        raise _bad(key, "ein Jahr ab 0001", "a year from 0001")
    if value is not None and len(value) == 10:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise _bad(key, f"den Tag {value} gibt es nicht", f"there is no day {value}") from None
    return value


def _period(raw: Mapping[str, Any], key: str) -> tuple[str | None, str | None]:
    """A time span's start and end (`_date`), the start not after the end."""
    start, end = _date(raw, f"{key}.start"), _date(raw, f"{key}.end")
    if start is not None and end is not None:
        first = start if len(start) == 10 else f"{start}-01-01"
        last = end if len(end) == 10 else f"{end}-12-31"
        if first > last:
            raise _bad(key, f"der Beginn {start} liegt nach dem Ende {end}",
                       f"the start {start} is after the end {end}")  # fmt: skip
    return start, end


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
