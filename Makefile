# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test lint bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/phonedash serve --host $(HOST) --port $(PORT)

# Debian's chromium and chromedriver drive the browser tests and kaleido's static exports.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

test: $(TEST_STAMP) browser-deps
	$(BIN)/ruff check etl dashboard tests benchmarks
	$(BIN)/pytest --headless

lint: $(TEST_STAMP)
	$(BIN)/ruff check etl dashboard tests benchmarks

bench: $(TEST_STAMP) browser-deps
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_dashboard.py
	$(BIN)/python benchmarks/bench_export.py

clean:
	rm -rf $(VENV) data/phonedash.duckdb data/cache
