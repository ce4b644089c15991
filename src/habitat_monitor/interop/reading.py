"""From an uploaded or named file to written values: read the DHIS2 or Open SDG file
with its mapping (``dhis2``, ``open_sdg``), then write through ``importing``. One
function serves the command line and the API, so both answer with the same summary.

An Open SDG import takes one data CSV (``indicator_<id>.csv``) or a ZIP holding
several (``data/indicator_*.csv``, as our own Open SDG export is laid out); files of
the ZIP that are not data CSVs (``meta/*.md``) are passed over.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any, Final

from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.interop import dhis2, open_sdg
from habitat_monitor.interop.importing import ImportOutcome, Progress, import_values
from habitat_monitor.interop.mapping import MappingError, problem
from habitat_monitor.interop.records import MappedValue, Problem
from habitat_monitor.plans.models import Plan

FORMATS: Final = ("dhis2", "open-sdg")
MAX_BYTES: Final = 200 * 1024 * 1024
MAX_FILES: Final = 2000


class FileRefused(Exception):
    """The mapping cannot be used: ``summary`` lists its problems; nothing was read."""

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__(f"{len(summary['problems'])} problem(s) in the mapping")
        self.summary = summary


def _open_sdg_files(body: bytes, name: str) -> list[tuple[str, bytes]] | Problem:
    if not zipfile.is_zipfile(io.BytesIO(body)):
        return [(name, body)]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        entries = [
            entry
            for entry in archive.infolist()
            if not entry.is_dir() and entry.filename.rsplit("/", 1)[-1].endswith(".csv")
        ]
        if not entries:
            return problem(name, "file", name, gettext_noop("the ZIP holds no CSV data file"))
        if len(entries) > MAX_FILES or sum(e.file_size for e in entries) > MAX_BYTES:
            template = gettext_noop("the ZIP is too large: at most %(files)s files, %(mb)s MB")
            return problem(
                name, "file", name, template, {"files": MAX_FILES, "mb": MAX_BYTES >> 20}
            )
        return [(entry.filename, archive.read(entry)) for entry in entries]


def _read(
    fmt: str, body: bytes, name: str, mapping_text: str | None, office: str | None
) -> tuple[list[MappedValue], list[Problem], int]:
    """The values to write, the problems found, and how many entries were ignored."""
    if fmt == "dhis2":
        mapping = dhis2.read_mapping(mapping_text) if mapping_text else None
        mapped = dhis2.map_data_values(body, mapping)
        return mapped.values, mapped.problems, len(mapped.ignored)
    sdg_mapping = (
        open_sdg.read_open_sdg_mapping(mapping_text) if mapping_text else open_sdg.OpenSdgMapping()
    )
    if office:
        sdg_mapping = dataclasses.replace(sdg_mapping, office=office)
    files = _open_sdg_files(body, name)
    if isinstance(files, Problem):
        return [], [files], 0
    values: list[MappedValue] = []
    problems: list[Problem] = []
    for file_name, data in files:
        found, wrong = open_sdg.read_open_sdg(data, filename=file_name, mapping=sdg_mapping)
        values += found
        problems += wrong
    return values, problems, 0


def read_values(
    fmt: str,
    body: bytes,
    *,
    file_name: str,
    mapping_text: str | None,
    plan: Plan,
    actor: Any,
    sha256: str = "",
    dry_run: bool = False,
    submit: bool = False,
    office: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Read ``body`` (a ``fmt`` file) and write its values, all or nothing. Returns the
    summary (``problems`` empty when written); raises ``FileRefused`` for a mapping
    that cannot be used."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown import format {fmt!r}")
    try:
        values, problems, ignored = _read(fmt, body, file_name, mapping_text, office)
    except MappingError as error:
        refused = ImportOutcome(problems=error.problems, dry_run=dry_run)
        raise FileRefused(refused.as_dict()) from None
    if problems:
        outcome = ImportOutcome(problems=problems, ignored=ignored, dry_run=dry_run)
    else:
        outcome = import_values(
            values,
            plan=plan,
            actor=actor,
            source=file_name,
            sha256=sha256,
            dry_run=dry_run,
            submit=submit,
            progress=progress,
        )
        outcome.ignored = ignored
    summary = outcome.as_dict() | {"format": fmt, "file": file_name, "read": len(values)}
    if fmt == "dhis2":
        written = not dry_run and not outcome.problems
        summary["import_summary"] = dhis2.import_summary(
            outcome.imported if written else 0,
            outcome.updated if written else 0,
            ignored,
            outcome.problems,
        )
    return summary
