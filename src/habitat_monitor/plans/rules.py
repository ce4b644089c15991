import rules

from habitat_monitor.core.permissions import is_admin, is_plan_author

rules.add_perm("plans.view_plan", rules.always_allow)
rules.add_perm("plans.change_plan", is_admin | is_plan_author)
rules.add_perm("plans.add_plan", is_admin | is_plan_author)
