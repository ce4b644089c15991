"""Path parameters shared by the routers, bounded so that no database is asked for a
number it cannot hold."""

from __future__ import annotations

from typing import Annotated, Final

from ninja.params.functions import Path

MAX_ID: Final = 2**63 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="The number of the item.")]
