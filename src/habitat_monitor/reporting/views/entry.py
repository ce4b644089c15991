"""Entering values: the web grid, spreadsheet import, templates and evidence."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting import evidence as evidence_types
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.forms import (
    BACKGROUND_IMPORT_BYTES,
    MAX_EVIDENCE_BYTES,
    EvidenceForm,
    ImportForm,
)
from habitat_monitor.reporting.messages import localized, problem_dict
from habitat_monitor.reporting.models import Evidence
from habitat_monitor.reporting.numbers import format_number
from habitat_monitor.reporting.queries import entry_grid
from habitat_monitor.reporting.services.evidence import add_evidence
from habitat_monitor.reporting.services.imports import import_file as run_import
from habitat_monitor.reporting.services.jobs import SHOWN_PROBLEMS, queue_import
from habitat_monitor.reporting.services.templates import template_bytes
from habitat_monitor.reporting.services.values import save_values
from habitat_monitor.reporting.views.submissions import visible_submission

FIELD_SEPARATOR = "|"


def _grid_rows(grid: list[dict[str, Any]], data: Any) -> tuple[list[Any], dict[int, str]]:
    """Form fields to checked rows; remembers which field each row came from."""
    rows, fields = [], {}
    number = 1
    for block in grid:
        for line in block["lines"]:
            name = FIELD_SEPARATOR.join((block["indicator"], block["country"], line["breakdown"]))
            raw = data.get(f"value{FIELD_SEPARATOR}{name}", "").strip()
            if not raw:
                continue
            number += 1
            cells = {"indicator": block["indicator"], "country": block["country"], "value": raw}
            cells["note"] = data.get(f"note{FIELD_SEPARATOR}{name}", "")
            if line["breakdown"]:
                dimension, category = line["breakdown"].split("=", 1)
                cells[dimension] = category
            rows.append((number, cells))
            fields[number] = name
    return rows, fields


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    if not request.user.has_perm("reporting.change_submission", submission):
        raise NotAllowed(_("You may not change this office's values."))
    grid = entry_grid(submission)
    errors: dict[str, str] = {}
    if request.method == "POST":
        rows, fields = _grid_rows(grid, request.POST)
        try:
            result = save_values(submission, rows, actor=request.user, reason="web form")
        except ValuesRejected as rejected:
            errors = {fields.get(e.row, ""): localized(e) for e in rejected.errors}
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Saved: %(added)d added, %(changed)d changed, %(unchanged)d unchanged.")
                % result.as_dict(),
            )
            return redirect("reporting:submission_detail", pk=pk)
    submitted = request.POST if request.method == "POST" else None
    _annotate(grid, submitted, errors)
    context = {"submission": submission, "grid": grid, "error_count": len(errors)}
    return render(request, "reporting/entry_form.html", context)


def _annotate(grid: list[dict[str, Any]], submitted: Any, errors: dict[str, str]) -> None:
    """Give each line its field names, the text to show and its error, if any."""
    for block in grid:
        for line in block["lines"]:
            name = FIELD_SEPARATOR.join((block["indicator"], block["country"], line["breakdown"]))
            line["value_field"] = f"value{FIELD_SEPARATOR}{name}"
            line["note_field"] = f"note{FIELD_SEPARATOR}{name}"
            line["id"] = "f-" + "-".join(
                "".join(ch if ch.isalnum() else "_" for ch in part)
                for part in (block["indicator"], block["country"], line["breakdown"] or "total")
            )
            if submitted is not None:
                line["shown"] = submitted.get(line["value_field"], "")
                line["note"] = submitted.get(line["note_field"], "")
            else:
                line["shown"] = "" if line["value"] is None else format_number(line["value"])
            line["error"] = errors.get(name, "")


@login_required
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    if not request.user.has_perm("reporting.change_submission", submission):
        raise NotAllowed(_("You may not change this office's values."))
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"submission": submission, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if form.cleaned_data["background"] or upload.size > BACKGROUND_IMPORT_BYTES:
            job = queue_import(
                submission,
                upload,
                actor=request.user,
                decimal_comma=form.cleaned_data["decimal_comma"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect(job)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                context["result"] = run_import(
                    submission,
                    path,
                    actor=request.user,
                    decimal_comma=form.cleaned_data["decimal_comma"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ValuesRejected as rejected:
                shown = rejected.errors[:SHOWN_PROBLEMS]
                context["problems"] = [problem_dict(error) for error in shown]
                context["problem_count"] = len(rejected.errors)
            except WorkflowError as error:
                messages.error(request, str(error))
    return render(request, "reporting/import.html", context)


@login_required
def template_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    submission = visible_submission(request, pk)
    if kind not in ("csv", "xlsx"):
        raise Http404
    content, content_type = template_bytes(submission, kind)
    name = f"{submission.office.code}-{submission.period.code}-template.{kind}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            add_evidence(
                submission,
                upload,
                actor=request.user,
                description=form.cleaned_data["description"],
            )
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The evidence file was attached."))
            return redirect("reporting:submission_detail", pk=pk)
    context = {
        "submission": submission,
        "form": form,
        "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024),
        "types": evidence_types.SIGNATURES,
    }
    return render(request, "reporting/evidence_form.html", context)


@login_required
def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Evidence.objects.select_related("submission"), pk=pk)
    visible_submission(request, item.submission_id)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
