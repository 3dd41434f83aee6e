# Reframe: `make run` to try it, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench migrate demo clean help

help:
	@echo "make run    - install, migrate, load demo data and serve http://$(HOST):$(PORT) (SQLite)"
	@echo "make test   - install the dev extra and run the whole test suite (PostgreSQL)"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make bench  - performance benchmark (PostgreSQL)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo_data
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	@. .ci/test-database.sh && $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev
	@. .ci/test-database.sh && $(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3
