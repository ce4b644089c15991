"""Colours and shapes for charts and maps, in a default and a high-contrast theme.

Pure: no Django. Every status, category, domain, series and map colour reaches 3:1
(WCAG 1.4.11) against its theme's background, and every categorical list also reaches
3:1 between neighbours in legend order: the lists alternate a mid tone with a dark one
(default, on white) or a bright one with a mid one (high contrast, on black). The
tests in ``tests/portal/test_charts.py`` hold the lists to that.

A sequential ramp cannot do the same: five steps each 3:1 from the next would need a
luminance range of 3^4 = 81:1, and only 21:1 exists. So each step reaches 3:1 against
the background, the steps get steadily darker (or brighter), and map areas and legend
swatches are drawn with a ``SEPARATOR`` stroke (the background colour), which gives
every area a 3:1 edge against whatever is beside it. Stacked bars use the same stroke,
since a segment with a count of zero brings two non-neighbours together.

Colour is never the only carrier of meaning: each status also has a Vega shape and a
text symbol (the same symbols as the progress pages' badges).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

STATUSES: Final = ("on_track", "at_risk", "off_track", "no_data", "not_yet_due")
KINDS: Final = ("actual", "target", "baseline", "projection")

STATUS_SYMBOLS: Final[dict[str, str]] = {
    "on_track": "✓",
    "at_risk": "▲",
    "off_track": "✕",
    "no_data": "○",
    "not_yet_due": "…",
}
STATUS_SHAPES: Final[dict[str, str]] = {
    "on_track": "circle",
    "at_risk": "triangle-up",
    "off_track": "cross",
    "no_data": "square",
    "not_yet_due": "diamond",
}
# The indicator chart's series: filled circles for actuals, hollow diamonds for
# targets, a square for the baseline and a hollow triangle at the projection's end.
KIND_SHAPES: Final[dict[str, str]] = {
    "actual": "circle",
    "target": "diamond",
    "baseline": "square",
    "projection": "triangle-up",
}
KIND_FILLED: Final[dict[str, bool]] = {
    "actual": True,
    "target": False,
    "baseline": True,
    "projection": False,
}
# Vega strokeDash arrays: solid actuals, dotted targets, dashed projection.
KIND_DASH: Final[dict[str, list[int]]] = {
    "actual": [],
    "target": [2, 3],
    "baseline": [],
    "projection": [8, 5],
}

FONT: Final = "Noto Sans, Noto Sans CJK SC, DejaVu Sans, sans-serif"
# Measuring text in the CJK font costs vl-convert about 80 ms a chart, so charts
# with no Chinese in them name the Latin fonts only (same look in the browser).
FONT_LATIN: Final = "Noto Sans, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Theme:
    """One colour theme: background, ink for text and axes, and the colour lists."""

    name: str
    background: str
    ink: str
    muted: str
    status: dict[str, str]
    kind: dict[str, str]
    category: dict[int, str]
    domain: list[str]
    sequential: list[str]
    no_data_fill: str
    separator: str = field(default="")

    def __post_init__(self) -> None:
        if not self.separator:
            object.__setattr__(self, "separator", self.background)


DEFAULT: Final = Theme(
    name="default",
    background="#ffffff",
    ink="#1b2733",
    muted="#4a5a6a",
    status={
        "on_track": "#0a4a1e",
        "at_risk": "#d07800",
        "off_track": "#7a0010",
        "no_data": "#8f8f8f",
        "not_yet_due": "#1a3370",
    },
    kind={
        "actual": "#0b3560",
        "target": "#d47000",
        "baseline": "#222222",
        "projection": "#9878d2",
    },
    category={1: "#2f80bf", 2: "#3d1a5c", 3: "#c27a1a", 4: "#07362c", 5: "#cc5c93"},
    domain=["#2f80bf", "#5a1f00", "#2f9150", "#3b1c66"],
    sequential=["#6394c8", "#4679b3", "#2c5e98", "#1b4377", "#0c2a52"],
    no_data_fill="#8f8f8f",
)

HIGH_CONTRAST: Final = Theme(
    name="high_contrast",
    background="#000000",
    ink="#ffffff",
    muted="#d0d0d0",
    status={
        "on_track": "#8af5a8",
        "at_risk": "#b05800",
        "off_track": "#ffc4c4",
        "no_data": "#6b6b6b",
        "not_yet_due": "#b3d6ff",
    },
    kind={
        "actual": "#9fd0ff",
        "target": "#b05800",
        "baseline": "#f0f0f0",
        "projection": "#8a5cc8",
    },
    category={1: "#9fd0ff", 2: "#8a4fc0", 3: "#ffd27a", 4: "#267559", 5: "#ffb0d8"},
    domain=["#9fd0ff", "#a85a2a", "#9ef0b4", "#8a5cc8"],
    sequential=["#3f6d9e", "#648fc4", "#8aafdf", "#b3cff2", "#e3effc"],
    no_data_fill="#707070",
)

THEMES: Final = {DEFAULT.name: DEFAULT, HIGH_CONTRAST.name: HIGH_CONTRAST}

# Module-level names for the default theme, as the pages and the map use them.
BACKGROUND: Final = DEFAULT.background
STATUS_COLOURS: Final = DEFAULT.status
KIND_COLOURS: Final = DEFAULT.kind
CATEGORY_COLOURS: Final = DEFAULT.category
DOMAIN_COLOURS: Final = DEFAULT.domain
SEQUENTIAL: Final = DEFAULT.sequential
NO_DATA_FILL: Final = DEFAULT.no_data_fill
SEPARATOR: Final = DEFAULT.separator


def theme(high_contrast: bool = False) -> Theme:
    """The high-contrast theme when asked for, else the default one."""
    return HIGH_CONTRAST if high_contrast else DEFAULT


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb`` (or ``#rgb``), 0 (black) to 1."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (for labels inside bars)."""
    return (
        "#000000"
        if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff")
        else "#ffffff"
    )
