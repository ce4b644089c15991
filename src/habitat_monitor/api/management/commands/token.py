"""`habitat-monitor token create|list|revoke`: personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from habitat_monitor.api import services
from habitat_monitor.api.models import ApiToken
from habitat_monitor.core.actors import SYSTEM


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = (
        "Personal API tokens: a token acts with its owner's permissions (send it as "
        "'Authorization: Bearer <token>'). Only a digest is stored: the token is shown "
        "once, when created. Example: habitat-monitor token create --user focal.kenya "
        '--name "DHIS2 sync" --days 90'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it (once).")
        create.add_argument("--user", required=True, help="The account the token acts as.")
        create.add_argument("--name", default="", help="What the token is for.")
        create.add_argument(
            "--days", type=int, help="Days until it expires (default: until revoked)."
        )
        listing = sub.add_parser("list", help="List tokens (never the tokens themselves).")
        listing.add_argument("--user", help="Only this account's tokens.")
        revoke = sub.add_parser("revoke", help="Revoke a token by its number (see list).")
        revoke.add_argument("id", type=int, help="The token's number.")
        revoke.add_argument("--reason", default="", help="Why (kept in the audit trail).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _console(self) -> Console:
        return Console(file=self.stdout, width=120, highlight=False, soft_wrap=True)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def _create(self, *, user: str, name: str, days: int | None, **options: Any) -> None:
        owner = self._user(user)
        try:
            issued = services.create_token(owner, actor=SYSTEM, name=name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        token = issued.token
        console = self._console()
        expires = _when(token.expires_at) if token.expires_at else "never (until revoked)"
        console.print(
            f"Token {token.pk} for {owner.get_username()}, expires {expires}:", markup=False
        )
        console.print(issued.secret, markup=False)
        console.print("Keep it now: it is not stored and cannot be shown again.", markup=False)

    def _list(self, *, user: str | None, **options: Any) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        if user:
            tokens = tokens.filter(user=self._user(user))
        table = Table("ID", "User", "Name", "Prefix", "Created", "Last used", "Expires", "State")
        for token in tokens:
            table.add_row(
                str(token.pk),
                token.user.get_username(),
                token.name or "-",
                f"{token.prefix}…",
                _when(token.created_at),
                _when(token.last_used_at),
                _when(token.expires_at),
                token.state(),
            )
        self._console().print(table)

    def _revoke(self, *, id: int, reason: str, **options: Any) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=id).first()
        if token is None:
            raise CommandError(f"No token {id} (see: habitat-monitor token list).")
        was = token.state()
        revoked = services.revoke_token(token, actor=SYSTEM, reason=reason)
        if was == "revoked":
            self._console().print(f"Token {id} was already revoked.", markup=False)
            return
        owner = revoked.user.get_username()
        self._console().print(f"Token {id} of {owner} revoked.", markup=False)
