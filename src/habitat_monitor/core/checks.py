"""Install checks (``habitat-monitor check``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=False)
def var_dir_writable(app_configs: Any, **kwargs: Any) -> list[Error]:
    var_dir = settings.VAR_DIR
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        probe = var_dir / ".write-check"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        return [
            Error(
                f"The data folder {var_dir} is not writable: {error}.",
                hint="Set HM_VAR_DIR to a folder the server may write to.",
                id="hm.E001",
            )
        ]
    return []
