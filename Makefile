# Two commands: `make run` brings up the whole help center, `make test` runs every test.
# The interpreter for .venv: the system's own python3 when it is 3.11 or newer and has venv (a
# distribution builds it with profile-guided optimisation and LTO, as the Dockerfile's image is;
# a plain pyenv or source build runs the product's requests slower, docs/performance.md), else
# the first python3 on PATH. `make PYTHON=...` chooses another.
SYSTEM_PYTHON := /usr/bin/python3
PYTHON ?= $(shell $(SYSTEM_PYTHON) -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $(SYSTEM_PYTHON) || echo python3)
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format messages lock bench clean

# Installs only when the pinned requirements change, so a second `make run` starts at once.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.deps $@

run: $(VENV)/.deps
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Help center:   http://$(HOST):$(PORT)/"
	@echo "  Staff console: http://$(HOST):$(PORT)/zh-hans/console/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins are listed above (username / password). Ctrl-C stops web, worker and beat."
	@echo ""
	HELPCENTER_HOST=$(HOST) HELPCENTER_PORT=$(PORT) $(BIN)/honcho start -f Procfile

test: $(VENV)/.dev-deps
	$(BIN)/python -m tests.run_suite $(ARGS)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v0

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the catalogs and fill Chinese from i18n/zh_hans/*.json (needs GNU gettext's
# xgettext). The compiled .mo files are committed so that a fresh machine needs no gettext.
messages: $(VENV)/.dev-deps
	flock /tmp/helpcenter-messages.lock $(BIN)/python scripts/build_translations.py

# Maintainers: re-pin requirements from requirements/*.in.
lock: $(VENV)/.dev-deps
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --python-version 3.11 -q requirements/base.in -o requirements.txt
	$(BIN)/uv pip compile --python-version 3.11 -q requirements/dev.in -o requirements-dev.txt

bench: $(VENV)/.dev-deps
	flock /tmp/helpcenter-bench.lock $(BIN)/python -m bench.run_all

clean:
	rm -rf var/cache var/staticfiles var/test*
