# The two-command quickstart: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/thucydides demo --db thucydides.duckdb

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m 'not slow'

# Chromium for the browser test (tests/test_web_browser.py drives /usr/bin/chromium headless):
# Debian's package, installed once; Playwright never downloads a browser here. Needs root or sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

lint: $(STAMP)
	$(BIN)/ruff check thucydides tests tools
	$(BIN)/ruff format --check thucydides tests tools
	$(BIN)/mypy thucydides

clean:
	rm -rf $(VENV) build thucydides.duckdb .pytest_cache
