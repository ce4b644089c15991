"""Who may read and keep the partnership and outreach registers.

M&E officers and administrators keep them (there is no partnerships role yet: when
one is added, it joins ``can_keep``). Everyone signed in with a role reads all of
it, contacts and the engagement log included; the public reads the public fields
(partners' names, types, countries, websites and descriptions; flagships,
platforms, events, results), never contacts, the engagement log, agreements or
the due-diligence checklists.
"""

import rules

from habitat_monitor.core.permissions import (
    is_admin,
    is_focal_point,
    is_me_officer,
    is_plan_author,
    is_viewer,
)

can_keep = is_admin | is_me_officer
is_member = is_admin | is_me_officer | is_plan_author | is_focal_point | is_viewer

rules.add_perm("engagement.change_register", can_keep)
rules.add_perm("engagement.view_register", is_member)
