"""Fail when the translation catalogues are stale or incomplete.

1. Re-extracts messages from a copy of the source tree (Django's makemessages)
   and fails if the committed catalogue lacks any message: run `make messages`.
2. Fails on untranslated or fuzzy Chinese entries, and on entries whose
   placeholders (%(name)s, %s, {name}) differ from the English.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "habitat_monitor"
TRANSLATED = ("zh_Hans",)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def stale_messages(language: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "habitat_monitor"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "habitat-monitor"),
                "makemessages",
                "-l",
                language,
                "--no-location",
                "--no-obsolete",
                "-v0",
            ],
            cwd=copy,
            check=True,
            env={**os.environ, "HM_VAR_DIR": str(Path(tmp) / "var")},
        )
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    known = {_key(entry) for entry in committed if not entry.obsolete}
    return [entry.msgid for entry in fresh if _key(entry) not in known]


def untranslated(language: str) -> list[str]:
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or ""))))
        for text in translations:
            found = sorted(set(PLACEHOLDER.findall(text)))
            if found != expected:
                problems.append(f"placeholders {found} != {expected}: {entry.msgid!r}")
    return problems


def main() -> int:
    failures = []
    for language in TRANSLATED:
        failures += [f"{language}: not in the catalogue: {m!r}" for m in stale_messages(language)]
        failures += [f"{language}: {problem}" for problem in untranslated(language)]
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(
            "Translation catalogues need work: run `make messages` and translate.", file=sys.stderr
        )
        return 1
    print("Translation catalogues are complete.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
