# Palisade: `make run` starts the whole suite, `make test` runs every test.
# Both create .venv and install what is needed on first use (only Python 3.11+ required).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint protos bench screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m deploy.local

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

protos: $(STAMP)
	$(PY) protos/generate.py

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# PNGs of the browser client for the README (needs Chromium: Debian's or Playwright's).
screenshots: $(STAMP)
	$(PY) -m tests.browser.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .data .pytest_cache
