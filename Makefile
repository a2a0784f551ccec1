# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_BOOT ?= python3
UV_VERSION  := 0.13.8
VENV        := .venv
PY          := $(VENV)/bin/python
UV          := .tools/bin/uv
STAMP       := $(VENV)/.synced
SHARED      ?= ../shared

export GX_ANALYTICS_ENABLED := False
export DO_NOT_TRACK := 1

.PHONY: help run reprocess bench-run test lint fuzz eval train train-cv docs report chromium bench clean
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON_BOOT) -m venv .tools
	@.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	@echo "Installing the locked dependencies into $(VENV) ..."
	@$(UV) sync --frozen --quiet
	@touch $@

dbt/target/manifest.json: $(STAMP) $(shell find dbt/models dbt/macros dbt/tests -type f 2>/dev/null) dbt/dbt_project.yml
	@WAREHOUSE_PATH=$(CURDIR)/warehouse/conflict.duckdb $(VENV)/bin/dbt parse --quiet --project-dir dbt --profiles-dir dbt

run: $(STAMP) dbt/target/manifest.json ## run the whole pipeline through Airflow (ARTICLES_DIR, WAREHOUSE_PATH override)
	@$(PY) -m extract run

reprocess: $(STAMP) dbt/target/manifest.json ## run the pipeline, extracting every article again (after an extractor change)
	@$(PY) -m extract run --reprocess

test: $(STAMP) dbt/target/manifest.json chromium ## run the test suite (real Airflow, dbt, GX, DuckDB and Chromium)
	@$(PY) -m pytest -q -rs

lint: $(STAMP) ## Ruff (lint and format) over the Python code, SQLFluff (dbt templater, DuckDB dialect) over the dbt models
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@mkdir -p build/lint && rm -f build/lint/sqlfluff.duckdb
	@WAREHOUSE_PATH=$(CURDIR)/build/lint/sqlfluff.duckdb $(VENV)/bin/sqlfluff lint dbt/models --disable-progress-bar

fuzz: $(STAMP) ## property-based fuzzing of the loader and the extractor (FUZZ_EXAMPLES per property, 4 properties)
	@$(PY) -m tests.fuzz

EVAL_TEXTS ?= $(abspath ../eval-texts)

eval: $(STAMP) dbt/target/manifest.json ## score extraction: seeds, own set, real dev/test halves, text and feed modes (SETS, MODES, EVAL_TEXTS, VERBOSE)
	@SHARED_DIR=$(SHARED) EVAL_TEXTS=$(EVAL_TEXTS) $(PY) -m extract eval $(SETS) $(foreach m,$(MODES),--mode $(m)) $(if $(VERBOSE),--verbose)

train: $(STAMP) ## retrain the event-sentence classifier with spacy train from its labels and the texts in EVAL_TEXTS (extract/train.py)
	@EVAL_TEXTS=$(EVAL_TEXTS) $(PY) -m extract.train

train-cv: $(STAMP) ## what the event-sentence classifier would buy the extractor, out of fold (extract/classifier_cv.py)
	@EVAL_TEXTS=$(EVAL_TEXTS) $(PY) -m extract.classifier_cv

docs: $(STAMP) dbt/target/manifest.json ## dbt documentation (one HTML file) from the published copy, never the live file
	@$(PY) -m extract docs

report: $(STAMP) ## the report: one self-contained HTML page (map, charts, their numbers) from the published copy
	@$(PY) -m extract report

chromium: ## install Debian's chromium (as root) for the tests that render the docs and the report
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  timeout 900 sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium' \
	  >/dev/null 2>&1; } || echo "chromium could not be installed here: the tests that render pages will be skipped"

bench: $(STAMP) ## extraction articles/s on a generated corpus beside the bare tokenizer's (BENCH_ARTICLES=3000)
	@$(PY) -m tests.bench.run

bench-run: $(STAMP) dbt/target/manifest.json ## whole runs through Airflow, per task: full, +100 new, nothing new (BENCH_RUN_ARTICLES=10000)
	@$(PY) -m tests.bench.pipeline_run

clean: ## remove built artefacts (keeps the virtualenv)
	rm -rf build dbt/target dbt/logs .airflow warehouse
