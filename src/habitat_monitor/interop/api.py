"""The API of open formats: exports of the figures a caller may see, and imports of
DHIS2 or Open SDG files through the reporting workflow (token or session)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from habitat_monitor.api.auth import member_auth
from habitat_monitor.interop.formats import FORMATS, file_name
from habitat_monitor.interop.reading import MAX_BYTES, FileRefused, read_values
from habitat_monitor.interop.source import NothingToExport, dataset
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views.data import plan_or_404
from habitat_monitor.progress.views.published import publication_for

router = Router(tags=["open data"])


class ExportQuery(Schema):
    indicator: str | None = None
    country: str | None = None


@router.get("/exports/{fmt}", response={200: None})
def export(request: HttpRequest, fmt: str, query: Query[ExportQuery]) -> HttpResponse:
    """The published figures (members: what their pages show; ``?publication=N`` pins
    one) in ``fmt``: csv, xlsx, json, sdmx-csv, sdmx-structure, iati, dhis2, open-sdg.
    Everything, or one ``indicator`` and/or one ``country`` (ISO alpha-3). Figures
    invented for the demonstration are flagged in the file and by ``X-Illustrative``."""
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise HttpError(404, f"No export format {fmt!r}: use one of {', '.join(sorted(FORMATS))}.")
    plan = plan_or_404()
    indicator = (query.indicator or "").strip()[:32] or None
    country = (query.country or "").strip()[:3] or None
    try:
        data = dataset(plan, publication_for(plan), indicator=indicator, country=country)
    except NothingToExport as error:
        raise HttpError(404, str(error)) from None
    except SnapshotUnreadable as error:
        raise HttpError(503, str(error)) from None
    response = HttpResponse(chosen.write(data), content_type=chosen.media_type)
    name = file_name(data, chosen, indicator=indicator, country=country)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Illustrative"] = "true" if data.illustrative else "false"
    return response


class ImportForm(Schema):
    dry_run: bool = False
    submit: bool = False
    office: str | None = None


@router.post("/imports/{fmt}", auth=member_auth)
def import_file(
    request: HttpRequest,
    fmt: str,
    form: Form[ImportForm],
    file: File[UploadedFile],
    mapping: File[UploadedFile] | None = None,
) -> Any:
    """Import a DHIS2 ``dataValueSets`` JSON file (``fmt`` dhis2) or an Open SDG data
    CSV or ZIP (``fmt`` open-sdg) with an optional mapping file (YAML or JSON). The
    values go into their offices' submissions as drafts (``submit``: submitted at
    once), checked like any report, with the caller's permissions; all or nothing.
    ``dry_run``: check and count only. Answers 200 with the summary, or 422 with
    every problem (nothing written)."""
    if fmt not in ("dhis2", "open-sdg"):
        raise HttpError(404, "Imports read dhis2 or open-sdg files.")
    if file.size is not None and file.size > MAX_BYTES:
        raise HttpError(413, f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    body = file.read()
    mapping_text = mapping.read().decode("utf-8", errors="replace") if mapping else None
    try:
        outcome = read_values(
            fmt,
            body,
            file_name=file.name or "upload",
            mapping_text=mapping_text,
            plan=plan_or_404(),
            actor=request.user,
            sha256=hashlib.sha256(body).hexdigest(),
            dry_run=form.dry_run,
            submit=form.submit,
            office=form.office,
        )
    except FileRefused as refused:
        return _problems(refused.summary)
    if outcome["problems"]:
        return _problems(outcome)
    return outcome


def _problems(summary: dict[str, Any]) -> HttpResponse:
    from habitat_monitor.api.errors import problem_response

    response = problem_response(
        422, "Invalid file: nothing was written", summary.get("problems", [])
    )
    return response
