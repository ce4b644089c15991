"""SDMX-CSV export of a published dataset, and reading it back (pure: no Django).

The rules, in words:

* **One dataflow per plan.** ``structure`` describes the dataset with a data structure
  definition (DSD) and a dataflow, ``DSD_`` and ``DF_`` followed by the plan code with
  every character an SDMX id does not allow replaced by ``_`` (``UNH-SP-2020-2023`` ->
  ``DF_UNH_SP_2020_2023``), version 1.0, maintained by ``agency``.
* **Dimensions**, in key order: INDICATOR, REF_AREA (ISO alpha-3), CITY, OFFICE, SEX,
  AGE, DISABILITY, URBANISATION, INCOME, REGION (one per breakdown dimension, always all
  six, so the structure does not change with the data) and TIME_PERIOD (our period codes
  ``2021``, ``2021-S1``, ``2021-Q3`` are SDMX time periods as they are). The measure is
  OBS_VALUE. Two attributes per observation: UNIT_MEASURE (the indicator's unit) and
  ILLUSTRATIVE (``true`` on every figure invented for the demonstration: an invented
  figure must never pass for a measurement).
* **Special codes**, the SDMX cross-domain conventions: ``_Z`` "not applicable" where a
  value has no such thing (REF_AREA and CITY of a plan-wide value, CITY of a country
  value, OFFICE when none), ``_T`` "total" in every breakdown dimension the value is not
  broken down by.
* **Codes** use letters, digits and ``_`` only (never the ``-``, ``@`` and ``$`` SDMX
  also allows, so no cell can start a spreadsheet formula). Breakdown categories have
  fixed ids (``female`` -> ``F``, ``15-24`` -> ``Y15T24``, ``65+`` -> ``Y_GE65``,
  ``lower_middle`` -> ``LMC``: ``CATEGORY_IDS``). Indicator codes, cities, offices and
  units get derived ids: ASCII capitals (accents dropped), any other run of characters
  one ``_`` (``1.1.1`` -> ``1_1_1``, ``Dar es Salaam`` -> ``DAR_ES_SALAAM``); values
  that would share an id get ``_2``, ``_3``... in sorted order. Every code keeps our
  value in an ``HM_VALUE`` annotation, so the structure alone maps ids back.
* **Names** in English and Chinese: indicator statements, country and city names from
  the reference data (the code or the name itself when unknown), category labels.
* **File**: SDMX-CSV 2.0.0, the version sdmx1 reads (its reader knows no 1.0). Columns
  STRUCTURE (``dataflow``), STRUCTURE_ID (``AGENCY:DF_...(1.0)``), ACTION (``I``,
  information: published figures, not a submission to merge), the dimensions, OBS_VALUE
  and the attributes; one row per observation, in the dataset's order; UTF-8. Numbers in
  their shortest exact form (Python's ``repr`` without a trailing ``.0``: ``42``,
  ``40.5``, ``1e+16``). A value that is not finite is no measurement: it is not written
  and not counted.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, TextIO

import sdmx
from sdmx.message import DataMessage, Header, StructureMessage
from sdmx.model import common, v21

from habitat_monitor.core.translated import WordedError, gettext_noop
from habitat_monitor.geo import reference
from habitat_monitor.interop.records import Dataset, Observation
from habitat_monitor.reporting.disaggregation import CATEGORIES, LABELS, category_label

AGENCY = "HABITAT_MONITOR"
VERSION = "1.0"
NOT_APPLICABLE, TOTAL = "_Z", "_T"
ANNOTATION = "HM_VALUE"
ACTION = "I"

# Our breakdown dimension -> its SDMX dimension (the SDG data structure's names).
BREAKDOWN_DIMENSIONS: dict[str, str] = dict(
    sex="SEX", age="AGE", disability="DISABILITY", urban_rural="URBANISATION",
    income="INCOME", region="REGION",
)  # fmt: skip
# Ids from the SDMX global codelists (sex, age bands, urbanisation) and the World Bank
# income groups; a category not listed here gets a derived id.
_KNOWN_IDS = {
    "female": "F", "male": "M", "0-14": "Y0T14", "15-24": "Y15T24", "25-64": "Y25T64",
    "65+": "Y_GE65", "urban": "U", "rural": "R", "low": "LIC", "lower_middle": "LMC",
    "upper_middle": "UMC", "high": "HIC",
}  # fmt: skip
_NOT_ID = re.compile(r"[^A-Z0-9]+")
# Component id -> its name in English and Chinese (also the names of the concepts).
_NAMES: dict[str, tuple[str, str]] = {
    "INDICATOR": ("Indicator", "指标"),
    "REF_AREA": ("Reference area", "参考区域"),
    "CITY": ("City", "城市"),
    "OFFICE": ("Reporting office", "报告办事处"),
    "TIME_PERIOD": ("Time period", "时间段"),
    "OBS_VALUE": ("Observation value", "观测值"),
    "UNIT_MEASURE": ("Unit of measure", "计量单位"),
    "ILLUSTRATIVE": ("Illustrative figure (invented, not measured)", "示例数字（虚构，非实测）"),  # noqa: RUF001
} | {dim: (LABELS[ours]["en"], LABELS[ours]["zh"]) for ours, dim in BREAKDOWN_DIMENSIONS.items()}
_SPECIAL = {NOT_APPLICABLE: ("Not applicable", "不适用"), TOTAL: ("Total", "合计")}


def sdmx_id(text: str) -> str:
    """An SDMX id for ``text``: ASCII capitals and digits, other runs one ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ID.sub("_", ascii_text.upper()).strip("_") or "X"


# Our category -> its SDMX id, per breakdown dimension; and back.
CATEGORY_IDS: dict[str, dict[str, str]] = {
    ours: {c: _KNOWN_IDS.get(c) or sdmx_id(c) for c in CATEGORIES[ours]}
    for ours in BREAKDOWN_DIMENSIONS
}
CATEGORIES_BY_ID: dict[str, dict[str, str]] = {
    ours: {code: category for category, code in ids.items()} for ours, ids in CATEGORY_IDS.items()
}


def _unique_ids(values: Iterable[str]) -> dict[str, str]:
    """Each value's derived id; later values (in sorted order) that would repeat an id
    get ``_2``, ``_3``..., so that ids map back to one value each."""
    result: dict[str, str] = {}
    taken: set[str] = {NOT_APPLICABLE, TOTAL}
    for value in sorted(set(values)):
        base = candidate = sdmx_id(value)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        result[value] = candidate
    return result


@cache
def _place_names() -> dict[str, tuple[str, str]]:
    """Country (alpha-3) and city (English name) -> names in English and Chinese."""
    names = {row.alpha3: (row.name["en"], row.name["zh"]) for row in reference.countries()}
    return names | {row.name["en"]: (row.name["en"], row.name["zh"]) for row in reference.cities()}


def _code(code_id: str, names: tuple[str, str], value: str | None = None) -> common.Code:
    en, zh = names
    code = common.Code(id=code_id, name={"en": en, "zh": zh or en})
    if value is not None:
        code.annotations.append(v21.Annotation(id=ANNOTATION, type=ANNOTATION, text=value))
    return code


def _maintained(agency: common.Agency) -> dict[str, Any]:
    return dict(maintainer=agency, version=VERSION, is_final=True, is_external_reference=False)


def _codelist(
    component: str, agency: common.Agency, suffix: str, codes: Iterable[common.Code]
) -> common.Codelist:
    en, zh = _NAMES[component]
    codelist = common.Codelist(
        id=f"CL_{component}{suffix}", name={"en": en, "zh": zh}, **_maintained(agency)
    )
    for code in codes:
        codelist.append(code)
    return codelist


def _codelists(dataset: Dataset, agency: common.Agency) -> dict[str, common.Codelist]:
    """A codelist per coded component, by component id. Lists that depend on the data
    carry the plan in their id; the breakdown lists are the same for every plan."""
    suffix = "_" + sdmx_id(dataset.plan_code)
    obs = dataset.observations
    names = _place_names()
    indicator_ids = _unique_ids(i.code for i in dataset.indicators)
    units = {i.unit_en: (i.unit_en, i.unit_zh) for i in dataset.indicators}
    not_applicable = [_code(NOT_APPLICABLE, _SPECIAL[NOT_APPLICABLE])]
    lists = {
        "INDICATOR": [  # in the plan's order
            _code(indicator_ids[i.code], (i.statement_en, i.statement_zh), i.code)
            for i in dataset.indicators
        ],
        "REF_AREA": not_applicable
        + [
            _code(code, names.get(value, (value, value)), value)
            for value, code in _unique_ids(o.country for o in obs if o.country).items()
        ],
        "CITY": not_applicable
        + [
            _code(code, names.get(value, (value, value)), value)
            for value, code in _unique_ids(o.city for o in obs if o.city).items()
        ],
        "OFFICE": not_applicable
        + [
            _code(code, (value, value), value)
            for value, code in _unique_ids(o.office for o in obs if o.office).items()
        ],
        "UNIT_MEASURE": [
            _code(code, units[value], value) for value, code in _unique_ids(units).items()
        ],
    }
    result = {dim: _codelist(dim, agency, suffix, codes) for dim, codes in lists.items()}
    for ours, dim in BREAKDOWN_DIMENSIONS.items():
        codes = [_code(TOTAL, _SPECIAL[TOTAL])] + [
            _code(code, (category_label(c, "en"), category_label(c, "zh")), c)
            for c, code in CATEGORY_IDS[ours].items()
        ]
        result[dim] = _codelist(dim, agency, "", codes)
    return result


def _concepts(agency: common.Agency, suffix: str) -> common.ConceptScheme:
    name = {"en": "Habitat Monitor concepts", "zh": "人居监测概念"}
    scheme = common.ConceptScheme(id=f"CS{suffix}", name=name, **_maintained(agency))
    for concept_id, (en, zh) in _NAMES.items():
        scheme.append(common.Concept(id=concept_id, name={"en": en, "zh": zh}))
    return scheme


def structure(dataset: Dataset, *, agency: str = AGENCY) -> StructureMessage:
    """The data structure definition, dataflow, codelists and concepts of ``dataset``."""
    maintainer = common.Agency(id=agency)
    suffix = "_" + sdmx_id(dataset.plan_code)
    codelists = _codelists(dataset, maintainer)
    concepts = _concepts(maintainer, suffix)
    name = {"en": dataset.plan_title_en, "zh": dataset.plan_title_zh or dataset.plan_title_en}
    dsd = v21.DataStructureDefinition(id=f"DSD{suffix}", name=name, **_maintained(maintainer))
    dsd.dimensions.id, dsd.measures.id = "DimensionDescriptor", "MeasureDescriptor"
    dsd.attributes.id = "AttributeDescriptor"
    for dim in ("INDICATOR", "REF_AREA", "CITY", "OFFICE", *BREAKDOWN_DIMENSIONS.values()):
        representation = common.Representation(enumerated=codelists[dim])
        dsd.dimensions.append(
            common.Dimension(
                id=dim, concept_identity=concepts[dim], local_representation=representation
            )
        )
    time = common.TimeDimension(id="TIME_PERIOD", concept_identity=concepts["TIME_PERIOD"])
    dsd.dimensions.append(time)
    dsd.dimensions.assign_order()
    dsd.measures.append(v21.PrimaryMeasure(id="OBS_VALUE", concept_identity=concepts["OBS_VALUE"]))
    boolean = common.Facet(value_type=common.FacetValueType.boolean)
    for attribute, representation in (
        ("UNIT_MEASURE", common.Representation(enumerated=codelists["UNIT_MEASURE"])),
        ("ILLUSTRATIVE", common.Representation(non_enumerated=[boolean])),
    ):
        dsd.attributes.append(
            common.DataAttribute(
                id=attribute,
                concept_identity=concepts[attribute],
                local_representation=representation,
                related_to=v21.PrimaryMeasureRelationship(),
                usage_status=common.UsageStatus.mandatory,
            )
        )
    flow = v21.DataflowDefinition(
        id=f"DF{suffix}", name=name, structure=dsd, **_maintained(maintainer)
    )
    header_id = f"HM{suffix}_{dataset.publication or 0}"
    header = Header(id=header_id, sender=maintainer, prepared=dataset.published_at)
    message = StructureMessage(header=header)
    for artefact in (*codelists.values(), concepts, dsd, flow):
        message.add(artefact)
    return message


def structure_xml(dataset: Dataset, **kw: Any) -> bytes:
    """``structure(dataset, **kw)`` as an SDMX-ML 2.1 structure message."""
    return bytes(sdmx.to_xml(structure(dataset, **kw), pretty_print=True))


def _dataflow(message: StructureMessage) -> v21.DataflowDefinition:
    flows = list(message.dataflow.values())
    if len(flows) != 1 or not isinstance(flows[0], v21.DataflowDefinition):
        raise WordedError(gettext_noop("the SDMX structure must hold exactly one dataflow"))
    return flows[0]


def _reverse(dsd: v21.DataStructureDefinition) -> dict[str, dict[str, str]]:
    """Per coded component, code id -> our value: the code's HM_VALUE annotation, else
    (a structure from elsewhere) the fixed category table, else the id itself."""
    result: dict[str, dict[str, str]] = {}
    fixed = {dim: CATEGORIES_BY_ID[ours] for ours, dim in BREAKDOWN_DIMENSIONS.items()}
    for component in (*dsd.dimensions.components, *dsd.attributes.components):
        representation = component.local_representation
        if representation is None or representation.enumerated is None:
            continue
        back = result[component.id] = {}
        for code in representation.enumerated:
            try:
                back[code.id] = str(code.get_annotation(id=ANNOTATION).text)
            except KeyError:
                back[code.id] = fixed.get(component.id, {}).get(code.id, code.id)
    return result


def number_text(value: float) -> str:
    """The shortest text that reads back as exactly ``value``: ``42``, ``40.5``, ``1e+16``."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _breakdown_codes(obs: Observation, ids: Mapping[str, Mapping[str, str]]) -> list[str]:
    unknown = sorted(set(obs.breakdown) - set(BREAKDOWN_DIMENSIONS))
    if unknown:
        raise WordedError(
            gettext_noop("%(dimension)s is not a breakdown dimension SDMX-CSV knows"),
            {"dimension": ", ".join(unknown)},
        )
    codes = []
    for ours, dim in BREAKDOWN_DIMENSIONS.items():
        category = obs.breakdown.get(ours)
        if category is not None and category not in ids[dim]:
            raise WordedError(
                gettext_noop("%(category)s is not a category of %(dimension)s"),
                {"category": category, "dimension": ours},
            )
        codes.append(TOTAL if category is None else ids[dim][category])
    return codes


def write_sdmx_csv(dataset: Dataset, handle: TextIO, **kw: Any) -> int:
    """Write ``dataset`` as SDMX-CSV 2.0.0 to ``handle``; the number of data rows.
    ``kw`` goes to ``structure`` (the agency)."""
    flow = _dataflow(structure(dataset, **kw))
    dsd = flow.structure
    # Our value -> code id, from the structure itself, so file and structure agree.
    ids = {
        component: {value: code for code, value in back.items() if code not in _SPECIAL}
        for component, back in _reverse(dsd).items()
    }
    units = {i.code: ids["UNIT_MEASURE"][i.unit_en] for i in dataset.indicators}
    assert flow.maintainer is not None
    target = ["dataflow", f"{flow.maintainer.id}:{flow.id}({flow.version})", ACTION]
    writer = csv.writer(handle, lineterminator="\r\n")
    dimensions = [dim.id for dim in dsd.dimensions.components]
    attributes = [attribute.id for attribute in dsd.attributes.components]
    writer.writerow(["STRUCTURE", "STRUCTURE_ID", "ACTION", *dimensions, "OBS_VALUE", *attributes])
    rows = 0
    for obs in dataset.observations:
        if not math.isfinite(obs.value):
            continue
        if obs.indicator not in units:
            raise WordedError(
                gettext_noop("indicator %(indicator)s is not described in the dataset"),
                {"indicator": obs.indicator},
            )
        key = [
            ids["INDICATOR"][obs.indicator],
            ids["REF_AREA"].get(obs.country, NOT_APPLICABLE),
            ids["CITY"].get(obs.city, NOT_APPLICABLE),
            ids["OFFICE"].get(obs.office, NOT_APPLICABLE),
            *_breakdown_codes(obs, ids),
            obs.period,
        ]
        flag = "true" if obs.illustrative else "false"
        writer.writerow([*target, *key, number_text(obs.value), units[obs.indicator], flag])
        rows += 1
    return rows


def read_sdmx_csv(source: TextIO | str | bytes, structure: StructureMessage) -> list[Observation]:
    """The observations of an SDMX-CSV file written by ``write_sdmx_csv``, read through
    sdmx1's SDMX-CSV 2.0 reader against ``structure`` (the message of ``structure`` or
    its SDMX-ML read back with ``sdmx.read_sdmx``)."""
    if not isinstance(source, str | bytes):
        source = source.read()
    data = source.encode("utf-8") if isinstance(source, str) else source
    flow = _dataflow(structure)
    message = sdmx.read_sdmx(io.BytesIO(data), format="csv", structure=flow)
    assert isinstance(message, DataMessage)
    back = _reverse(flow.structure)
    return [_observation(obs, back) for data_set in message.data for obs in data_set.obs]


def _observation(obs: common.BaseObservation, back: Mapping[str, Mapping[str, str]]) -> Observation:
    key = obs.dimension
    assert key is not None

    def text(dimension: str) -> str:
        return str(key.values[dimension].value)

    def ours(dimension: str) -> str:
        code = text(dimension)
        if code == NOT_APPLICABLE:
            return ""
        if code not in back[dimension]:
            raise WordedError(
                gettext_noop("%(code)s is not a code of %(dimension)s"),
                {"code": code, "dimension": dimension},
            )
        return back[dimension][code]

    period = text("TIME_PERIOD")
    breakdown = {
        name: ours(dim) for name, dim in BREAKDOWN_DIMENSIONS.items() if text(dim) != TOTAL
    }
    flag = str(obs.attached_attribute["ILLUSTRATIVE"].value).strip().lower()
    return Observation(
        indicator=ours("INDICATOR"),
        period=period,
        year=int(period[:4]),
        office=ours("OFFICE"),
        country=ours("REF_AREA"),
        city=ours("CITY"),
        breakdown=breakdown,
        value=float(str(obs.value)),
        illustrative=flag in ("true", "1"),
    )
