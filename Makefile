# trialstats — the two commands a newcomer needs are `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: all report test test-fast typecheck lint pytest lab bench clean

all: report

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,dev]"
	@touch $(STAMP)

# The main job: verify every bundled claim, execute the notebooks, write report/index.html.
report: $(STAMP)
	$(BIN)/trialstats report --out report

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

pytest: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

test: lint typecheck pytest

# everything but the slow tests (notebooks, packaging, fuzzing), for the edit-test loop
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not slow and not notebooks"

typecheck: $(STAMP)
	$(BIN)/mypy

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) report build dist .pytest_cache .ruff_cache
