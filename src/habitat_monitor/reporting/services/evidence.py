"""Attaching evidence files to a submission."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting import evidence as evidence_types
from habitat_monitor.reporting.forms import MAX_EVIDENCE_BYTES
from habitat_monitor.reporting.models import Evidence, Submission


@transaction.atomic
def add_evidence(
    submission: Submission, upload: UploadedFile, *, actor: Any, description: str = ""
) -> Evidence:
    """Store an evidence file after checking who, how big and what it really is."""
    if not actor.has_perm("reporting.change_submission", submission):
        raise NotAllowed(_("You may not add evidence to this office's submission."))
    if submission.locked:
        raise ValueError(
            _("The submission is %(status)s: evidence can no longer be added.")
            % {"status": submission.get_status_display()}
        )
    size = upload.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ValueError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_EVIDENCE_BYTES // 2**20}
        )
    head = upload.read(512)
    upload.seek(0)
    content_type = evidence_types.detect(head, upload.name or "")
    if content_type is None:
        raise ValueError(
            _(
                "This kind of file is not accepted (or its name does not match its content): "
                "use PDF, PNG, JPEG, CSV, TXT, XLSX, DOCX or PPTX."
            )
        )
    item = Evidence(
        submission=submission,
        file=upload,
        original_name=(upload.name or "evidence")[:255],
        content_type=content_type,
        size=size,
        description=description,
        uploaded_by=actor,
    )
    stamp(item, actor=actor, reason="evidence attached")
    item.save()
    return item
