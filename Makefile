# The project's commands (CONTRACT.md): install, demo, test, bench, lint.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: install demo test bench lint postgres browser clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/chronology demo
	@echo "Open http://127.0.0.1:8000/ and sign in with one of the demo logins above."
	$(BIN)/chronology serve --store .demo/chronology.sqlite

postgres:
	bash scripts/postgres.sh start

browser:
	bash scripts/browser.sh

test: install postgres browser
	CHRONOLOGY_TEST_DATABASE_URL="$$(bash scripts/postgres.sh url)" \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

bench: install postgres
	CHRONOLOGY_TEST_DATABASE_URL="$$(bash scripts/postgres.sh url)" \
		$(BIN)/python -m benchmarks.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
