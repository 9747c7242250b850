# Two entry points for a fresh machine; each sets itself up first.
#   make assess   walk through the bundled checklists at this terminal
#   make test     install everything the tests need (Chromium too) and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: assess test bench

$(BIN)/cxcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

assess: $(BIN)/cxcheck
	$(BIN)/cxcheck assess

test: $(BIN)/cxcheck
	scripts/install-test-deps
	$(BIN)/pytest

bench: $(BIN)/cxcheck
	$(BIN)/python benchmarks/run.py
