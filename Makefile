# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv bytecode demo test test-postgres lint typecheck pytest fuzz bench catalogue clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# An editable install gets no bytecode from pip, and with PYTHONDONTWRITEBYTECODE set (or a
# read-only checkout) Python never writes any: every command then compiles src/ again, about
# 0.25 s of each start-up. Compile it once here (a wheel install compiles it already); run
# `make bytecode` again after pulling (Python ignores a .pyc older than its source).
bytecode:
	$(BIN)/python -m compileall -q src

# Walks 李雷 through the 2014 procedure: prerequisites from his answers file (the library
# refuses once), then the six stations; at a terminal you answer them, otherwise --yes does.
DEMO_CASE := $(or $(TMPDIR),/tmp)/clearflow-demo-case.json
demo: venv
	$(BIN)/clearflow check workflows/gyvtc-2014.yaml
	rm -f $(DEMO_CASE)
	$(BIN)/clearflow walk workflows/gyvtc-2014.yaml \
	  --student examples/students/li-lei.yaml --answers examples/answers/li-lei.yaml \
	  --at "2014-07-10 09:40" --case $(DEMO_CASE) $$([ -t 0 ] || echo --yes)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

# The store tests run on SQLite, and on PostgreSQL too when CLEARFLOW_TEST_POSTGRES names a
# server (postgresql+psycopg://user:password@127.0.0.1:5432/db); without it those are skipped.
test: lint typecheck pytest

# `make test` with a throwaway PostgreSQL server on 127.0.0.1 (what CI runs: .ci/run).
test-postgres: venv
	.ci/postgres run $(MAKE) test

# The fuzz targets of tests/fuzz at length: `make test` runs 25 fixed examples of each, this
# 1000 random ones per target (minutes); then the campaign, counted by class.
fuzz: venv
	CLEARFLOW_FUZZ=long $(BIN)/pytest tests/fuzz -q --hypothesis-show-statistics
	$(BIN)/python benchmarks/run_campaign.py

# Every benchmark in benchmarks/, each against its goal; fails if any misses one.
bench: venv
	status=0; for bench in benchmarks/bench_*.py; do \
	  echo "== $$bench"; $(BIN)/python $$bench || status=1; \
	done; exit $$status

# The message catalogue (docs/architecture.md, "Messages and languages"): extract every
# Message("...") and N_("...") of src/ into a template, merge it into the zh_CN catalogue
# (new ids come in untranslated, changed ones fuzzy: translate them, then run this again),
# and compile the .mo that ships. Both files are committed; tests/test_i18n_catalogue.py
# fails when either is out of date.
LOCALE := src/clearflow/locale
CATALOGUE := $(LOCALE)/zh_CN/LC_MESSAGES/clearflow
catalogue: venv
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k Message -k N_ -k Plural:1,2 \
	  -k Contextual:1c,2 \
	  --sort-output --no-location --omit-header --project clearflow -o build/clearflow.pot src
	$(BIN)/pybabel update -i build/clearflow.pot -d $(LOCALE) -D clearflow -l zh_CN \
	  --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D clearflow -l zh_CN --statistics

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
