"""Extract the interface strings and write the German catalogue from tools/translations_de.py.

Run by `make translations`; the compiled .mo files are made by `make setup`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from translations_de import DE  # noqa: E402

POT = ROOT / "webapp" / "translations" / "messages.pot"
PO = ROOT / "webapp" / "translations" / "de" / "LC_MESSAGES" / "messages.po"


def main() -> int:
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "--no-location",
            "--sort-output",
            "-o",
            str(POT),
            str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )
    with POT.open("rb") as fh:
        catalog = read_po(fh, locale="de")
    catalog.fuzzy = False
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = DE.get(key)
        if value is None:
            missing.append(key)
            continue
        message.string = value  # a (singular, plural) pair for ngettext messages
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    for key in missing:
        print(f"missing German translation: {key!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
