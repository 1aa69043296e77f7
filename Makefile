# trialstats — the two commands a newcomer needs are `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_WORKERS ?= 2

# uv installs in seconds where pip takes minutes; it is tried first and pip is the fallback.
# Each stamp records what has been installed, so `make report` never installs the test tools.
INSTALL = $(BIN)/python -m uv pip install --python $(BIN)/python
PIP     = $(BIN)/python -m pip install --progress-bar on

.PHONY: all report test test-fast typecheck lint pytest lab bench clean

all: report

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	@echo "== installing uv (fast installer; pip is used if this fails) =="
	-@$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on uv

define install_extra
	@echo "== installing trialstats[$(1)] =="
	@if $(BIN)/python -m uv --version >/dev/null 2>&1; then \
	  $(INSTALL) -e ".[$(1)]"; \
	else \
	  $(PIP) --disable-pip-version-check -e ".[$(1)]"; \
	fi
	@touch $@
endef

$(VENV)/.stamp-report: pyproject.toml | $(BIN)/python
	$(call install_extra,report)

$(VENV)/.stamp-dev: pyproject.toml | $(BIN)/python
	$(call install_extra,dev)

$(VENV)/.stamp-lab: pyproject.toml | $(BIN)/python
	$(call install_extra,lab)

# The main job: verify every bundled claim, execute the notebooks, write report/index.html.
# Exits non-zero when a notebook fails or a bundled claim is malformed.
report: $(VENV)/.stamp-report
	$(BIN)/trialstats report --out report

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check src tests benchmarks

pytest: $(VENV)/.stamp-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

test: lint typecheck pytest

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy

# everything but the slow tests (notebooks, packaging, fuzzing, browser), for the edit-test loop
test-fast: $(VENV)/.stamp-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not slow and not notebooks"

# JupyterLab on the notebooks; --allow-root so it also starts in a root container.
lab: $(VENV)/.stamp-lab
	$(BIN)/jupyter lab --allow-root notebooks/

bench: $(VENV)/.stamp-dev
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) report report.html build dist .pytest_cache .ruff_cache
