# SiKo Ruhr Portal – `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed ## Create the virtual environment and install everything

demo: venv ## Run the portal with demo data on SQLite (tasks in-process, mail to var/mail/)
	mkdir -p var/mail
	DJANGO_SETTINGS_MODULE=siko_portal.settings.dev $(PY) manage.py migrate --noinput
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=siko_portal.settings.dev $(PY) manage.py seed_demo --json var/demo-accounts.json
	@echo "Portal: http://localhost:$(PORT)/  (Demo-Zugänge oben, auch in var/demo-accounts.json)"
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=siko_portal.settings.dev $(PY) manage.py runserver 0.0.0.0:$(PORT)

demo-idp: venv ## Beside `make demo`: local SAML IdP of the Polizeipräsidium Essen on 127.0.0.1:8390 (needs xmlsec1)
	PORTAL_BASE_URL=http://localhost:$(PORT) DJANGO_SETTINGS_MODULE=siko_portal.settings.dev $(PY) scripts/demo_idp.py

test: venv ## Run the whole test suite (SQLite unless DATABASE_URL/REDIS_URL point at real servers; clamd if installed)
	CLAMD_SOCKET="$${CLAMD_SOCKET:-$$(scripts/start_clamd.sh 2>/dev/null || true)}" \
		$(VENV)/bin/pytest -n 2 --dist load --durations=25 $(PYTEST_ARGS)

clamd: ## Start the local clamd (project signatures, socket under var/clamav/) and print its socket
	@scripts/start_clamd.sh

lint: venv ## ruff, import contracts, Django system checks, missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=siko_portal.settings.test $(PY) manage.py check
# Against an in-memory SQLite database: the check compares models with migration files, and CI runs lint
# before its PostgreSQL test database exists (makemigrations would warn that it cannot read its history).
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=siko_portal.settings.test $(PY) manage.py makemigrations --check --dry-run

stack: venv ## Start the production topology on 127.0.0.1 (nginx+TLS, 2x gunicorn, Celery, clamd, SMTP sink; var/stack/)
	scripts/stack.sh start

stack-stop: venv ## Stop exactly what `make stack` started (pid files in var/stack/pid/)
	scripts/stack.sh stop

stack-test: venv ## Fresh stack, the HTTPS journey through nginx (tests_stack/), then stop again
	scripts/stack.sh test

check: lint test ## Everything CI runs

format: venv ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: help venv demo demo-idp test clamd lint check format stack stack-stop stack-test
