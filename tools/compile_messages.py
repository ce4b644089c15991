"""Compile the translation catalogues (.po -> .mo) with polib.

Run by `make assets`, so a fresh machine needs no GNU gettext to serve the
site in Chinese. The .mo files are build output and not kept in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "habitat_monitor" / "locale"


def main() -> int:
    catalogues = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    for po_path in catalogues:
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"Compiled {len(catalogues)} translation catalogues", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
