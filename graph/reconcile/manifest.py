"""The service manifest: what the service is and which parts of the protocol it speaks.

https://reconciliation-api.github.io/specs/0.2/#service-manifest

The identifier space is the store's base IRI (every id is a full entity IRI under it); the
schema space is the ontology's namespace (types and properties are its classes and the
reused vocabularies' terms). The URLs are made by the web layer from the address the
client used, so the manifest is right behind any host name or proxy.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..namespaces import AG
from .extend import PROPERTY_SETTINGS
from .types import default_types

NAME = {
    "de": "Akteursgraph: Akteure der Entwicklungspolitik",
    "en": "Akteursgraph: actors of development policy",
}
PREVIEW_WIDTH = 400
PREVIEW_HEIGHT = 160


def manifest(base_iri: str, service_url: str, site_url: str, lang: str) -> dict[str, Any]:
    """The manifest. `service_url` is this service's absolute URL (`.../reconcile`),
    `site_url` the site's root (`.../`), where the entity pages live."""
    return {
        "versions": ["0.2"],
        "name": NAME.get(lang, NAME["de"]),
        "identifierSpace": base_iri,
        "schemaSpace": AG,
        "serviceVersion": __version__,
        "defaultTypes": default_types(lang),
        "view": {"url": site_url + "entity?iri={{id}}"},
        "preview": {
            "url": service_url + "/preview?id={{id}}&lang=" + lang,
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            part: {"service_url": service_url, "service_path": f"/suggest/{part}"}
            for part in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {
                "service_url": service_url,
                "service_path": "/propose_properties",
            },
            "property_settings": PROPERTY_SETTINGS,
        },
    }
