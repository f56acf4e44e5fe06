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

.PHONY: setup run ingest build test test-python test-dbt lint bench clean lock

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Exit code 3 (some file partial or quarantined) still builds: the manifest says why.
ingest: setup
	$(BIN)/python -m ingest "$(BUDGET_DOCS)" --out seeds/landed || test $$? -eq 3

build: setup
	mkdir -p "$(dir $(abspath $(BUDGET_WAREHOUSE)))"
	$(BIN)/dbt seed --quiet --full-refresh
	$(BIN)/dbt build --quiet

run: ingest build
	$(BIN)/python -m ingest.summary "$(BUDGET_WAREHOUSE)"

test: setup test-python test-dbt lint

test-python: setup
	$(BIN)/python -m pytest -q

# dbt build (models + data tests + unit tests) on the bundled documents, in a throwaway warehouse.
test-dbt: setup
	$(BIN)/python -m ingest data/raw --out seeds/landed --quiet
	mkdir -p build
	BUDGET_WAREHOUSE=build/test_warehouse.duckdb $(BIN)/dbt seed --quiet --full-refresh
	BUDGET_WAREHOUSE=build/test_warehouse.duckdb $(BIN)/dbt build --quiet

lint: setup
	$(BIN)/sqlfluff lint models macros tests

bench: setup
	$(BIN)/python -m ingest.bench

clean:
	rm -rf target logs build dbt_packages $(BUDGET_WAREHOUSE)

# Re-resolve the full lock from the top-level pins.
lock:
	$(PYTHON) -m venv build/lockenv && build/lockenv/bin/pip install -r requirements.in && build/lockenv/bin/pip freeze > requirements.txt
