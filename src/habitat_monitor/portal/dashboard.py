"""The public dashboard's data: the plan's goal, status counts by domain and outcome,
headline indicators with their series, and what changed since the last publication.

A plain dict (JSON-ready), built on the progress pages' adapter
(``progress.views.data``) so the numbers are the same as on every progress page.
Filters (year, domain, level, status, region) narrow the indicator list; the counts
stay those of the whole plan, so the filters never hide how the plan is doing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, QueryDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import OrgRegion
from habitat_monitor.plans.models import Plan
from habitat_monitor.portal.sparkline import sparkline_points
from habitat_monitor.progress import publishing
from habitat_monitor.progress.services import Scope, progress_from
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views import data, labels

HEADLINE = "headline"
HEADLINE_LEVELS = ("goal", "domain")
LEVELS = {
    HEADLINE: gettext_lazy("Headline (goal and domains of change)"),
    "all": gettext_lazy("All levels"),
    "catalytic": gettext_lazy("Catalytic"),
    "goal": gettext_lazy("Goal"),
    "domain": gettext_lazy("Domain of change"),
    "outcome": gettext_lazy("Outcome"),
    "cross_cutting": gettext_lazy("Cross-cutting"),
}


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    domain: str = ""
    level: str = HEADLINE
    status: str = ""
    region: str = ""

    def query(self, **changes: Any) -> str:
        """The query string of these filters (defaults left out), for links."""
        values = {
            "year": self.year,
            "domain": self.domain,
            "level": self.level,
            "status": self.status,
            "region": self.region,
        } | changes
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value not in (None, "") and not (key == "level" and value == HEADLINE):
                query[key] = str(value)
        return query.urlencode()


def parse_filters(params: QueryDict, plan: Plan) -> Filters:
    """The filters from the query string; an unknown value is a 404 naming it."""
    level = params.get("level") or HEADLINE
    status = params.get("status") or ""
    domain = params.get("domain") or ""
    region = params.get("region") or ""
    if level not in LEVELS:
        raise Http404(_("There is no such indicator level."))
    if status and status not in labels.STATUSES:
        raise Http404(_("There is no such status."))
    if domain and not plan.domains.filter(code=domain, active=True).exists():
        raise Http404(_("There is no such part of the plan."))
    if region and not OrgRegion.objects.filter(code=region).exists():
        raise Http404(_("There is no such region."))
    year = data.parse_year(params.get("year"), plan)
    return Filters(year=year, domain=domain, level=level, status=status, region=region)


def _wanted(row: dict[str, Any], filters: Filters) -> bool:
    if filters.level == HEADLINE and row["level"] not in HEADLINE_LEVELS:
        return False
    if filters.level not in (HEADLINE, "all") and row["level"] != filters.level:
        return False
    if filters.domain and row["domain"] != filters.domain:
        return False
    return not filters.status or row["status"] == filters.status


def _changes(plan: Plan, shown: dict[str, Any], names: dict[str, Any]) -> dict[str, Any] | None:
    """What the latest publication changed (for the public), or what the board draft
    changes against it (for members)."""
    publication = publishing.latest(plan)
    if publication is None:
        return None
    if shown["published"]:
        changes = publication.changes or {}
        since = changes.get("previous")
        indicators = changes.get("indicators", [])
        added = publication.value_count - int(changes.get("values_before") or 0)
    else:
        live = data.run(plan, Scope())
        try:
            with publishing.reading(publication) as con:
                before = progress_from(con, plan.code, Scope(year=live.year))
        except SnapshotUnreadable as error:
            raise data.ProgressUnavailable(str(error), detail=str(error)) from error
        since = publication.number
        indicators = publishing.compare(before, live)
        added = None
    rows = [
        {
            "indicator": item["indicator"],
            "statement": names.get(item["indicator"], {}).get("statement", ""),
            "before": item["before"] | labels.status(item["before"]["status"]),
            "after": item["after"] | labels.status(item["after"]["status"]),
            "url": data.url("indicator", item["indicator"]),
        }
        for item in indicators
    ]
    return {"since": since, "values_added": added, "indicators": rows}


def dashboard_data(plan: Plan, filters: Filters) -> dict[str, Any]:
    """The dashboard's dict (the ``index.json`` twin is exactly this)."""
    language = get_language()
    progress = data.run(plan, Scope(year=filters.year, levels=("org_region",)))
    base = data.framework_data(plan, progress.year, progress=progress)
    names, invented = data.indicator_names(plan), data.illustrative_codes(plan)
    by_code = {item.code: item for item in progress.indicators}
    region_name = ""
    if filters.region:
        region_name = OrgRegion.objects.get(code=filters.region).label
    rows = []
    for row in base["indicators"]:
        if not _wanted(row, filters):
            continue
        item = by_code[row["code"]]
        series = [{"year": year, "value": value} for year, value in item.series]
        regional = next(
            (p for p in item.places if p.level == "org_region" and p.key == filters.region), None
        )
        rows.append(
            row
            | {
                "series": series,
                "sparkline": sparkline_points([(s["year"], s["value"]) for s in series]),
                "region_value": regional.value if regional else None,
                "url": data.url("indicator", row["code"], year=progress.year),
            }
        )
    return data.common(plan, progress) | {
        "goal": pick(plan.goal, language),
        "title": pick(plan.title, language),
        "filters": {
            "year": progress.year,
            "domain": filters.domain,
            "level": filters.level,
            "status": filters.status,
            "region": filters.region,
            "region_name": region_name,
        },
        "latest_year": progress.years[-1] if progress.years else None,
        "counts": base["counts"],
        "tiles": [
            labels.status(key)
            | {
                "count": base["counts"][key],
                "url": "/?" + filters.query(year=progress.year, level="all", status=key),
            }
            for key in labels.STATUSES
        ],
        "domains": base["domains"],
        "outcomes": base["outcomes"],
        "indicators": rows,
        "shown_count": len(rows),
        "illustrative": any(row["illustrative"] for row in rows) or bool(invented),
        "changes": _changes(plan, base["shown"], names),
        "links": {
            "html": "/?" + filters.query(year=progress.year),
            "json": "/index.json?" + filters.query(year=progress.year),
            "csv": "/index.csv?" + filters.query(year=progress.year),
        },
    }


def choices(plan: Plan) -> dict[str, Any]:
    """The filter form's options, in the page language."""
    language = get_language()
    return {
        "levels": [{"value": key, "label": str(label)} for key, label in LEVELS.items()],
        "domains": [
            {"value": d.code, "label": f"{d.code} {pick(d.title, language)}"}
            for d in plan.domains.filter(active=True)
        ],
        "statuses": [
            {"value": key, "label": str(labels.status(key)["status_label"])}
            for key in labels.STATUSES
        ],
        "regions": [{"value": r.code, "label": r.label} for r in OrgRegion.objects.all()],
    }
