"""Problems and breakdowns in the reader's language: pages, API, command line, jobs."""

# The expected Chinese texts use full-width punctuation, as Chinese is written.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import ast
import io
import json
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from habitat_monitor.reporting import numbers, tabular, validation
from habitat_monitor.reporting.disaggregation import (
    CATEGORIES,
    CATEGORY_LABELS,
    breakdown_label,
    category_label,
)
from habitat_monitor.reporting.messages import localized, shown_problem, stored_problem
from habitat_monitor.reporting.models import Assignment, Submission
from habitat_monitor.reporting.services.jobs import queue_import, run_job
from habitat_monitor.reporting.services.values import save_values
from habitat_monitor.reporting.tabular import TableError
from habitat_monitor.reporting.validation import Checker, IndicatorSpec
from tests.factories import client_for

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src/habitat_monitor/locale/zh_Hans/LC_MESSAGES/django.po"
PURE_MODULES = (numbers, tabular, validation)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _templates() -> set[str]:
    """Every message the pure modules mark with ``gettext_noop``."""
    found = set()
    for module in PURE_MODULES:
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "gettext_noop"
            ):
                [argument] = node.args
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                found.add(argument.value)
    return found


def _first_code(submission: Submission, measure: str) -> str:
    assignment = Assignment.objects.filter(
        office=submission.office, period=submission.period, indicator__measure=measure
    ).select_related("indicator")[0]
    return str(assignment.indicator.code)


def _import(client: Client, submission: Submission, content: bytes, **headers: str) -> str:
    upload = SimpleUploadedFile("values.csv", content, content_type="text/csv")
    url = f"/reporting/submissions/{submission.pk}/import/"
    return client.post(url, {"file": upload}, **headers).content.decode()


# --- the catalogue ----------------------------------------------------------------------


def test_every_template_of_the_pure_modules_is_translated() -> None:
    """Each marked template is in the catalogue with a Chinese translation that keeps
    its placeholders, and the compiled catalogue serves it."""
    templates = _templates()
    assert len(templates) >= 35
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE))}
    with translation.override("zh-hans"):
        for template in sorted(templates):
            entry = catalogue.get(template)
            assert entry is not None, f"not in the catalogue: {template!r}"
            assert entry.msgstr and "fuzzy" not in entry.flags, template
            placeholders = sorted(set(PLACEHOLDER.findall(template)))
            assert sorted(set(PLACEHOLDER.findall(entry.msgstr))) == placeholders
            assert translation.gettext(template) == entry.msgstr


def test_reasons_are_english_by_default_and_chinese_when_asked() -> None:
    """The English of a localized problem is exactly its ``reason``; Chinese keeps the
    parameters (the value typed, the column, the code)."""
    spec = IndicatorSpec("P1", "percent", frozenset({"sex"}))
    checker = Checker({"P1": spec}, frozenset({"EGY", "KEN"}), {"EGY": frozenset({"Cairo"})})
    rows: list[dict[str, str]] = [
        {"indicator": "P1", "country": "EGY", "value": "150"},
        {"indicator": "P1", "country": "EGY", "value": "12,5"},
        {"indicator": "NOPE", "value": "1"},
        {"indicator": "P1", "country": "EGY", "city": "Giza", "sex": "other", "value": "1"},
    ]
    errors = []
    for number, cells in enumerate(rows, start=2):
        result = checker.feed(number, cells)
        assert isinstance(result, list)
        errors += result
    errors += validation.check_headers(["indicator", "valeu"])
    assert all(error.template for error in errors)
    with translation.override("en"):
        assert [localized(error) for error in errors] == [error.reason for error in errors]
    with translation.override("zh-hans"):
        chinese = [localized(error) for error in errors]
    assert "百分比应在 0 到 100 之间，而不是 150" in chinese
    assert "“12,5”有歧义：小数请用小数点（1.5），或改为按小数逗号读取此文件" in chinese
    assert "不是 EGY 的已知城市" in chinese
    assert "请使用以下之一：female, male" in chinese
    assert "缺少“value”列" in chinese
    assert not set(chinese) & {error.reason for error in errors}


def test_table_and_number_errors_are_localized() -> None:
    error = TableError(
        "row %(row)s has %(cells)s cells but the header has %(columns)s columns",
        {"row": 7, "cells": 12, "columns": 10},
        row=7,
    )
    assert error.message == "row 7 has 12 cells but the header has 10 columns"
    with translation.override("zh-hans"):
        assert localized(error) == "第 7 行有 12 个单元格，但表头只有 10 列"
    with pytest.raises(numbers.NumberError) as caught:
        numbers.parse_boolean("maybe")
    with translation.override("zh-hans"):
        assert localized(caught.value).startswith("“maybe”不是“是/否”答案")


def test_a_kept_problem_is_shown_in_the_readers_language() -> None:
    [error] = validation.check_headers(["value"])
    kept = json.loads(json.dumps(stored_problem(error)))  # as a JSON field holds it
    with translation.override("zh-hans"):
        assert shown_problem(kept)["reason"] == "缺少“indicator”列"
    with translation.override("en"):
        assert shown_problem(kept) == error.as_dict()
    old = {"row": 3, "column": "value", "value": "x", "reason": "kept before templates"}
    with translation.override("zh-hans"):
        assert shown_problem(old) == old


# --- pages, API, command line, background jobs ------------------------------------------------


def test_import_page_shows_chinese_reasons(draft: Submission, focal: Any, client: Client) -> None:
    """A bad value and an unreadable file: the reasons are in the reader's language."""
    client.force_login(focal)
    code = _first_code(draft, "percent")
    content = f'indicator,value\n{code},"12,5"\n'.encode()
    page = _import(client, draft, content, **ZH)
    assert "“12,5”有歧义：小数请用小数点（1.5），或改为按小数逗号读取此文件" in page
    assert "ambiguous" not in page
    assert "ambiguous" in _import(client, draft, content, **EN)
    assert "文件为空" in _import(client, draft, b"\n\n", **ZH)
    assert "这是旧版 Excel .xls 文件" in _import(client, draft, b"\xd0\xcf\x11\xe0xxxx", **ZH)
    assert not draft.values.exists()


def test_entry_form_marks_fields_in_chinese(draft: Submission, focal: Any, client: Client) -> None:
    client.force_login(focal)
    url = f"/reporting/submissions/{draft.pk}/edit/"
    field = f"value|{_first_code(draft, 'percent')}|EGY|"
    page = client.post(url, {field: "150"}, **ZH).content.decode()
    assert 'aria-invalid="true"' in page
    assert "百分比应在 0 到 100 之间，而不是 150" in page


def test_api_reasons_follow_accept_language(draft: Submission, focal: Any) -> None:
    """422: the keys stay row/column/value/reason; the reason follows Accept-Language."""
    code = _first_code(draft, "percent")
    payload = json.dumps(
        {"values": [{"indicator": "NOPE", "value": 1}, {"indicator": code, "value": 250}]}
    )
    url = f"/api/v1/submissions/{draft.pk}/values"
    client = client_for(focal)
    answers = {}
    for language in ("", "zh-hans"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        response = client.post(url, data=payload, content_type="application/json", **headers)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert all(set(problem) == {"row", "column", "value", "reason"} for problem in detail)
        answers[language] = {(p["row"], p["column"]): p["reason"] for p in detail}
    assert answers[""][(1, "indicator")] == "not an indicator this office reports"
    assert answers[""][(2, "value")] == "a percentage lies between 0 and 100, not 250"
    assert answers["zh-hans"][(1, "indicator")] == "不是本办事处报告的指标"
    assert answers["zh-hans"][(2, "value")] == "百分比应在 0 到 100 之间，而不是 250"
    assert not draft.values.exists()


def test_command_line_report_is_english_unless_a_language_is_active(
    draft: Submission, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"indicator,value\n{_first_code(draft, 'percent')},250\n", encoding="utf-8")
    arguments = [str(path), "--office", "EGY", "--period", "2023", "--plan", "UNH-SP-2020-2023"]
    for language, reason in (
        ("en", "a percentage lies between 0 and 100, not 250"),
        ("zh-hans", "百分比应在 0 到 100 之间，而不是 250"),
    ):
        out = io.StringIO()
        with translation.override(language), pytest.raises(SystemExit):
            call_command("import", *arguments, stdout=out, stderr=io.StringIO())
        assert f"row 2, value = '250': {reason}" in out.getvalue()


def test_background_job_problems_follow_the_reader(draft: Submission, focal: Any) -> None:
    """A job keeps its problems' templates: each reader sees them in their language."""
    code = _first_code(draft, "percent")
    upload = SimpleUploadedFile("big.csv", f"indicator,value\n{code},250\n".encode())
    job = run_job(queue_import(draft, upload, actor=focal))
    assert job.status == "rejected" and job.problem_count == 1
    client = client_for(focal)
    url = f"/reporting/imports/{job.pk}/status/"
    chinese = client.get(url, {"format": "json"}, **ZH).json()["problems"]
    english = client.get(url, {"format": "json"}, **EN).json()["problems"]
    assert chinese[0]["reason"] == "百分比应在 0 到 100 之间，而不是 250"
    assert english[0]["reason"] == "a percentage lies between 0 and 100, not 250"
    assert "百分比应在 0 到 100 之间" in client.get(url, **ZH).content.decode()


# --- breakdown categories ---------------------------------------------------------------


def test_every_category_has_an_english_and_a_chinese_label() -> None:
    codes = [category for categories in CATEGORIES.values() for category in categories]
    assert len(codes) == len(set(codes)), "category codes are unique across dimensions"
    assert set(CATEGORY_LABELS) == set(codes)
    for code in codes:
        assert CATEGORY_LABELS[code]["en"] and CATEGORY_LABELS[code]["zh"]
    assert category_label("lower_middle", "zh-hans") == "中等偏下收入"
    assert category_label("with_disability", "en") == "with disability"
    assert category_label("LAC", "zh-hans") == "拉丁美洲和加勒比"
    assert category_label("unknown", "zh-hans") == "unknown"
    assert breakdown_label("age=0-14;sex=female", "zh-hans") == "年龄组：0-14岁，性别：女"
    assert breakdown_label("age=0-14;sex=female", "en") == "Age band: 0-14 years, Sex: female"
    assert breakdown_label("", "zh-hans") == ""


def test_entry_form_names_categories_in_chinese(
    draft: Submission, focal: Any, client: Client
) -> None:
    """Breakdown lines are labelled in words, never by their codes (e.g. lower_middle)."""
    assignments = Assignment.objects.filter(office=draft.office, period=draft.period)
    dimensions = {
        dimension
        for a in assignments.select_related("indicator")
        for dimension in a.indicator.disaggregations
        if dimension != "region"
    }
    assert dimensions, "the fixture has no indicator broken down by an entered dimension"
    client.force_login(focal)
    url = f"/reporting/submissions/{draft.pk}/edit/"
    chinese = client.get(url, **ZH).content.decode()
    english = client.get(url, **EN).content.decode()
    for dimension in dimensions:
        for category in CATEGORIES[dimension]:
            assert f"：{category_label(category, 'zh-hans')}</label>" in chinese
            assert f": {category_label(category, 'en')}</label>" in english


def test_submission_and_history_pages_name_categories_in_chinese(
    draft: Submission, focal: Any, client: Client
) -> None:
    """A value broken down by sex, and its change, are shown as "性别：女", not as a key."""
    codes = _codes_by(draft, "sex")
    assert codes, "the fixture has no indicator broken down by sex"
    row = {"indicator": codes[0], "country": "EGY", "sex": "female", "value": "1"}
    save_values(draft, [(2, row)], actor=focal, reason="first")
    save_values(draft, [(2, {**row, "value": "2"})], actor=focal, reason="changed")
    client.force_login(focal)
    detail = client.get(f"/reporting/submissions/{draft.pk}/", **ZH).content.decode()
    history = client.get(f"/reporting/submissions/{draft.pk}/history/", **ZH).content.decode()
    for page in (detail, history):
        assert "性别：女" in page
        assert "sex=female" not in page


def _codes_by(submission: Submission, dimension: str) -> list[str]:
    """Indicators of the submission broken down by ``dimension`` (not yes/no, not summed)."""
    assignments = Assignment.objects.filter(
        office=submission.office, period=submission.period
    ).select_related("indicator")
    return sorted(
        a.indicator.code
        for a in assignments
        if dimension in a.indicator.disaggregations
        and a.indicator.measure in ("percent", "ratio", "index")
    )
