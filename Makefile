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

.PHONY: report data test test-compat lint typecheck pytest bench clean

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

# Two runs: every test but the end-to-end ones, on every core (pyproject.toml's addopts), then
# the end-to-end ones (the script, make, notebooks, a browser, a wheel, a cluster) in one
# process, as they share the session's runs of the report and the commands.
pytest: $(STAMP)
	$(BIN)/pytest
	$(BIN)/pytest -m e2e -n 0

# The oldest supported pandas (pyproject.toml: pandas>=2.2.2), in its own environment, on the
# tests of the tables, the readers and the conversion on every frame library (the notebooks,
# charts, report, CLI and the wheel build are left to `make test`, on the newest pandas).
COMPAT_VENV := .venv-compat
COMPAT_STAMP := $(COMPAT_VENV)/.coderstats-installed
COMPAT_PANDAS := pandas==2.2.2
COMPAT_TESTS := tests/test_conversion.py tests/test_validation.py tests/test_frames.py \
	tests/test_datasets.py tests/test_readers.py tests/test_units.py tests/test_ecb.py \
	tests/test_worldbank.py tests/test_cpi.py tests/test_rpp.py tests/test_countries.py \
	tests/test_codes.py tests/test_duckdb_path.py

test-compat: $(COMPAT_STAMP)
	$(COMPAT_VENV)/bin/python -c "import pandas; print('pandas', pandas.__version__)"
	$(COMPAT_VENV)/bin/pytest -q -p no:cacheprovider -n 0 $(COMPAT_TESTS)

$(COMPAT_STAMP): pyproject.toml
	test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(COMPAT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' '$(COMPAT_PANDAS)'
	touch $(COMPAT_STAMP)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_convert.py
	$(BIN)/python benchmarks/bench_scalar.py
	$(BIN)/python benchmarks/bench_frames.py
	$(BIN)/python benchmarks/bench_convert_file.py

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
	rm -rf $(VENV) $(COMPAT_VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
