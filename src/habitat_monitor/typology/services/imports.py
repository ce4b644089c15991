"""A round's assessment spreadsheet: the template to download, and importing it filled in.

Import is all or nothing: every row is read and checked first (``spreadsheet``
and ``inputs``: scores, notes, place, permission, duplicates, final assessments),
and if any row has a problem nothing is written and every problem is reported
(row, column, value, reason). Otherwise each new place is created and each changed
one updated through ``services.assessments`` (permission, classification, audit),
in one transaction. A row whose inputs equal what is stored is left alone, so
importing the same file twice adds no history. ``dry_run`` checks and counts only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.geo.models import City, Country, Office
from habitat_monitor.reporting.tabular import ZIP_SIGNATURES, TableError, open_table
from habitat_monitor.reporting.validation import CellError
from habitat_monitor.typology import spreadsheet
from habitat_monitor.typology.errors import NoTypology, StepRefused
from habitat_monitor.typology.inputs import AssessmentInput, AssessmentInvalid
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.queries import plan_typology, priority_codes, visible_assessments
from habitat_monitor.typology.services.assessments import create_assessment, update_assessment

INPUT_FIELDS = (
    "scores",
    "evidence",
    "sector_challenges",
    "shocks",
    "priorities",
    "social_inclusion",
)


class ImportRejected(Exception):
    """The file has problems (every one in ``errors``); nothing was written."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    dry_run: bool = False
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "dry_run": self.dry_run,
            "rows": self.rows,
        }


def stored_inputs(assessment: Assessment) -> dict[str, Any]:
    """The assessment's inputs as ``AssessmentInput.as_dict`` gives them."""
    return {name: getattr(assessment, name) for name in INPUT_FIELDS}


def assessable_countries(user: Any) -> Any:
    """The countries ``user`` may assess (the same rule as ``typology.add_assessment``)."""
    if user.has_perm("typology.add_assessment"):  # staff (and the system): any country
        return Country.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Country.objects.none()
    return Country.objects.filter(offices__members=user).distinct()


def may_assess_somewhere(user: Any) -> bool:
    if user.has_perm("typology.add_assessment"):
        return True
    first = assessable_countries(user).first()
    return first is not None and user.has_perm("typology.add_assessment", first)


# --- the template -----------------------------------------------------------------------


def template_bytes(assessment_round: AssessmentRound, user: Any) -> bytes:
    """The round's workbook: the assessments ``user`` may see, then a row for each place
    with a country office that ``user`` may assess and that is not assessed yet."""
    found = plan_typology(assessment_round.plan)
    if found is None:
        raise NoTypology(gettext("The plan of this round has no typology."))
    language = get_language()
    assessed = visible_assessments(user, assessment_round.assessments.all())
    rows: list[Mapping[str, object]] = []
    for a in assessed:
        place = {
            "country": a.country.alpha3,
            "city": a.city.name.get("en", a.city.label) if a.city else "",
            "name": f"{a.country.label} · {a.city.label}" if a.city else a.country.label,
            "status": a.get_status_display(),
        }
        rows.append(spreadsheet.row_values(place, stored_inputs(a)))
    done = {a.country_id for a in assessed if a.city is None}
    with_office = Office.objects.filter(kind=Office.Kind.COUNTRY).values("country")
    for country in assessable_countries(user).filter(pk__in=with_office).order_by("alpha3"):
        if country.pk not in done:
            rows.append({"country": country.alpha3, "name": country.label})
    found_columns = spreadsheet.columns(
        found[1],
        language,
        gettext,
        sectors=spreadsheet.slots([a.sector_challenges for a in assessed]),
        shocks=spreadsheet.slots([a.shocks for a in assessed]),
    )
    return spreadsheet.write_workbook(
        found_columns, rows, (gettext("Column"), gettext("What to enter"))
    )


# --- the import -------------------------------------------------------------------------


@dataclass
class _Planned:
    row: int
    country: Country
    city: City | None
    checked: AssessmentInput
    existing: Assessment | None


def _error(row: int, column: str, value: str, template: str, **params: str) -> CellError:
    return CellError.worded(row, column, value, template, params)


def _place(
    read: spreadsheet.RowInput, countries: dict[str, Country], errors: list[CellError]
) -> tuple[Country, City | None] | None:
    country = countries.get(read.country)
    if country is None:
        template = gettext_noop("not a country code (ISO alpha-3, such as KEN)")
        errors.append(_error(read.row, "country", read.country, template))
        return None
    if not read.city:
        return country, None
    wanted = read.city.casefold()
    for city in City.objects.filter(country=country):
        if wanted in {str(name).casefold() for name in city.name.values()}:
            return country, city
    template = gettext_noop("not a city of %(country)s")
    errors.append(_error(read.row, "city", read.city, template, country=country.alpha3))
    return None


def _plan_row(
    read: spreadsheet.RowInput,
    place: tuple[Country, City | None],
    existing: Assessment | None,
    actor: Any,
    errors: list[CellError],
) -> _Planned | bool:
    """The row's write; True when it changes nothing, False when it has a problem
    (a row whose inputs are bad is still checked for place and permission)."""
    country, city = place
    if existing is None and not actor.has_perm("typology.add_assessment", country):
        template = gettext_noop("you may not assess %(country)s")
        errors.append(_error(read.row, "country", read.country, template, country=read.country))
        return False
    if existing is not None and read.checked and read.checked.as_dict() == stored_inputs(existing):
        return True
    if existing is not None and not actor.has_perm("typology.change_assessment", existing):
        template = gettext_noop("you may not change the assessment of %(country)s")
        errors.append(_error(read.row, "country", read.country, template, country=read.country))
        return False
    if existing is not None and existing.locked:
        template = gettext_noop("this assessment is final: it can no longer be changed")
        errors.append(_error(read.row, "country", read.country, template))
        return False
    if read.checked is None:
        return False
    return _Planned(read.row, country, city, read.checked, existing)


def _check(
    assessment_round: AssessmentRound, path: Path, actor: Any
) -> tuple[list[_Planned], ImportResult]:
    found = plan_typology(assessment_round.plan)
    if found is None:
        raise NoTypology(gettext("The plan of this round has no typology."))
    typology, codes = found[1], priority_codes(assessment_round.plan)
    with path.open("rb") as probe:
        if not probe.read(4).startswith(ZIP_SIGNATURES):
            template = gettext_noop("This is not an Excel workbook: use the round's .xlsx template")
            raise ImportRejected([_error(1, "", path.name, template)])
    countries = {c.alpha3: c for c in Country.objects.all()}
    stored = {(a.country_id, a.city_id): a for a in assessment_round.assessments.all()}
    errors: list[CellError] = []
    planned: list[_Planned] = []
    result = ImportResult()
    seen: dict[tuple[str, str], int] = {}
    try:
        with open_table(path) as table:
            errors = spreadsheet.check_header(table.headers, typology)
            if errors:
                raise ImportRejected(errors)
            for sheet_row in table:
                read = spreadsheet.read_row(sheet_row.number, sheet_row.cells, typology, codes)
                if read is None:
                    result.skipped += 1
                    continue
                errors += read.errors
                key = (read.country, read.city.casefold())
                if key in seen:
                    template = gettext_noop("the same place is already on row %(first)s")
                    errors.append(
                        _error(read.row, "country", read.country, template, first=str(seen[key]))
                    )
                    continue
                seen[key] = read.row
                place = _place(read, countries, errors)
                if place is None:
                    continue
                existing = stored.get((place[0].pk, place[1].pk if place[1] else None))
                write = _plan_row(read, place, existing, actor, errors)
                if isinstance(write, _Planned):
                    planned.append(write)
                elif write:
                    result.unchanged += 1
                    label = " ".join(p for p in (read.country, read.city) if p)
                    result.rows.append({"row": read.row, "place": label, "action": "unchanged"})
    except TableError as error:
        template = error.template
        raise ImportRejected(
            [CellError.worded(error.row or 1, error.column or "", "", template, dict(error.params))]
        ) from None
    if errors:
        raise ImportRejected(errors)
    return planned, result


def import_assessments(
    assessment_round: AssessmentRound,
    path: Path,
    *,
    actor: Any,
    dry_run: bool = False,
    source: str = "",
) -> ImportResult:
    """Check every row of the workbook at ``path``, then write all of it or nothing.

    Raises ImportRejected with every problem; NotAllowed when ``actor`` may assess
    no country at all."""
    if not may_assess_somewhere(actor):
        raise NotAllowed(gettext("You may not assess any country."))
    planned, result = _check(assessment_round, path, actor)
    result.dry_run = dry_run
    for write in planned:
        action = "changed" if write.existing else "added"
        setattr(result, action, getattr(result, action) + 1)
        place = " ".join(
            p for p in (write.country.alpha3, write.city and write.city.name["en"]) if p
        )
        result.rows.append({"row": write.row, "place": place, "action": action})
    result.rows.sort(key=lambda row: row["row"])
    if dry_run or not planned:
        return result
    reason = f"imported from {source or path.name}"
    with transaction.atomic():
        for write in planned:
            data = write.checked.as_dict()
            try:
                if write.existing is None:
                    create_assessment(
                        assessment_round,
                        actor=actor,
                        country=write.country,
                        city=write.city,
                        data=data,
                        reason=reason,
                    )
                else:
                    update_assessment(write.existing, actor=actor, data=data, reason=reason)
            except (AssessmentInvalid, StepRefused, NotAllowed) as error:
                # Someone changed the round since the check: report the row, write nothing.
                template = gettext_noop("not written: %(reason)s")
                raise ImportRejected(
                    [
                        _error(
                            write.row, "country", write.country.alpha3, template, reason=str(error)
                        )
                    ]
                ) from None
    return result
