# One place for the commands the README and CI use.
# `make run`: set up everything and serve the site on SQLite at http://127.0.0.1:8000
# `make test`: set up and run the whole test suite (DATABASE_URL picks the database)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_DEBUG ?= 1
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2

.PHONY: run setup install messages test fixtures check-fixtures superuser browser-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

messages: install
	$(VENV)/bin/pybabel -q compile -d reports/locale -D django

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_archive

run: setup
	$(PY) manage.py runserver $(HOST)

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

fixtures: install
	$(PY) manage.py build_fixtures

check-fixtures: install
	$(PY) manage.py build_fixtures --check

superuser: setup
	$(PY) manage.py createsuperuser

# Debian's Chromium and a CJK font for the browser test (skipped without them). Needs root.
browser-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .pytest_cache
