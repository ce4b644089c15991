import rules

from habitat_monitor.core.permissions import (
    is_admin,
    is_focal_point,
    is_me_officer,
    is_office_member,
)

rules.add_perm("geo.view_office", rules.always_allow)
rules.add_perm("geo.change_office", is_admin | is_me_officer | (is_focal_point & is_office_member))
