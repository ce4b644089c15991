"""Consistency rules (HM2xx): does the framework hang together?

- HM201: codes are unique (domains, outcomes and dimensions share one namespace;
  indicators have their own; so do themes, drivers and enablers).
- HM202/HM203: every outcome and every domain is measured by some indicator.
- HM204/HM205: an indicator refers only to dimensions, outcomes, domains and
  themes the file defines; HM206: the reference fits the indicator's level;
  HM207: a dimension belongs to the indicator's outcome.
- HM208 (warning): every text is given in every language the plan lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from habitat_monitor.plans.framework import Level
from habitat_monitor.plans.lint.base import Context, found, rule
from habitat_monitor.plans.planfile import Finding

LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _framework_codes(ctx: Context) -> Iterator[tuple[str, tuple[object, ...]]]:
    for d, domain in enumerate(ctx.plan.domains):
        yield domain.code, ("domains", d, "code")
        for o, outcome in enumerate(domain.outcomes):
            yield outcome.code, ("domains", d, "outcomes", o, "code")
            for m, dimension in enumerate(outcome.dimensions):
                yield dimension.code, ("domains", d, "outcomes", o, "dimensions", m, "code")


@rule("HM201", "error", "Duplicate code")
def duplicate_codes(ctx: Context) -> Iterator[Finding]:
    groups: list[list[tuple[str, tuple[object, ...]]]] = [
        list(_framework_codes(ctx)),
        [(i.code, (*path, "code")) for path, i in ctx.indicators()],
    ]
    for key in ("cross_cutting_themes", "drivers_of_change", "performance_enablers"):
        groups.append(
            [(item.code, (key, n, "code")) for n, item in enumerate(getattr(ctx.plan, key))]
        )
    for group in groups:
        seen: dict[str, tuple[object, ...]] = {}
        for code, path in group:
            if code in seen:
                line, _column = ctx.parsed.locate(seen[code])
                yield found(
                    ctx, "HM201", f"code {code!r} is used twice (first on line {line})", path
                )
            else:
                seen[code] = path


def _measured(ctx: Context) -> tuple[set[str], set[str]]:
    outcomes = {i.outcome for _, i in ctx.indicators() if i.outcome}
    domains = {i.domain for _, i in ctx.indicators() if i.domain}
    return outcomes, domains


@rule("HM202", "error", "Outcome without an indicator")
def outcome_without_indicator(ctx: Context) -> Iterator[Finding]:
    measured, _ = _measured(ctx)
    for d, domain in enumerate(ctx.plan.domains):
        for o, outcome in enumerate(domain.outcomes):
            if outcome.code not in measured:
                yield found(
                    ctx,
                    "HM202",
                    f"outcome {outcome.code} has no indicator",
                    ("domains", d, "outcomes", o, "code"),
                    f"Add an indicator with `level: outcome` and `outcome: {outcome.code!r}`.",
                )


@rule("HM203", "error", "Domain without an indicator")
def domain_without_indicator(ctx: Context) -> Iterator[Finding]:
    outcomes, domains = _measured(ctx)
    for d, domain in enumerate(ctx.plan.domains):
        own = {outcome.code for outcome in domain.outcomes}
        if domain.code not in domains and not own & outcomes:
            yield found(
                ctx, "HM203", f"domain {domain.code} has no indicator", ("domains", d, "code")
            )


def _defined(ctx: Context) -> dict[str, dict[str, str]]:
    """Kind -> code -> the outcome it belongs to (for dimensions) or ''."""
    defined: dict[str, dict[str, str]] = {"domain": {}, "outcome": {}, "dimension": {}, "theme": {}}
    for domain in ctx.plan.domains:
        defined["domain"][domain.code] = ""
        for outcome in domain.outcomes:
            defined["outcome"][outcome.code] = domain.code
            for dimension in outcome.dimensions:
                defined["dimension"][dimension.code] = outcome.code
    defined["theme"] = {theme.code: "" for theme in ctx.plan.cross_cutting_themes}
    return defined


@rule("HM204", "error", "Dimension referenced but not defined")
def unknown_dimension(ctx: Context) -> Iterator[Finding]:
    dimensions = _defined(ctx)["dimension"]
    for path, indicator in ctx.indicators():
        if indicator.dimension and indicator.dimension not in dimensions:
            yield found(
                ctx,
                "HM204",
                f"indicator {indicator.code} refers to dimension "
                f"{indicator.dimension!r}, which no outcome defines",
                (*path, "dimension"),
            )


@rule("HM205", "error", "Domain, outcome or theme referenced but not defined")
def unknown_reference(ctx: Context) -> Iterator[Finding]:
    defined = _defined(ctx)
    for path, indicator in ctx.indicators():
        for kind in ("domain", "outcome", "theme"):
            code = getattr(indicator, kind)
            if code and code not in defined[kind]:
                yield found(
                    ctx,
                    "HM205",
                    f"indicator {indicator.code} refers to {kind} {code!r}, "
                    "which the plan does not define",
                    (*path, kind),
                )


REQUIRED_REFERENCE = {Level.DOMAIN: "domain", Level.OUTCOME: "outcome"}


@rule("HM206", "error", "Indicator's reference does not fit its level")
def level_reference(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        needed = REQUIRED_REFERENCE.get(Level(indicator.level))
        if needed and not getattr(indicator, needed):
            yield found(
                ctx,
                "HM206",
                f"indicator {indicator.code} is at {indicator.level} level but names no {needed}",
                (*path, "level"),
                f"Add `{needed}: <code>`.",
            )
        if indicator.dimension and not indicator.outcome:
            yield found(
                ctx,
                "HM206",
                f"indicator {indicator.code} names a dimension but no outcome",
                (*path, "dimension"),
            )


@rule("HM207", "error", "Dimension of another outcome")
def dimension_outcome(ctx: Context) -> Iterator[Finding]:
    dimensions = _defined(ctx)["dimension"]
    for path, indicator in ctx.indicators():
        owner = dimensions.get(indicator.dimension or "")
        if owner and indicator.outcome and owner != indicator.outcome:
            yield found(
                ctx,
                "HM207",
                f"indicator {indicator.code}: dimension {indicator.dimension} "
                f"belongs to outcome {owner}, not {indicator.outcome}",
                (*path, "dimension"),
            )


def _texts(
    data: Any, path: tuple[object, ...]
) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    if isinstance(data, dict):
        keys = [key for key in data if isinstance(key, str)]
        if (
            keys
            and len(keys) == len(data)
            and all(LANGUAGE_KEY.match(k) for k in keys)
            and all(isinstance(value, str) for value in data.values())
        ):
            yield path, data
            return
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _texts(item, (*path, index))


@rule("HM208", "warning", "Translation missing for a plan language")
def missing_translation(ctx: Context) -> Iterator[Finding]:
    languages = ctx.plan.plan.languages
    for path, text in _texts(ctx.parsed.data, ()):
        missing = [language for language in languages if not text.get(language, "").strip()]
        if missing:
            where = ".".join(str(part) for part in path)
            yield found(
                ctx,
                "HM208",
                f"{where} has no {', '.join(missing)} text",
                path,
            )


@rule("HM209", "error", "Unknown office code")
def unknown_office(ctx: Context) -> Iterator[Finding]:
    if ctx.offices is None:
        return
    for path, indicator in ctx.indicators():
        references = [
            ((*path, "targets", "by_office", n, "office"), t.office)
            for n, t in enumerate(indicator.targets.by_office)
        ] + [
            ((*path, "pmp", "office_roles", n, "office"), r.office)
            for n, r in enumerate(indicator.pmp.office_roles)
        ]
        for where, office in references:
            if office not in ctx.offices:
                message = f"indicator {indicator.code}: no office has the code {office!r}"
                yield found(ctx, "HM209", message, where)
