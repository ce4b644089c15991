"""Who may see and record corrective actions.

M&E officers (and administrators) record and update them; anyone signed in with a
role sees them; the public does not (they are management decisions, not results).
"""

import rules

from habitat_monitor.core.permissions import (
    is_admin,
    is_focal_point,
    is_me_officer,
    is_plan_author,
    is_viewer,
)

rules.add_perm("progress.change_correctiveaction", is_admin | is_me_officer)
rules.add_perm(
    "progress.view_correctiveaction",
    is_admin | is_me_officer | is_plan_author | is_focal_point | is_viewer,
)

# Publishing decides what the public sees: M&E officers only.
rules.add_perm("progress.add_publication", is_admin | is_me_officer)
# The live figures (the board draft of the next publication): members with a role.
rules.add_perm(
    "progress.view_draft",
    is_admin | is_me_officer | is_plan_author | is_focal_point | is_viewer,
)
