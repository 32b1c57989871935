# selfassess: `make run` serves the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000
# Links made on the command line (the demo's, `invitations create`) point at the served
# address unless SELFASSESS_BASE_URL says otherwise.
SERVED_URL := $(or $(SELFASSESS_BASE_URL),http://$(HOST):$(PORT))

.PHONY: install run demo test test-fast lint format translations catalog bench load clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy --statistics -d selfassess/translations

# Re-extract interface strings and merge them into the catalogs (then translate mn).
catalog: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o selfassess/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i selfassess/translations/messages.pot -d selfassess/translations --no-fuzzy-matching

run: install
	$(BIN)/selfassess db upgrade
	SELFASSESS_BASE_URL=$(SERVED_URL) $(BIN)/selfassess demo --if-empty
	@echo "selfassess serves on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	SELFASSESS_BASE_URL=$(SERVED_URL) $(BIN)/selfassess run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not e2e" -x -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python benchmarks/bench_results.py
	$(BIN)/python benchmarks/bench_export.py
	$(BIN)/python benchmarks/bench_import.py --db
	$(BIN)/python -m benchmarks.bench_web

# 200 respondents saving at once through gunicorn, on SQLite then PostgreSQL.
load: install
	$(BIN)/python -m benchmarks.load --respondents 200 --db sqlite
	$(BIN)/python -m benchmarks.load --respondents 200 --db postgresql

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
