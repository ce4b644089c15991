"""Install check for board reports: the fonts the PDF names must be installed.

Without Noto CJK (Debian ``fonts-noto-cjk``), WeasyPrint prints Chinese reports with
empty boxes; nothing fails, so the check warns (``hm.W010``). fontconfig is asked with
``fc-list``, as WeasyPrint finds fonts there. Liberation (``fonts-liberation``, the
English text face) is not required: without it the Latin letters of Noto CJK serve.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from django.core.checks import Warning, register

FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC")


def missing_fonts() -> list[str]:
    """The report's fonts that fontconfig does not find (all of them without fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return list(FONTS)
    found = subprocess.run(
        [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    families = {name.strip() for line in found.splitlines() for name in line.split(",")}
    return [font for font in FONTS if font not in families]


@register(deploy=False)
def report_fonts(app_configs: Any, **kwargs: Any) -> list[Warning]:
    missing = missing_fonts()
    if not missing:
        return []
    return [
        Warning(
            f"Fonts for board report PDFs are missing: {', '.join(missing)}.",
            hint="Install the Debian package fonts-noto-cjk.",
            id="hm.W010",
        )
    ]
