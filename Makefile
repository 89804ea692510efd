PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UNDOCS_INDEX ?= $(CURDIR)/.undocs-index

.PHONY: demo test lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package's bytecode, as pip writes it for a regular install: an editable install
# leaves it to the first import, which never writes it where PYTHONDONTWRITEBYTECODE is
# set, and then every `undocs` command compiles its ~80 modules again (~85 ms of its
# start). Files already compiled are skipped.
BYTECODE := $(BIN)/python -m compileall -q analyzers indexer search web corpus

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	@$(BYTECODE)
	$(BIN)/undocs index
	$(BIN)/undocs search '"国际合作" 引渡' --limit 3
	$(BIN)/undocs cite 'un-ctoc-cop-wg3-2023-report ¶41'
	$(BIN)/undocs search 'human rights' --lang en,fr --limit 2 --parallel zh
	@echo
	@echo "The search page and HTTP API, on http://127.0.0.1:8000/:"
	@echo "  $(BIN)/undocs serve --index .undocs-index --open"

test: $(VENV)/.installed
	@$(BYTECODE)
	$(BIN)/ruff check analyzers indexer search web tests benchmarks
	$(BIN)/python -m pytest -q -rs  # -rs: say why a test was skipped (no chromium)

# the README's pictures, taken by the browser tests (needs Debian's chromium)
screenshots: $(VENV)/.installed
	UNDOCS_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/web/test_browser.py

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/parse.py
	$(BIN)/python benchmarks/analyzers.py

clean:
	rm -rf $(VENV) .undocs-index build *.egg-info
