"""The roles people play, as Django groups.

A user's role is the group they belong to. Focal points are also members of
one or more offices (``geo.Office.members``), which scopes what they may write.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    PLAN_AUTHOR = "plan_author"
    ME_OFFICER = "me_officer"
    FOCAL_POINT = "focal_point"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.PLAN_AUTHOR: _("Plan author"),
    Role.ME_OFFICER: _("M&E officer"),
    Role.FOCAL_POINT: _("Focal point"),
    Role.VIEWER: _("Viewer (member state or partner)"),
}


def ensure_groups() -> None:
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.value)
