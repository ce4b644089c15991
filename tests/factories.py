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


# The roles every permission matrix covers; "own" and "other" office are seen from
# a focal point for Kenya (KEN is theirs, IND is not).
MATRIX_ROLES = ["anonymous", "viewer", "focal_own", "focal_other", "officer", "author", "admin"]


def user_for_role(role: str) -> Any:
    """A new user playing ``role`` of MATRIX_ROLES (None for the anonymous public)."""
    makers = {
        "anonymous": lambda: None,
        "viewer": lambda: make_user(role=Role.VIEWER),
        "focal_own": lambda: make_user(role=Role.FOCAL_POINT, offices=("KEN",)),
        "focal_other": lambda: make_user(role=Role.FOCAL_POINT, offices=("IND",)),
        "officer": lambda: make_user(role=Role.ME_OFFICER),
        "author": lambda: make_user(role=Role.PLAN_AUTHOR),
        "admin": lambda: make_user(superuser=True),
    }
    return makers[role]()


def client_for(user: Any) -> Any:
    """A test client signed in as ``user`` (anonymous when None)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
