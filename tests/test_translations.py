"""Every interface string has a German translation, and the catalogue is current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "webapp" / "translations" / "de" / "LC_MESSAGES" / "messages.po"


def test_every_interface_string_is_translated_to_german() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    method_map = [("webapp/**.py", "python"), ("webapp/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    assert found, "no interface strings found"
    assert sorted(found - translated) == [], (
        "run `make translations` and fill tools/translations_de.py"
    )


def test_the_catalogue_says_what_the_translation_source_says() -> None:
    """`make translations` writes the catalogue from tools/translations_de.py: a German text
    mended in the catalogue alone came back at the next run ("Geschäftsstelle" for "das
    Amt"), and six link words were missing from the source."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from translations_de import DE
    finally:
        sys.path.remove(str(ROOT / "tools"))
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    differ = []
    for m in catalog:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        said = m.string if isinstance(m.string, tuple) else (m.string,)
        source = DE.get(key)
        wanted = tuple(source) if isinstance(source, tuple | list) else (source,)
        if said != wanted:
            differ.append(key)
    assert differ == [], "the catalogue differs from tools/translations_de.py"
