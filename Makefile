# The verbs of the project. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export BUDGET_DOCS ?= data/raw
export BUDGET_WAREHOUSE ?= warehouse.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

# Recipes are not echoed (each command says what it did); VERBOSE=1 shows them.
ifndef VERBOSE
.SILENT:
endif

.PHONY: setup run ingest build gate check docs test test-python test-dbt test-marts test-gate test-faults test-check fuzz lint bench clean lock

# A make variable as one shell word: single-quoted, so quotes, spaces, backticks and $ in a value
# (BUDGET_DOCS, BUDGET_WAREHOUSE, DOC) are passed as a name and never run by the shell.
quote = '$(subst ','\'',$(1))'

setup: $(VENV)/.installed

# The pinned requirements, then the project itself (editable, nothing more to download): its
# one command line, `budget <verb>` (budget/cli/; the script $(BIN)/budget), which the targets below
# call as `python -m budget` so the code beside this Makefile runs, whatever the venv points at.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Exit code 3 (some file partial or quarantined) still builds: the manifest says why.
# LANDED_FORMAT: auto (Parquet from 5,000 files on), csv or parquet.
LANDED_FORMAT ?= auto
ingest: setup
	$(BIN)/python -m budget ingest --seeds seeds/landed --docs $(call quote,$(BUDGET_DOCS)) \
		--format $(call quote,$(LANDED_FORMAT)) || test $$? -eq 3

# `dbt seed`, then `dbt build` of everything but the gate and the unit tests (warehouse/build.py's
# default steps), built aside (BUDGET_WAREHOUSE.building) and renamed over the warehouse only when
# every step succeeds, so a failed build leaves the previous warehouse readable.
# Refuses (exit 4) when the landed seeds hold no document, and (exit 75) while another build of
# the same warehouse runs (BUILD_LOCK_WAIT=seconds to wait for it instead).
# Incremental when the warehouse exists and the same code built it: only the documents whose
# landed rows changed are rebuilt. FULL_BUILD=1 rebuilds everything.
FULL_BUILD ?=
build: setup
	$(BIN)/python -m budget build --seeds seeds/landed $(if $(FULL_BUILD),--full) \
		--warehouse $(call quote,$(BUDGET_WAREHOUSE))

# The gate's findings are the point of a run, not a failure of it: exit 1 (unwaived errors
# found) and 3 (documents undecided: a key rule not evaluated) still complete `make run`;
# `make gate` is the command that fails on them.
run: ingest build
	$(BIN)/python -m budget summary --warehouse $(call quote,$(BUDGET_WAREHOUSE))
	$(BIN)/python -m budget gate --warehouse $(call quote,$(BUDGET_WAREHOUSE)) --out build/gate || \
		{ rc=$$?; test $$rc -eq 1 -o $$rc -eq 3; }

# The compliance gate: exit 1 exactly when an unwaived error-severity finding exists, 2 when it
# cannot decide (the gate's own 3, documents undecided, is make's 2 too). DOC=<doc_id or file name> gates one document. Summary: build/gate/summary.md.
# make's own status for any failed recipe is 2, so `make gate` runs the gate while it reads this
# file and, when the gate says 1, puts make in question mode (-q): "is gate up to date? no" is
# make's exit 1. (Before the first `make setup` the gate runs as a plain recipe: 1 shows as 2.)
GATE_COMMAND = $(BIN)/python -m budget gate --warehouse $(call quote,$(BUDGET_WAREHOUSE)) --out build/gate \
	$(if $(DOC),--doc $(call quote,$(DOC)))
ifeq ($(MAKECMDGOALS),gate)
ifneq ($(wildcard $(VENV)/.installed),)
GATE_STATUS := $(shell GX_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false \
	DBT_PROFILES_DIR=$(call quote,$(CURDIR)) $(GATE_COMMAND) >&2; echo $$?)
ifeq ($(GATE_STATUS),1)
MAKEFLAGS += -q
endif
endif
endif
gate: setup
	@if [ -n "$(GATE_STATUS)" ]; then exit $(GATE_STATUS); fi; $(GATE_COMMAND)

# The reviewer's check of one file before it is published (check/, README "Check one document"):
# read in a child process with limits, built into a scratch warehouse of its own, gated alone.
# Exit code: 0 pass, 1 unwaived errors, 2 cannot decide or refused. Report: $(CHECK_ROOT)/<hash>/.
export CHECK_ROOT ?= build/check
check: setup
	@test -n "$(DOC)" || { echo "check: name the file: make check DOC=path/to/disclosure.pdf" >&2; exit 2; }
	$(BIN)/python -m budget check --root $(call quote,$(CHECK_ROOT)) $(call quote,$(DOC))

test: setup test-python test-dbt test-marts test-gate test-faults test-dashboard test-check lint

test-python: setup system-deps
	$(BIN)/python -m pytest -q

# dbt build (models + data tests + unit tests) on the bundled documents, in a throwaway warehouse
# built as `make build` builds (so it is the same file format).
test-dbt: setup
	$(BIN)/python -m budget ingest --docs data/raw --seeds seeds/landed --quiet
	$(BIN)/python -m budget build --full --no-publish --seeds seeds/landed --step "$(BIN)/dbt seed --quiet --full-refresh" \
		--step "$(BIN)/dbt build --quiet --exclude tag:gate" --step "$(BIN)/dbt docs generate --static --quiet" \
		--warehouse build/test_warehouse.duckdb

# The hand-read figures of the bundled documents read back from the marts built by test-dbt.
test-marts: setup
	BUDGET_TEST_WAREHOUSE=build/test_warehouse.duckdb $(BIN)/python -m pytest -q tests/warehouse

# GX suites and the gate CLI on fixture warehouses, then the gate (with dbt) on the test warehouse.
test-gate: setup
	BUDGET_TEST_WAREHOUSE=build/test_warehouse.duckdb $(BIN)/python -m pytest -q gate/tests

# The fault suite: a folder of good and odd documents builds a warehouse with every path and every
# number accounted for; interrupted, concurrent and refused builds keep the previous warehouse.
test-faults: setup
	$(BIN)/python -m pytest -q tests/faults

# The reviewer's check: a real disclosure end to end (annotated PDF, spreadsheet, page images),
# hostile uploads refused, and the upload page in chromium.
test-check: setup system-deps
	$(BIN)/python -m pytest -q tests/check

# The property tests with fresh random examples (make test draws the same ones every run).
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q ingest/tests/test_bad_input.py \
		ingest/tests/test_narrative.py ingest/tests/test_landing.py

lint: setup
	$(BIN)/sqlfluff lint --quiet models tests

# The dbt documentation of the warehouse as one self-contained HTML file, which opens from disk
# without a server: build/docs/index.html (the catalog is read from $(BUDGET_WAREHOUSE)).
docs: setup
	@test -f $(call quote,$(BUDGET_WAREHOUSE)) || { echo "docs: no warehouse at $(BUDGET_WAREHOUSE): run \`make run\` first" >&2; exit 2; }
	$(BIN)/dbt docs generate --static --quiet
	mkdir -p build/docs && cp target/static_index.html build/docs/index.html
	@echo "docs: build/docs/index.html"

bench: setup system-deps
	$(BIN)/python -m budget bench

clean:
	rm -rf target logs build dbt_packages $(BUDGET_WAREHOUSE) seeds/.landed.ingest-cache

# Re-resolve the full lock from the top-level pins.
lock:
	$(PYTHON) -m venv build/lockenv && build/lockenv/bin/pip install -r requirements.in && build/lockenv/bin/pip freeze | grep -v -e '^-e ' -e '^# Editable' > requirements.txt

# The dashboard (dashboard/, see README "Dashboard"): serves the published read-only copy of the
# warehouse (build/published/warehouse.duckdb, refreshed by every successful `make build`), so it
# never holds the warehouse a build is writing. Publishes one first if none exists yet.
.PHONY: system-deps dashboard test-dashboard
DASHBOARD_PORT ?= 8501
PUBLISHED_WAREHOUSE := build/published/warehouse.duckdb

dashboard: setup
	$(BIN)/python -m budget dashboard --warehouse $(call quote,$(BUDGET_WAREHOUSE)) --port $(call quote,$(DASHBOARD_PORT))

# Debian packages the dashboard's browser test needs: chromium (Playwright drives it; Playwright's
# own browser download is never used) and CJK fonts so Chinese renders; poppler's pdftotext,
# the floor `make bench` measures the PDF route against; and the libraries OpenCV loads, which
# the OCR engine (rapidocr-onnxruntime) uses to read scanned pages: libGL and GLib.
# Installed only when missing: as root directly, otherwise through sudo.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh family 2>/dev/null | grep -q . && \
		command -v pdftotext >/dev/null 2>&1 && ldconfig -p | grep -q 'libGL.so.1 ' && \
		ldconfig -p | grep -q 'libgthread-2.0.so.0 '; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else \
		echo "system-deps: chromium, a CJK font, pdftotext or libGL is missing and neither root nor sudo is available;" \
			"install them (Debian: apt-get install chromium fonts-noto-cjk poppler-utils libgl1 libglib2.0-0) and rerun" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
		--no-install-recommends chromium fonts-noto-cjk poppler-utils libgl1 libglib2.0-0

# AppTest tests of each page on small fixture warehouses, then the browser test: chromium opens
# every page of the dashboard serving build/test_warehouse.duckdb (made by test-dbt); screenshots
# land in build/screenshots/.
test-dashboard: setup system-deps
	DASHBOARD_TEST_WAREHOUSE=build/test_warehouse.duckdb $(BIN)/python -m pytest -q dashboard/tests
