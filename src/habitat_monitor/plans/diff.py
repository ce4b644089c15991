"""What changed between two versions of a plan (pure).

Both sides are canonical plan documents (``PlanFile.model_dump(mode="json")``).
The result says which framework entries and indicators were added, removed or
changed (and which fields), every target and baseline that moved, and which parts
of the needs typology (categories, items, rules, their order) were added, removed
or changed, so a plan author can see at a glance what a new version does.
"""

from __future__ import annotations

from typing import Any

Document = dict[str, Any]

HEADER_FIELDS = (
    "title",
    "organisation",
    "languages",
    "years",
    "vision",
    "mission",
    "goal",
    "status_bands",
)
TERM_KEYS = ("cross_cutting_themes", "drivers_of_change", "performance_enablers")


def _framework_entries(document: Document) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for domain in document.get("domains", []):
        entries[f"domain {domain['code']}"] = domain["title"]
        for outcome in domain.get("outcomes", []):
            entries[f"outcome {outcome['code']}"] = outcome["title"]
            for dimension in outcome.get("dimensions", []):
                entries[f"dimension {dimension['code']}"] = dimension["title"]
    for key in TERM_KEYS:
        for term in document.get(key, []):
            entries[f"{key.replace('_', ' ')[:-1]} {term['code']}"] = term["title"]
    return entries


def _typology_entries(document: Document) -> dict[str, Any]:
    """The typology's parts by name (``rule drivers-lacking``), for the diff."""
    typology = document.get("typology") or {}
    entries: dict[str, Any] = {}
    if "scale" in typology:
        entries["scale"] = typology["scale"]
    if "social_inclusion_required" in typology:
        entries["social inclusion required"] = typology["social_inclusion_required"]
    for category in typology.get("categories", []):
        entries[f"category {category['number']}"] = category
    for item in typology.get("items", []):
        entries[f"item {item['code']}"] = item
    rules = typology.get("rules", [])
    for rule in rules:
        entries[f"rule {rule['code']}"] = rule
    for rule in typology.get("secondary", []):
        entries[f"secondary rule {rule['code']}"] = rule
    if rules:
        entries["rule order"] = [rule["code"] for rule in rules]
    return entries


def _target_cells(indicator: dict[str, Any]) -> dict[str, float]:
    targets = indicator.get("targets", {})
    cells = {str(year): value for year, value in targets.get("values", {}).items()}
    for target in targets.get("by_office", []):
        cells[f"{target['office']} {target['year']}"] = target["value"]
    return cells


def _added_removed_changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "changed": sorted(key for key in set(old) & set(new) if old[key] != new[key]),
    }


def diff_plans(old: Document, new: Document) -> dict[str, Any]:
    old_header, new_header = old.get("plan", {}), new.get("plan", {})
    old_indicators = {i["code"]: i for i in old.get("indicators", [])}
    new_indicators = {i["code"]: i for i in new.get("indicators", [])}
    indicators = _added_removed_changed(old_indicators, new_indicators)
    fields = {
        code: sorted(
            key
            for key in set(old_indicators[code]) | set(new_indicators[code])
            if old_indicators[code].get(key) != new_indicators[code].get(key)
        )
        for code in indicators["changed"]
    }
    targets: dict[str, dict[str, list[float | None]]] = {}
    baselines: dict[str, list[Any]] = {}
    for code in set(old_indicators) & set(new_indicators):
        before, after = _target_cells(old_indicators[code]), _target_cells(new_indicators[code])
        moved = {
            cell: [before.get(cell), after.get(cell)]
            for cell in sorted(set(before) | set(after))
            if before.get(cell) != after.get(cell)
        }
        if moved:
            targets[code] = moved
        old_base, new_base = (
            old_indicators[code].get("baseline"),
            new_indicators[code].get("baseline"),
        )
        if old_base != new_base:
            baselines[code] = [old_base, new_base]
    return {
        "plan": [key for key in HEADER_FIELDS if old_header.get(key) != new_header.get(key)],
        "framework": _added_removed_changed(_framework_entries(old), _framework_entries(new)),
        "indicators": {**indicators, "fields": fields},
        "targets": {code: targets[code] for code in sorted(targets)},
        "baselines": {code: baselines[code] for code in sorted(baselines)},
        "typology": _added_removed_changed(_typology_entries(old), _typology_entries(new)),
    }


def is_empty(diff: dict[str, Any]) -> bool:
    if not diff:
        return True
    framework, indicators = diff["framework"], diff["indicators"]
    return not (
        diff["plan"]
        or any(framework.values())
        or indicators["added"]
        or indicators["removed"]
        or indicators["changed"]
        or diff["targets"]
        or diff["baselines"]
        or any(diff.get("typology", {}).values())
    )


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def summary_lines(diff: dict[str, Any]) -> list[str]:
    """The diff as lines for a terminal or a page: `+ added`, `- removed`, `~ changed`."""
    if not diff:
        return []
    lines = [f"~ plan {field}" for field in diff["plan"]]
    framework = diff["framework"]
    lines += [f"+ {entry}" for entry in framework["added"]]
    lines += [f"- {entry}" for entry in framework["removed"]]
    lines += [f"~ {entry}: title" for entry in framework["changed"]]
    indicators = diff["indicators"]
    lines += [f"+ indicator {code}" for code in indicators["added"]]
    lines += [f"- indicator {code}" for code in indicators["removed"]]
    lines += [
        f"~ indicator {code}: {', '.join(indicators['fields'][code])}"
        for code in indicators["changed"]
    ]
    for code, cells in diff["targets"].items():
        for cell, (before, after) in cells.items():
            lines.append(f"~ target {code} {cell}: {_number(before)} -> {_number(after)}")
    for code, (before, after) in diff["baselines"].items():
        old_value = before["value"] if before else None
        new_value = after["value"] if after else None
        lines.append(f"~ baseline {code}: {_number(old_value)} -> {_number(new_value)}")
    typology = diff.get("typology", {})
    lines += [f"+ typology {entry}" for entry in typology.get("added", [])]
    lines += [f"- typology {entry}" for entry in typology.get("removed", [])]
    lines += [f"~ typology {entry}" for entry in typology.get("changed", [])]
    return lines
