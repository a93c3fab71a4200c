# The project's commands (CONTRACT.md): install, demo, test, bench, lint.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: install demo test bench lint postgres clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/chronology demo
	$(BIN)/chronology timeline --case DEMO-001 --store .demo/chronology.sqlite --from 2025-01-01
	@echo "The web pages arrive with the web app issue; meanwhile: $(BIN)/chronology flags --case DEMO-001 --store .demo/chronology.sqlite, or the JSON API: $(BIN)/chronology serve --store .demo/chronology.sqlite (tokens from chronology user add/token)"

postgres:
	bash scripts/postgres.sh start

test: install postgres
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
