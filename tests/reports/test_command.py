"""`habitat-monitor report board`: writes each format; a clear error for a bad year."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

PDF_MAGIC = b"%PDF-"


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_command_writes_each_format(content: None, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"board.{fmt}"
    out = StringIO()
    call_command(
        "report", "board", "--year", "2021", "--lang", "en", "--format", fmt,
        "-o", str(target), stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert f"Wrote {target}" in out.getvalue()
    assert "publication 1" in out.getvalue() and "holds illustrative values" in out.getvalue()
    if fmt == "pdf":
        assert target.read_bytes().startswith(PDF_MAGIC)
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True)
        assert "Progress in implementing the UN-Habitat Strategic Plan" in " ".join(
            text.stdout.split()
        )
    elif fmt == "docx":
        assert docx.Document(str(target)).tables
    else:
        html = target.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html


def test_unapproved_values_are_counted_on_request(content: None, tmp_path: Path) -> None:
    target = tmp_path / "board.html"
    out = StringIO()
    call_command(
        "report", "board", "--year", "2022", "--lang", "zh", "--format", "html",
        "--include-unapproved", "-o", str(target), stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert "live figures" in out.getvalue() and "awaiting approval included" in out.getvalue()
    assert 'lang="zh-Hans"' in target.read_text(encoding="utf-8")


def test_a_year_outside_the_plan_is_one_clear_error(content: None, tmp_path: Path) -> None:
    target = tmp_path / "board.pdf"
    with pytest.raises(CommandError, match=r"2019 is not a year of the plan .*2020, 2021"):
        call_command("report", "board", "--year", "2019", "-o", str(target))
    assert not target.exists()
