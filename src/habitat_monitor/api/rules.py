"""Who may create and revoke API tokens.

Anyone signed in makes tokens for themself and revokes their own; administrators
also make and revoke them for others. A token carries its owner's permissions and
no more, so making one for yourself gives you nothing new.
"""

from typing import Any

import rules

from habitat_monitor.core.permissions import is_admin


@rules.predicate
def is_token_owner(user: Any, token: Any) -> bool:
    return token is not None and getattr(user, "pk", None) == token.user_id


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == other.pk


rules.add_perm("api.add_apitoken", is_admin | (rules.is_active & is_self))
rules.add_perm("api.change_apitoken", is_admin | is_token_owner)
rules.add_perm("api.view_apitoken", is_admin | is_token_owner)
