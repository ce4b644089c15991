"""The export formats, by name: what each is called, its file name and media type, and
the function that writes a dataset in it. One table serves the CLI (``--format``), the
API (``/api/v1/exports/{format}``) and the pages' download menus. Pure Python.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.interop.records import Dataset
from habitat_monitor.interop.tables import as_json, notes, value_rows
from habitat_monitor.reporting.tabular import write_csv, write_xlsx


@dataclass(frozen=True)
class Format:
    name: str
    title: str  # English, marked for translation
    extension: str
    media_type: str
    write: Callable[[Dataset], bytes]


def _csv(data: Dataset) -> bytes:
    headers, rows = value_rows(data)
    return write_csv(headers, rows)


def _xlsx(data: Dataset) -> bytes:
    headers, rows = value_rows(data)
    return write_xlsx(headers, rows, notes=notes(data))


def _json(data: Dataset) -> bytes:
    return (json.dumps(as_json(data), ensure_ascii=False, indent=1) + "\n").encode()


# The codecs are imported when used: a CSV export need not load sdmx1 or lxml.


def _sdmx_csv(data: Dataset) -> bytes:
    from habitat_monitor.interop import sdmx_csv

    handle = io.StringIO()
    sdmx_csv.write_sdmx_csv(data, handle)
    return handle.getvalue().encode("utf-8")


def _sdmx_structure(data: Dataset) -> bytes:
    from habitat_monitor.interop import sdmx_csv

    return sdmx_csv.structure_xml(data)


def _iati(data: Dataset) -> bytes:
    from habitat_monitor.interop import iati

    return iati.write_iati(data, generated=data.published_at)


def _dhis2(data: Dataset) -> bytes:
    from habitat_monitor.interop import dhis2

    payload = dhis2.write_data_value_set(data)
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode()


def _open_sdg(data: Dataset) -> bytes:
    """Open SDG's data and meta files, zipped (one CSV and one page per indicator)."""
    from habitat_monitor.interop import open_sdg

    buffer = io.BytesIO()
    stamp = (data.published_at.timetuple()[:6]) if data.published_at else (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in sorted(open_sdg.write_open_sdg(data).items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), body)
    return buffer.getvalue()


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", gettext_noop("CSV"), "csv", "text/csv; charset=utf-8", _csv),
        Format(
            "xlsx",
            gettext_noop("Excel workbook"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _xlsx,
        ),
        Format("json", gettext_noop("JSON"), "json", "application/json", _json),
        Format(
            "sdmx-csv",
            gettext_noop("SDMX-CSV"),
            "sdmx.csv",
            "application/vnd.sdmx.data+csv; charset=utf-8",
            _sdmx_csv,
        ),
        Format(
            "sdmx-structure",
            gettext_noop("SDMX structure (data structure definition)"),
            "sdmx-structure.xml",
            "application/vnd.sdmx.structure+xml; version=2.1",
            _sdmx_structure,
        ),
        Format("iati", gettext_noop("IATI activity XML"), "iati.xml", "application/xml", _iati),
        Format(
            "dhis2",
            gettext_noop("DHIS2 dataValueSets JSON"),
            "dhis2.json",
            "application/json",
            _dhis2,
        ),
        Format(
            "open-sdg",
            gettext_noop("Open SDG data (ZIP)"),
            "open-sdg.zip",
            "application/zip",
            _open_sdg,
        ),
    )
}


def file_name(data: Dataset, fmt: Format, *, indicator: str | None, country: str | None) -> str:
    """``unh-sp-2020-2023-p3-1.1.1-ken.sdmx.csv``: plan, publication (or draft), what."""
    parts = [data.plan_code.lower()]
    parts.append(f"p{data.publication}" if data.publication is not None else "draft")
    if indicator:
        parts.append(indicator.lower())
    if country:
        parts.append(country.lower())
    return "-".join(parts) + "." + fmt.extension
