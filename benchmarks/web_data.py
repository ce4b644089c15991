"""Data for ``web_bench.py``: the synthetic plan of ``progress_data`` (10 M values by
default) in PostgreSQL, the analytics store built from it, and one publication (the
frozen copy the public reads, with its open-data ZIP), each step timed."""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from progress_data import COUNTRIES, INDICATORS, PLAN, VALUES, YEARS, indicator_specs
from progress_data import prepare_postgres as load_values

# The indicator page measured: a summed count, with every breakdown and place level.
INDICATOR = "B00"


def breakdowns_per_cell() -> int:
    """Breakdown keys per indicator, country and year, as ``progress_bench`` sizes them."""
    return max(1, round(VALUES / (INDICATORS * COUNTRIES * len(YEARS))))


def _timed(label: str, work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", file=sys.stderr)
    return seconds, result


def prepare(folder: Path) -> dict[str, Any]:
    """Values in PostgreSQL, the store rebuilt, the figures published once."""
    from django.db import connection

    from habitat_monitor.core.actors import SYSTEM
    from habitat_monitor.plans.models import Plan
    from habitat_monitor.progress.publishing import folder_of, open_data_of, publish
    from habitat_monitor.progress.store import build_store
    from habitat_monitor.reporting.models import Value

    k = breakdowns_per_cell()
    loaded_s, context = _timed(
        "values into PostgreSQL", lambda: load_values(folder, indicator_specs(), k)
    )
    context["con"].close()
    values = Value.objects.count()
    built_s, built = _timed("analytics store rebuilt", build_store)
    plan = Plan.objects.get(code=PLAN)
    published_s, publication = _timed(
        "published (frozen copy + open-data ZIP)", lambda: publish(plan, actor=SYSTEM)
    )
    zip_bytes = open_data_of(publication).stat().st_size
    # The web server's processes open their own connections; this one is done.
    connection.close()
    return {
        "values": values,
        "breakdowns": k,
        "loaded_s": loaded_s,
        "built_s": built_s,
        "store_rows": built.rows,
        "published_s": published_s,
        "publication": publication.number,
        "publication_folder": folder_of(publication),
        "zip_bytes": zip_bytes,
    }


def discard_publication(prepared: dict[str, Any]) -> None:
    """The publication's files: the database they belong to is thrown away after the
    run, so they would only pile up under HM_VAR_DIR."""
    shutil.rmtree(prepared["publication_folder"], ignore_errors=True)


# Page weight ------------------------------------------------------------------------


class _References(HTMLParser):
    """What a browser fetches on a first load: stylesheets, icons, scripts, images, and
    the data URLs of the chart specs embedded in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            self.found.append(attributes.get("href") or "")
        elif tag in ("script", "img") and attributes.get("src"):
            self.found.append(attributes["src"] or "")
        self._json = tag == "script" and "json" in (attributes.get("type") or "")

    def handle_data(self, data: str) -> None:
        if self._json:
            self.found += re.findall(r'"url"\s*:\s*"([^"]+)"', data)

    def handle_endtag(self, tag: str) -> None:
        self._json = False


def _decoded(body: bytes, encoding: str | None) -> bytes:
    return gzip.decompress(body) if encoding == "gzip" else body


def page_weight(port: int, get: Any, page: str = "/") -> dict[str, tuple[int, str | None]]:
    """Bytes transferred (bodies, as sent) for ``page`` and every file it loads, the
    fonts and images its stylesheets name included; path -> (bytes, content encoding)."""
    sizes: dict[str, tuple[int, str | None]] = {}
    pending = [page]
    while pending and len(sizes) < 100:
        path = pending.pop(0)
        if path in sizes or not path.startswith("/") or path.startswith("//"):
            continue
        status, headers, body = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        encoding = headers.get("content-encoding")
        sizes[path] = (len(body), encoding)
        kind = headers.get("content-type", "")
        if "html" in kind:
            parser = _References()
            parser.feed(_decoded(body, encoding).decode())
            pending += [urljoin(path, found) for found in parser.found if found]
        elif "css" in kind:
            text = _decoded(body, encoding).decode()
            named = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text)
            pending += [urljoin(path, found) for found in named if not found.startswith("data:")]
    return sizes
