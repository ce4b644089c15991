"""Typology rules (HM3xx): is the needs typology of a plan usable?

- HM301: every threshold of a rule, and every score of the scale, lies within 0-4.
- HM302: the categories are numbered 1, 2, ... N, each once.
- HM303: a rule gives a category the typology defines.
- HM304: a condition reads a known source (an item group with items, an item,
  ``shocks`` or ``sector_challenges``); ``ongoing`` only on ``shocks``.
- HM305: item codes are unique, and so are rule codes (rules and secondary rules).
- HM306 (warning): the last rule is a catch-all (no conditions), and nothing
  follows a catch-all; otherwise some assessments get no category, or a rule
  can never fire.
- HM307 (warning): a driver or enabler item is one of the plan's
  ``drivers_of_change`` or ``performance_enablers`` (when the plan lists them).
"""

from __future__ import annotations

from collections.abc import Iterator

from habitat_monitor.plans.framework import (
    EVENT_SOURCES,
    SCORE_MAX,
    SCORE_MIN,
    Typology,
    TypologyRule,
)
from habitat_monitor.plans.lint.base import Context, found, rule
from habitat_monitor.plans.planfile import Finding

RulePath = tuple[object, ...]


def _rules(typology: Typology) -> Iterator[tuple[RulePath, TypologyRule]]:
    for key in ("rules", "secondary"):
        for n, entry in enumerate(getattr(typology, key)):
            yield ("typology", key, n), entry


@rule("HM301", "error", "Typology threshold outside the 0-4 scale")
def threshold_outside_scale(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    for score in typology.scale:
        if not SCORE_MIN <= score <= SCORE_MAX:
            message = f"typology scale: {score} is outside the scores 0-4"
            yield found(ctx, "HM301", message, ("typology", "scale", score))
    for path, entry in _rules(typology):
        for c, condition in enumerate(entry.when):
            for name, bound in condition.bounds().items():
                if bound is not None and not SCORE_MIN <= bound <= SCORE_MAX:
                    yield found(
                        ctx,
                        "HM301",
                        f"typology rule {entry.code}: {name} {bound:g} is outside the scale 0-4",
                        (*path, "when", c, name),
                        "Scores and severities run from 0 (absent) to 4 (strong).",
                    )


@rule("HM302", "error", "Typology categories not numbered 1 to N")
def category_numbers(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    numbers = [category.number for category in typology.categories]
    expected = list(range(1, len(numbers) + 1))
    if sorted(numbers) != expected:
        missing = sorted(set(expected) - set(numbers))
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        detail = ", ".join(
            part
            for part in (
                f"missing {', '.join(map(str, missing))}" if missing else "",
                f"repeated {', '.join(map(str, repeated))}" if repeated else "",
            )
            if part
        )
        yield found(
            ctx,
            "HM302",
            f"typology categories must be numbered 1 to {len(numbers)}, each once ({detail})",
            ("typology", "categories"),
        )


@rule("HM303", "error", "Typology rule gives an undefined category")
def undefined_category(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    defined = {category.number for category in typology.categories}
    for path, entry in _rules(typology):
        if entry.category not in defined:
            yield found(
                ctx,
                "HM303",
                f"typology rule {entry.code} gives category {entry.category}, "
                "which the typology does not define",
                (*path, "category"),
            )


@rule("HM304", "error", "Typology condition reads an unknown source")
def unknown_source(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    sources = {item.code for item in typology.items} | {item.group for item in typology.items}
    sources |= set(EVENT_SOURCES)
    for path, entry in _rules(typology):
        for c, condition in enumerate(entry.when):
            where = (*path, "when", c)
            if condition.of not in sources:
                yield found(
                    ctx,
                    "HM304",
                    f"typology rule {entry.code} reads {condition.of!r}, which is no item, "
                    "item group with items, `shocks` or `sector_challenges`",
                    (*where, "of"),
                )
            elif condition.ongoing is not None and condition.of != "shocks":
                yield found(
                    ctx,
                    "HM304",
                    f"typology rule {entry.code}: `ongoing` applies only to `of: shocks`",
                    (*where, "ongoing"),
                )


@rule("HM305", "error", "Duplicate typology code")
def duplicate_typology_codes(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    items: list[tuple[str, RulePath]] = [
        (item.code, ("typology", "items", n, "code")) for n, item in enumerate(typology.items)
    ]
    rules = [(entry.code, (*where, "code")) for where, entry in _rules(typology)]
    for group in (items, rules):
        seen: dict[str, RulePath] = {}
        for code, path in group:
            if code in seen:
                line, _column = ctx.parsed.locate(seen[code])
                message = f"typology code {code!r} is used twice (first on line {line})"
                yield found(ctx, "HM305", message, path)
            else:
                seen[code] = path


@rule("HM306", "warning", "Typology rules without a catch-all last")
def catch_all(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    rules = typology.rules
    for n, entry in enumerate(rules[:-1]):
        if not entry.when:
            yield found(
                ctx,
                "HM306",
                f"typology rule {entry.code} has no conditions, so the rules after it never fire",
                ("typology", "rules", n + 1, "code"),
                "Put the rule without conditions last.",
            )
    if rules[-1].when:
        yield found(
            ctx,
            "HM306",
            f"the last typology rule ({rules[-1].code}) has conditions: an assessment "
            "that meets no rule gets no category",
            ("typology", "rules", len(rules) - 1, "code"),
            "End the rules with one without `when:` (a catch-all).",
        )


@rule("HM307", "warning", "Typology item not among the plan's drivers or enablers")
def item_not_in_framework(ctx: Context) -> Iterator[Finding]:
    typology = ctx.plan.typology
    if typology is None:
        return
    lists = {
        "driver": ("drivers_of_change", ctx.plan.drivers_of_change),
        "enabler": ("performance_enablers", ctx.plan.performance_enablers),
    }
    for n, item in enumerate(typology.items):
        if item.group not in lists:
            continue
        key, terms = lists[item.group]
        if terms and item.code not in {term.code for term in terms}:
            yield found(
                ctx,
                "HM307",
                f"typology item {item.code} is a {item.group} but not in `{key}`",
                ("typology", "items", n, "code"),
            )
