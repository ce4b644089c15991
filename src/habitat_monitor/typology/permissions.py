"""Who may see and change needs assessments (``rules`` predicates).

- **Assess** (create a round's assessment, change a draft): M&E officers, plan
  authors and administrators, for any country; focal points for the countries their
  offices cover (the country office runs the assessment, DESIGN §1).
- **Finalise** (draft → final, as reviewer) and **override** the category with a
  reason: M&E officers, plan authors and administrators. Nobody finalises an
  assessment they assessed (checked in the service).
- **See**: a final assessment is public; a draft only those who may assess it.
- **Rounds**: anyone sees them; M&E officers, plan authors and administrators
  create them.

This app's ``rules.py`` is the pure classification module, so the permissions are
here and ``apps.TypologyConfig.ready`` imports them.
"""

from typing import Any

import rules

from habitat_monitor.core.permissions import (
    is_admin,
    is_focal_point,
    is_me_officer,
    is_plan_author,
)


@rules.predicate
def serves_country(user: Any, obj: Any) -> bool:
    """The user is a member of an office that covers the country assessed."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    country_id = getattr(obj, "country_id", None) or getattr(obj, "pk", None)
    return bool(user.offices.filter(covers__pk=country_id).exists())


@rules.predicate
def is_final(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.status == "final"


is_typology_staff = is_admin | is_me_officer | is_plan_author
may_assess = is_typology_staff | (is_focal_point & serves_country)

rules.add_perm("typology.view_round", rules.always_allow)
rules.add_perm("typology.add_round", is_typology_staff)
rules.add_perm("typology.view_assessment", is_final | may_assess)
rules.add_perm("typology.add_assessment", may_assess)
rules.add_perm("typology.change_assessment", may_assess)
rules.add_perm("typology.finalise_assessment", is_typology_staff)
rules.add_perm("typology.override_assessment", is_typology_staff)
