"""Setting up an install: default content and demo accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from habitat_monitor.core.roles import Role, ensure_groups


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role | None
    offices: tuple[str, ...]
    description: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "habitat-admin-demo", None, (), "administrator (all rights)"),
    DemoAccount("author", "habitat-author-demo", Role.PLAN_AUTHOR, (), "plan author"),
    DemoAccount("officer", "habitat-officer-demo", Role.ME_OFFICER, (), "M&E officer (HQ)"),
    DemoAccount(
        "focal.kenya", "habitat-kenya-demo", Role.FOCAL_POINT, ("KEN",), "focal point, Kenya office"
    ),
    DemoAccount(
        "focal.india", "habitat-india-demo", Role.FOCAL_POINT, ("IND",), "focal point, India office"
    ),
    DemoAccount("viewer", "habitat-viewer-demo", Role.VIEWER, (), "member-state viewer"),
)


def load_default_content(*, demo_values: bool = False) -> dict[str, int]:
    """Load reference places, offices and the default plan; idempotent.

    With ``demo_values``, also assignments and illustrative submissions for 2020-2022,
    the analytics store rebuilt once they are approved, and the illustrative
    needs-typology rounds (2019 pilot and all country offices)."""
    from habitat_monitor.engagement.services.demo_values import load_demo_engagement_values
    from habitat_monitor.engagement.services.loading import load_engagement_content
    from habitat_monitor.geo.services import load_reference_data
    from habitat_monitor.plans.services import load_default_plan
    from habitat_monitor.progress.publishing import publish_demo
    from habitat_monitor.progress.store import build_store, deferred_refreshes
    from habitat_monitor.reporting.services.demo import demo_accounts, load_demo_values
    from habitat_monitor.typology.services.demo import load_demo_rounds

    ensure_groups()
    summary = load_reference_data()
    plan = load_default_plan()
    summary["plan domains"] = plan.domains.count()
    summary["plan indicators"] = plan.indicators.filter(active=True).count()
    summary |= load_engagement_content(plan, demo_values=demo_values)
    if demo_values:
        clerk, reviewer = demo_accounts()
        # One rebuild of the analytics store at the end, not a refresh per approval.
        with deferred_refreshes() as approved:
            summary["demo submissions"] = load_demo_values(plan, focal=clerk, officer=reviewer)
            summary["demo headquarters reports"] = load_demo_engagement_values(
                plan, officer=reviewer
            )
        if approved:
            build_store()
        summary["demo publications"] = publish_demo(plan, actor=reviewer)
        summary["demo assessments"] = load_demo_rounds(plan, reviewer=reviewer)
    return summary


@transaction.atomic
def create_demo_users() -> tuple[DemoAccount, ...]:
    """One account per role, for trying the platform locally. Idempotent."""
    from habitat_monitor.geo.models import Office

    ensure_groups()
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(username=account.username)
        if created:
            # Only a new account gets the demo password: a changed one is kept.
            user.is_superuser = user.is_staff = account.role is None
            user.set_password(account.password)
            user.save()
        if account.role is not None:
            user.groups.set([Group.objects.get(name=account.role.value)])
        for office in Office.objects.filter(code__in=account.offices):
            office.members.add(user)
    return DEMO_ACCOUNTS
