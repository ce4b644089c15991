"""Benchmark: the board report of the full demo plan, in English and Chinese.

Prints, from one run on one machine, the seconds to produce the 2021 board report
(45 indicators, published figures, every chapter: charts, the needs-typology map,
the engagement registers, the annex) as HTML alone, as PDF (the same HTML printed by
WeasyPrint) and as DOCX, each from the database to the file: best and median of
HM_BENCH_RUNS runs (3). The chart SVG cache is emptied before each run, so every run
draws its charts again, as a fresh worker would. Target: the PDF in under 10 s.

Run with ``make bench`` (a throwaway PostgreSQL), or on its own with SQLite:
``HM_VAR_DIR=var/bench-report .venv/bin/python benchmarks/report_bench.py``.
The demo content is loaded first when the database does not have it (~20 s).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEAR = 2021
PLAN = "UNH-SP-2020-2023"
FORMATS = ("html", "pdf", "docx")
TARGET_PDF_SECONDS = 10.0


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from habitat_monitor.core.services import load_default_content
    from habitat_monitor.plans.models import Plan

    call_command("migrate", verbosity=0, interactive=False)
    if not Plan.objects.filter(code=PLAN).exists():
        started = time.perf_counter()
        load_default_content(demo_values=True)
        print(f"demo content loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def timed(language: str, fmt: str, folder: Path, runs: int) -> tuple[list[float], Path]:
    from habitat_monitor.portal.charts import render
    from habitat_monitor.reports.figures import ReportOptions
    from habitat_monitor.reports.services import write_report

    target = folder / f"board-{language}.{fmt}"
    seconds = []
    for _ in range(runs):
        render.cache_clear()
        started = time.perf_counter()
        write_report(ReportOptions(year=YEAR, language=language), fmt, target)
        seconds.append(time.perf_counter() - started)
    return seconds, target


def main() -> int:
    setup()
    runs = int(os.environ.get("HM_BENCH_RUNS", "3"))
    print(
        f"Board report {YEAR}, full demo plan ({PLAN}), published figures; "
        f"seconds from the database to the file, best / median of {runs} runs"
    )
    header = f"{'language':<9}{'HTML alone':>14}{'PDF':>14}{'DOCX':>14}{'PDF pages':>11}"
    print(header + "   PDF < 10 s")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for language in ("en", "zh"):
            cells, pdf_median, pdf = [], 0.0, Path()
            for fmt in FORMATS:
                seconds, path = timed(language, fmt, Path(folder), runs)
                cells.append(f"{min(seconds):.2f} / {statistics.median(seconds):.2f}")
                if fmt == "pdf":
                    pdf_median, pdf = statistics.median(seconds), path
            within = pdf_median < TARGET_PDF_SECONDS
            ok = ok and within
            print(
                f"{language:<9}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}{pages(pdf):>11}"
                f"   {'yes' if within else 'NO'} (median {pdf_median:.1f} s)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
