# Habitat Monitor: `make run` serves the app, `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HM := $(BIN)/habitat-monitor
# Domain modules kept free of Django, type-checked with mypy.
PURE_MODULES := src/habitat_monitor/core/env.py src/habitat_monitor/core/translated.py \
	src/habitat_monitor/geo/reference.py src/habitat_monitor/plans/framework.py \
	src/habitat_monitor/plans/planfile.py src/habitat_monitor/plans/diff.py \
	src/habitat_monitor/plans/lint/ src/habitat_monitor/reporting/periods.py \
	src/habitat_monitor/reporting/disaggregation.py src/habitat_monitor/reporting/validation.py \
	src/habitat_monitor/reporting/numbers.py src/habitat_monitor/reporting/tabular.py \
	src/habitat_monitor/reporting/evidence.py src/habitat_monitor/reporting/fastcheck.py src/habitat_monitor/progress/achievement.py \
	src/habitat_monitor/progress/projection.py src/habitat_monitor/progress/rollup.py \
	src/habitat_monitor/typology/rules.py src/habitat_monitor/typology/inputs.py \
	src/habitat_monitor/typology/files.py src/habitat_monitor/typology/uses.py \
	src/habitat_monitor/portal/sparkline.py src/habitat_monitor/portal/charts/ \
	src/habitat_monitor/typology/hubs.py src/habitat_monitor/typology/compare.py \
	src/habitat_monitor/typology/spreadsheet.py src/habitat_monitor/engagement/measures.py \
	src/habitat_monitor/interop/records.py src/habitat_monitor/interop/tables.py \
	src/habitat_monitor/interop/formats.py src/habitat_monitor/interop/sdmx_csv.py \
	src/habitat_monitor/interop/iati.py src/habitat_monitor/interop/dhis2.py \
	src/habitat_monitor/interop/dhis2_periods.py src/habitat_monitor/interop/mapping.py \
	src/habitat_monitor/interop/open_sdg.py src/habitat_monitor/interop/open_sdg_read.py \
	src/habitat_monitor/reports/model.py src/habitat_monitor/reports/numbering.py \
	src/habitat_monitor/reports/formatting.py src/habitat_monitor/reports/docx_writer.py \
	src/habitat_monitor/reports/docx_parts.py
export DJANGO_SETTINGS_MODULE := habitat_monitor.settings
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run install assets db content serve test lint typecheck checks test-sqlite \
	test-postgres suite-sqlite suite-postgres system-deps messages bench clean

## run: set everything up (venv, deps, assets, database, default content) and serve
run: assets db content serve

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	# Bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set (as on our CI) every
	# command would otherwise recompile the libraries it imports, about 1.7 s each time.
	$(BIN)/uv sync --frozen --compile-bytecode
	@touch $@

node_modules/.package-lock.json: $(VENV)/.synced package.json package-lock.json
	$(BIN)/npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.synced node_modules/.package-lock.json

assets: install
	$(BIN)/python -m compileall -q src
	$(BIN)/python tools/vendor_assets.py
	$(BIN)/python tools/compile_messages.py
	$(HM) collectstatic --noinput -v0

db: install
	$(HM) migrate --noinput -v1

content: db
	$(HM) content load --demo

serve:
	@echo "Serving on http://127.0.0.1:8000 with a background worker beside it (Ctrl-C stops both)"
	$(HM) db_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(HM) serve 127.0.0.1:8000

## test: lint, types, project checks, then the suite on SQLite and on PostgreSQL
# The two suites run side by side (one per CPU; each prints its output when done):
# they share nothing but the source tree, and together took 17 minutes one after the other.
test: system-deps assets lint typecheck checks
	$(MAKE) --no-print-directory -j2 --output-sync=target suite-sqlite suite-postgres

system-deps:
	@bash tools/system-deps.sh

lint: install
	$(BIN)/ruff check src tests tools $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests tools $(wildcard benchmarks)

typecheck: install
	$(BIN)/mypy --strict $(PURE_MODULES)

checks: install
	HM_VAR_DIR=var/check $(HM) makemigrations --check --dry-run -v1
	HM_VAR_DIR=var/check $(HM) check --fail-level WARNING
	HM_DEBUG=false HM_SECRET_KEY=check-deploy-$$RANDOM-long-enough-secret-key-for-django-checks \
		HM_ALLOWED_HOSTS=monitor.example.org HM_VAR_DIR=var/check $(HM) check --deploy --fail-level WARNING
	$(BIN)/python tools/check_messages.py

PYTEST := $(BIN)/pytest -p no:cacheprovider --durations=12

test-sqlite: assets suite-sqlite
test-postgres: assets suite-postgres

suite-sqlite:
	HM_VAR_DIR=var/test-sqlite $(PYTEST) --basetemp=/tmp/hm-pytest-sqlite

# The browser tests (tests/e2e) run on SQLite only: they check pages, whose SQL the
# rest of the suite already runs on PostgreSQL; on both they took a quarter of the time.
suite-postgres:
	HM_VAR_DIR=var/test-postgres bash tools/with-postgres.sh $(PYTEST) \
		--basetemp=/tmp/hm-pytest-postgres --ignore=tests/e2e

## messages: refresh the translation catalogues after changing strings
messages: install
	cd src/habitat_monitor && ../../$(HM) makemessages -l zh_Hans --no-obsolete --no-location -v0
	$(BIN)/python tools/compile_messages.py

## bench: the benchmarks, each printing its figures beside a baseline from the same run
bench: assets system-deps
	HM_VAR_DIR=var/bench bash tools/with-postgres.sh $(BIN)/python benchmarks/import_bench.py
	HM_VAR_DIR=var/bench bash tools/with-postgres.sh $(BIN)/python benchmarks/progress_bench.py
	HM_VAR_DIR=var/bench bash tools/with-postgres.sh $(BIN)/python benchmarks/web_bench.py
	HM_VAR_DIR=var/bench-report bash tools/with-postgres.sh $(BIN)/python benchmarks/report_bench.py

clean:
	rm -rf $(VENV) node_modules var src/habitat_monitor/portal/static/vendor

## stack: a production-shaped install on 127.0.0.1:8080 (PostgreSQL, Redis, nginx,
## two gunicorn app servers, a Celery worker), under var/stack; stack-stop stops it
.PHONY: stack stack-stop stack-bench
stack: assets
	bash tools/stack.sh start

stack-stop:
	bash tools/stack.sh stop

## stack-bench: load and fault runs on a stack of its own (var/stack-bench), beside SQLite
stack-bench: assets
	$(BIN)/python benchmarks/stack_bench.py
