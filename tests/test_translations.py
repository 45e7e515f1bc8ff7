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
