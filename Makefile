# Two commands: `make demo` (set up everything and file a real dossier against the mock portal)
# and `make test` (the whole suite). Both install what is missing first. `make lint` runs ruff
# (lint and format) and mypy, as CI does before the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
CHROMIUM_SHELL ?= /usr/bin/chromium-headless-shell
STAMP := $(VENV)/.installed

.PHONY: setup chromium demo lint test test-fast bench fuzz clean

setup: chromium $(STAMP)

# Chromium from Debian, and its headless shell (the same build without the browser's UI; the
# engine prefers it for headless runs: a quarter less CPU per filing). A machine that cannot get
# the shell keeps going: the engine falls back to the full browser.
chromium:
	@if [ -z "$$DVC_AGENT_CHROMIUM" ] && { [ ! -x "$(CHROMIUM)" ] || [ ! -x "$(CHROMIUM_SHELL)" ]; }; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq || [ -x "$(CHROMIUM)" ] || exit 1; \
	  if [ ! -x "$(CHROMIUM)" ]; then \
	    echo "Installing Debian's Chromium…"; \
	    apt-get install -y -qq chromium fonts-noto-core >/dev/null || exit 1; \
	  fi; \
	  if [ ! -x "$(CHROMIUM_SHELL)" ]; then \
	    echo "Installing Debian's Chromium headless shell…"; \
	    apt-get install -y -qq chromium-headless-shell >/dev/null \
	      || echo "chromium-headless-shell not installed: headless runs use $(CHROMIUM)"; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	@touch $(STAMP)

demo: setup
	$(BIN)/python -m agent.demo

# No browser needed: only the Python tools.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy agent

# Three workers: the suite waits on browsers and servers far more than it computes (2 cores).
PYTEST_WORKERS ?= 3

# The slow kill-and-resume batch scenario runs on its own afterwards, without competing workers.
test: setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not slow" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not slow" $(PYTEST_ARGS)

# The agent beside a hand-written Playwright script, same mock, same run (bench/README.md);
# BENCH_ARGS=--quick for 1 and 4 workers on a few rows.
bench: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.compare $(BENCH_ARGS)

# Thousands of fresh random inputs per property (dossier and credentials files through the real
# CLI); `make test` runs the same properties on a short, fixed profile. See SECURITY.md "Inputs".
fuzz: $(STAMP)
	DVC_FUZZ_PROFILE=long $(BIN)/python -m pytest tests/fuzz tests/security_batch/test_fuzz_inputs.py -n $(PYTEST_WORKERS) --timeout 3600 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info runs

# Conformance (README "Conformance suite"): `make smoke` files one procedure per route on the happy
# path against the bundled mock, headless, for CI; `make conformance` runs every flow × every
# scenario plus the account paths (long: it reports its wall time). Reports land in runs/.
CONFORMANCE_WORKERS ?= 2
.PHONY: smoke conformance

smoke: setup
	$(BIN)/python -m agent conformance --smoke --workers $(CONFORMANCE_WORKERS) --artifacts runs/smoke \
	  --junit runs/smoke/junit.xml --html runs/smoke/report.html

conformance: setup
	$(BIN)/python -m agent conformance --workers $(CONFORMANCE_WORKERS) --artifacts runs/conformance \
	  --junit runs/conformance/junit.xml --html runs/conformance/report.html
