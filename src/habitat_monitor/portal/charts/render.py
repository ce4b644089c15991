"""Server-side SVG of a Vega-Lite spec, for pages read without JavaScript and for print.

Pure: no Django. vl-convert runs the same Vega-Lite 6.4 as the browser, with no
network (``allowed_base_urls=[]``: specs here carry their data inline). A conversion
costs tens of milliseconds, so results are cached by the spec's canonical JSON.
"""

from __future__ import annotations

import copy
import html
import json
import re
from functools import lru_cache
from typing import Any

import vl_convert

VL_VERSION = "6.4"
# Charts sized to their container in the browser get this plot width on the server;
# the SVG keeps its viewBox, so CSS scales it to the page.
SERVER_WIDTH = 640
_ROOT = re.compile(r"<svg\b[^>]*>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>]*>\s*", re.IGNORECASE)


def _sized(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a fixed width where it asks for its container's."""
    if spec.get("width") != "container":
        return spec
    fixed = copy.deepcopy(spec)
    fixed["width"] = SERVER_WIDTH
    return fixed


def _named(svg: str, description: str) -> str:
    """The SVG as an HTML fragment: no XML prologue, and a root that names itself."""
    svg = _DOCTYPE.sub("", _XML_DECLARATION.sub("", svg))
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("vl-convert returned no <svg> element")
    tag = root.group(0)
    tag = re.sub(r'\s(role|aria-label|aria-roledescription|focusable)="[^"]*"', "", tag)
    label = html.escape(description, quote=True)
    tag = tag[:-1].rstrip("/") + f' role="img" aria-label="{label}" focusable="false">'
    if root.group(0).endswith("/>"):
        tag = tag[:-1] + "/>"
    return svg[: root.start()] + tag + svg[root.end() :]


@lru_cache(maxsize=256)
def _convert(canonical: str) -> str:
    spec = json.loads(canonical)
    svg: str = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION, allowed_base_urls=[])
    return _named(svg, str(spec.get("description") or ""))


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an ``<svg role="img" aria-label="{description}">`` fragment, safe
    to place in HTML; the same spec returns the same (cached) string object."""
    if not str(spec.get("description") or "").strip():
        raise ValueError("a chart needs a description: it is the chart's accessible name")
    canonical = json.dumps(_sized(spec), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _convert(canonical)


def cache_clear() -> None:
    """Forget the cached SVGs (tests, or after the fonts change)."""
    _convert.cache_clear()
