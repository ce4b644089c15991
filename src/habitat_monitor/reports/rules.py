"""Who may produce board reports: M&E officers (and administrators). The page, its
jobs and their files are theirs; everyone else is refused (HTTP 403)."""

import rules

from habitat_monitor.core.permissions import is_admin, is_me_officer

rules.add_perm("reports.add_reportjob", is_admin | is_me_officer)
rules.add_perm("reports.view_reportjob", is_admin | is_me_officer)
