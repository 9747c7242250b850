# Entry points for a fresh machine; each sets itself up first and prints one line per step.
#   make assess        walk through the bundled checklists at this terminal (a second run resumes)
#   make test          install exactly the locked versions and the real clients, then run the whole suite
#   make test-latest   the same suite against the newest versions pyproject.toml allows
#   make bench         the speed targets (benchmarks/run.py)
# Every path is taken from this file's folder, so `make -f PATH/Makefile assess` works from anywhere
# and writes the answers file where it is run.
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := $(ROOT)/.tools
UV := $(TOOLS)/bin/uv
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
LATEST := $(ROOT)/.venv-latest

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
SYNC := $(UV) sync --quiet --frozen --project $(ROOT) --python $(PYTHON)

.PHONY: assess test test-latest bench

$(UV):
	@echo "make: installing uv $(UV_VERSION) into .tools/"
	@$(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) >$(TOOLS)/pip.log 2>&1 \
	    || { cat $(TOOLS)/pip.log; exit 1; }

# Stamps, so that a second run starts at once; either is redone when the project or the lock changes.
$(VENV)/.synced-run: $(ROOT)/pyproject.toml $(ROOT)/uv.lock | $(UV)
	@echo "make: installing cxcheck and its locked dependencies into .venv/"
	@$(SYNC) --inexact
	@touch $@

$(VENV)/.synced-test: $(ROOT)/pyproject.toml $(ROOT)/uv.lock | $(UV)
	@echo "make: installing cxcheck with the locked test dependencies into .venv/"
	@$(SYNC) --all-extras
	@touch $@ $(VENV)/.synced-run

# A second `make assess` carries on with the newest answers file here instead of asking again.
assess: $(VENV)/.synced-run
	@last=$$(ls -t answers-*.yaml 2>/dev/null | head -n 1); \
	if [ -n "$$last" ]; then \
	    echo "make: resuming $$last (to start another: rm $$last, or give -o NEW.yaml to cxcheck assess)"; \
	    exec $(BIN)/cxcheck assess -o "$$last"; \
	fi; \
	exec $(BIN)/cxcheck assess

test: $(VENV)/.synced-test
	@$(ROOT)/scripts/install-test-deps
	@echo "make: running the test suite"
	@cd $(ROOT) && $(BIN)/pytest

test-latest: | $(UV)
	@echo "make: installing the newest allowed versions into .venv-latest/ (not the lock)"
	@UV_PROJECT_ENVIRONMENT= $(UV) venv --quiet --allow-existing --python $(PYTHON) $(LATEST)
	@UV_PROJECT_ENVIRONMENT= $(UV) pip install --quiet --upgrade --python $(LATEST)/bin/python -e '$(ROOT)[test]'
	@$(ROOT)/scripts/install-test-deps
	@echo "make: running the test suite against them"
	@cd $(ROOT) && $(LATEST)/bin/pytest

bench: $(VENV)/.synced-test
	@cd $(ROOT) && $(BIN)/python benchmarks/run.py
