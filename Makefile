# Reframe: `make run` to try it, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails and the calendar feed point at the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)
# `make run` is the local quick start whatever a .env holds for production: debug on,
# plain HTTP, this host and port, mail printed to the console. A DATABASE_URL or
# CACHE_URL set in .env (or the shell) is still used.
RUN_ENV = DEBUG=1 SITE_URL=$(SITE_URL) ALLOWED_HOSTS='$(HOST),localhost,127.0.0.1,[::1]' \
	CSRF_TRUSTED_ORIGINS= SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0 SECURE_HSTS_PRELOAD=0 BEHIND_HTTPS_PROXY=0 EMAIL_URL=consolemail://

.PHONY: run run-env port-free test lint format bench migrate demo clean help

help:
	@echo "make run    - install, migrate, load demo data and serve http://$(HOST):$(PORT) (SQLite)"
	@echo "              (another address: make run HOST=0.0.0.0 PORT=8101)"
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

# Fails at once, before migrating, when something else already listens there.
port-free: | $(PY)
	@$(PY) -c "import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
	s.bind(('$(HOST)', $(PORT)))" 2>/dev/null || { \
	echo "Port $(PORT) on $(HOST) is already in use (another make run?)." >&2; \
	echo "Stop that server, or pick another port:  make run PORT=8101" >&2; exit 1; }

run: port-free $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo_data
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The environment `make run` gives the app (read by a test).
run-env:
	@echo "$(RUN_ENV)"

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
