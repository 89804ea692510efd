PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UNDOCS_INDEX ?= $(CURDIR)/.undocs-index

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/undocs parse corpus/un-ctoc-cop-wg3-2023-report.zh.md | head -20

test: $(VENV)/.installed
	$(BIN)/ruff check analyzers indexer search tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/parse.py

clean:
	rm -rf $(VENV) .undocs-index build *.egg-info
