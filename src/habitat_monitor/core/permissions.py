"""Shared permission predicates (``rules``).

Each app declares its own permissions in its ``rules.py`` from these pieces, so
pages, the API and commands ask one question: ``user.has_perm(name, obj)``.
"""

from __future__ import annotations

from typing import Any

import rules

from habitat_monitor.core.roles import Role

is_plan_author = rules.is_group_member(Role.PLAN_AUTHOR.value)
is_me_officer = rules.is_group_member(Role.ME_OFFICER.value)
is_focal_point = rules.is_group_member(Role.FOCAL_POINT.value)
is_viewer = rules.is_group_member(Role.VIEWER.value)
is_admin = rules.is_superuser
is_staff_role = is_admin | is_plan_author | is_me_officer


@rules.predicate
def is_office_member(user: Any, office: Any) -> bool:
    """The user is a member of the office (objects without an office: no)."""
    if office is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(office.members.filter(pk=user.pk).exists())
