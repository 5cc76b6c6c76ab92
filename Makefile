# Two commands for a fresh machine:
#   make run    installs the app's packages in .venv and starts the app
#   make test   installs what the tests need (Debian's chromium included) and runs them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup setup-test chromium nginx lint data bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

setup: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt

setup-test: $(PY) chromium nginx
	$(PY) -m pip install --quiet -r requirements-dev.txt

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# tests/test_serving.py runs deploy/nginx.conf (unprivileged, on loopback ports).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx; }

# `serve` is `streamlit run app.py` after loading what the first page needs.
run: setup
	$(PY) -m explainers serve

test: setup-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: setup-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Rebuild the processed files the app reads (they are committed; running needs no build).
data: setup-test
	$(PY) data/build_shapes.py
	$(PY) data/build_datasets.py
	$(PY) data/samples/build_aiddata_sample.py

bench: setup-test
	$(PY) bench/viewer.py
	$(PY) bench/places.py
	$(PY) bench/export.py
	$(PY) bench/serving.py
	$(PY) bench/memory.py
	$(PY) bench/load.py
