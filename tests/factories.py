"""Plain factory functions returning saved objects (keyword-only, sensible defaults)."""

from __future__ import annotations

from itertools import count
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from habitat_monitor.core.roles import Role, ensure_groups
from habitat_monitor.geo.models import Office

_serial = count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(
    *,
    role: Role | None = None,
    offices: tuple[str, ...] = (),
    superuser: bool = False,
    **fields: Any,
) -> Any:
    ensure_groups()
    username = fields.pop("username", f"user{next(_serial)}")
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        is_superuser=superuser,
        is_staff=fields.pop("is_staff", superuser),
        **fields,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    for office in Office.objects.filter(code__in=offices):
        office.members.add(user)
    return user


def make_office(
    *, code: str | None = None, kind: str = Office.Kind.COUNTRY, **fields: Any
) -> Office:
    code = code or f"T{next(_serial)}"
    return Office.objects.create(code=code, kind=kind, name={"en": f"Office {code}"}, **fields)
