# The two commands of the README. Each sets up .venv on first use; a stamp file makes a
# second run skip the install unless pyproject.toml changed. `make report` installs the
# package and its runtime dependencies only (RUNTIME); `make test` adds the test toolchain
# (STAMP, which implies RUNTIME).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.coderstats-runtime
STAMP := $(VENV)/.coderstats-installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: report data test lint typecheck pytest bench clean

report: $(RUNTIME)
	$(BIN)/coderstats report --out report/

# The BLS tables (OEWS wages, projections, monthly CPI) from the publisher cuts in data-raw/bls;
# cut a new publisher file first with `$(BIN)/python -m coderstats._bls_build cut FILE`.
data: $(RUNTIME)
	$(BIN)/python -m coderstats._bls_build
	$(BIN)/coderstats check-data --update-hashes

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_convert.py
	$(BIN)/python benchmarks/bench_scalar.py

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $(RUNTIME)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e '.[test]'
	touch $(STAMP) $(RUNTIME)

clean:
	# report/ is left alone: it may hold files the user saved there.
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
