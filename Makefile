# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck pytest bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

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

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

test: lint typecheck pytest

bench: venv
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
