"""Another office starts clean (issue 16, item 10): `akteursgraph init` without `--example`,
with the office's name, districts, logo and base IRI, gives a working site with nothing of
Mitte on it.

One store is made through the real CLI (as an operator would), then the real app answers
every page kind on it with the test client.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from akteursgraph.errors import UsageError
from akteursgraph.gallery import EXAMPLE_ENTRIES, load_gallery
from akteursgraph.office import OfficeStart
from akteursgraph.operations import init_store
from akteursgraph.publish.settings import publication_settings
from akteursgraph.store import Store
from akteursgraph_web import close_app, create_app

from .conftest import run_cli

BASE = "https://daten.example.org/akteure/"
OFFICE = "Fachstelle Eine Welt Beispielstadt"
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'

#: One page of every kind a visitor reaches on an empty store.
PAGES = (
    "/",
    "/organisations",
    "/people",
    "/projects",
    "/events",
    "/cooperations",
    "/topics",
    "/sites",
    "/speakers",
    "/search?q=Kolonialgeschichte",
    "/network",
    "/network/paths",
    "/download/",
    "/catalog",
    "/sparql/editor",
)


@pytest.fixture(scope="module")
def office_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    (folder / "logo.svg").write_bytes(LOGO)
    settings = folder / "settings.json"
    settings.write_text(
        json.dumps({"contact": {"email": "eine-welt@example.org"}, "themes": ["SOCI"]}),
        encoding="utf-8",
    )
    store = folder / "store"
    done = run_cli(
        "init", "--base-iri", BASE, "--office-name", OFFICE, "--district", "Nordstadt",
        "--district", "Südstadt", "--logo", str(folder / "logo.svg"), "--settings", str(settings),
        store=store,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "--base-iri" not in done.stderr  # no hint: the base IRI was given
    return store


@pytest.fixture(scope="module")
def office_app(office_store: Path) -> Iterator[Flask]:
    app = create_app({"STORE_PATH": str(office_store), "TESTING": True})
    yield app
    close_app(app)


def test_init_stores_the_office_settings_and_districts(office_store: Path) -> None:
    settings = publication_settings(office_store)
    assert settings.publisher_name == OFFICE
    assert settings.contact_email == "eine-welt@example.org"  # from the settings file
    assert settings.spatial == (BASE + "place/nordstadt", BASE + "place/suedstadt")
    assert settings.logo == "logo.svg"
    assert (office_store / "logo.svg").read_bytes() == LOGO
    with Store.open(office_store, read_only=True) as store:
        assert store.base_iri == BASE
        labels = {
            row["place"].value: row["label"].value
            for row in store.select(
                "SELECT ?place ?label WHERE { ?place a <https://schema.org/AdministrativeArea> ;"
                " <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
                public_only=True,
            )
        }
    assert labels == {BASE + "place/nordstadt": "Nordstadt", BASE + "place/suedstadt": "Südstadt"}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_works_and_shows_nothing_of_mitte(office_app: Flask, path: str) -> None:
    client = office_app.test_client(use_cookies=False)
    for lang in ("de", "en"):
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == 200, (path, lang, response.status_code)
        text = response.get_data(as_text=True)
        assert not re.search(r"\bMitte\b", text), (path, lang)
        assert "/mitte/" not in text, (path, lang)


def test_the_office_name_is_shown(office_app: Flask) -> None:
    """The dataset description names the office as publisher (the site's header reads the
    same setting)."""
    client = office_app.test_client(use_cookies=False)
    catalog = client.get("/catalog", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert OFFICE in catalog
    assert "https://daten.example.org/akteure/place/nordstadt" in catalog  # spatial coverage


def test_a_district_facet_offers_the_districts(office_app: Flask) -> None:
    """The districts are places in the data: the organisation list's district filter and
    their own pages exist from the start."""
    client = office_app.test_client(use_cookies=False)
    page = client.get("/place/nordstadt", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    assert "Nordstadt" in page.get_data(as_text=True)


def test_the_gallery_leaves_out_the_examples_own_questions() -> None:
    """Entries that name the example's office, IRIs or sources are example-only, so another
    office's query gallery holds nothing of Mitte; a new one of that kind must be listed."""
    for entry in load_gallery():
        text = " ".join([entry["query"], *entry["title"].values(), *entry["description"].values()])
        names_example = bool(re.search(r"\bMitte\b|/mitte/|ba-mitte", text))
        assert names_example == (entry["id"] in EXAMPLE_ENTRIES), entry["id"]
    assert len(load_gallery(example=False)) == len(load_gallery()) - len(EXAMPLE_ENTRIES)


def test_init_refuses_office_details_with_the_example(tmp_path: Path) -> None:
    done = run_cli("init", "--example", "--office-name", OFFICE, store=tmp_path / "s")
    assert done.returncode == 2
    assert "--example" in done.stderr
    assert not (tmp_path / "s").exists()


def test_a_district_without_a_readable_name_is_refused_before_anything_is_made(
    tmp_path: Path,
) -> None:
    with pytest.raises(UsageError, match=r"district '123' gives no readable name"):
        init_store(tmp_path / "s", base_iri=BASE, office=OfficeStart(districts=("123",)))
    assert not (tmp_path / "s").exists()


def test_without_base_iri_init_says_which_base_it_uses(tmp_path: Path) -> None:
    done = run_cli("init", "--office-name", OFFICE, store=tmp_path / "s")
    assert done.returncode == 0, done.stderr
    assert "--base-iri" in done.stderr
