# Gezinsdossier. Quick start: `make run`, then `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= demo
export DEBUG ?= true

.PHONY: install run test lint format migrate demo worker messages clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v0; \
	else echo "msgfmt (Debian package gettext) not found: English translations stay off."; fi

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --password "$(DEMO_PASSWORD)" --if-empty

run: messages demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
