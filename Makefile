PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

WORKERS ?= 3

.PHONY: run serve bench bench-scale query-plans install install-test migrate test test-browser test-postgres test-s3 test-replica messages compilemessages clean

# Tests that need servers of their own run in their own targets, which start them.
ORDINARY_TESTS := not browser and not s3 and not replica

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalled whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py demo_users
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/   Site: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production configuration on one machine: gunicorn, DEBUG off, static files through
# WhiteNoise, everything else from the environment (see docs/deploy.md).
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set. Set it (and ALLOWED_HOSTS, DATABASE_URL, REDIS_URL) in the environment; see docs/deploy.md." >&2; exit 1; }
	NEWSROOM_ENV=production $(BIN)/python manage.py migrate --noinput
	NEWSROOM_ENV=production $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	NEWSROOM_ENV=production $(BIN)/gunicorn newsroom.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/editing.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/images.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/search.py

# EXPLAIN ANALYZE of the article, home and tag queries, in a database of its own
# (newsroom_query_plans, made afresh) on the PostgreSQL server at POSTGRES_SERVER.
POSTGRES_SERVER ?= postgres://postgres@127.0.0.1:5432
query-plans: install
	$(BIN)/python bench/query_plans.py --server $(POSTGRES_SERVER)

# Reader pages, sitemaps and the API at 1,000 and 100,000 articles on PostgreSQL, every cache
# a dummy (bench/scale.py); SCALE_MAX=1000000 adds a million. The databases are kept
# (newsroom_scale_<size>) and reused by the next run.
SCALE_MAX ?= 100000
bench-scale: install
	$(BIN)/python bench/scale.py --sizes 1000 $(sort 100000 $(SCALE_MAX)) --server $(POSTGRES_SERVER)

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/pytest -m "$(ORDINARY_TESTS)"
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory test-browser; \
	else echo "Browser tests skipped: /usr/bin/chromium is not installed (apt-get install chromium)"; fi

# Playwright drives Debian's Chromium through tests/browser/; screenshots and axe reports go to
# build/ (see docs/accessibility.md).
test-browser: install-test
	mkdir -p build/screenshots
	$(BIN)/pytest -m browser tests/browser

test-postgres: install-test
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(BIN)/pytest -m "$(ORDINARY_TESTS)"

# Media on S3: moto's standalone S3 server on loopback for the length of the run.
test-s3: install-test
	tests/servers/s3.sh $(BIN)/pytest -m s3 tests/test_s3_*.py

# A PostgreSQL primary and its streaming replica, clusters of their own on ports 5442 and 5443
# (REPLICA_PRIMARY_PORT, REPLICA_PORT) under build/replica/, removed afterwards.
test-replica: install-test
	tests/servers/replica.sh $(BIN)/pytest -m replica tests/test_replica_*.py

messages: install
	$(BIN)/python manage.py makemessages --all --ignore=".venv/*" --ignore="tests/*" --ignore="bench/*" --no-location

compilemessages: install
	$(BIN)/python manage.py compilemessages --ignore=".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles build
