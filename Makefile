# The two commands of the README. Each sets up .venv on first use; the stamp file makes a
# second run skip the install unless pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.coderstats-installed

.PHONY: report data test lint typecheck pytest bench clean

report: $(STAMP)
	$(BIN)/coderstats report --out report/

# The BLS tables (OEWS wages, projections, monthly CPI) from the publisher cuts in data-raw/bls;
# cut a new publisher file first with `$(BIN)/python -m coderstats._bls_build cut FILE`.
data: $(STAMP)
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

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean:
	# report/ is left alone: it may hold files the user saved there.
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
