# The two commands of the README: `make run` (set up everything, load demo data, serve on
# http://127.0.0.1:8000) and `make test` (the whole suite). Both work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2
# Coverage of the four packages, least covered first (settings in pyproject.toml);
# `make test COV_ARGS=` runs without it.
COV_ARGS ?= --cov --cov-report=term:skip-covered

.PHONY: run test setup migrate demo lint typecheck format deploy-check worker clean

run: setup migrate demo
	DEBUG=true $(BIN)/python manage.py runserver $(HOST)

test: setup
	$(BIN)/pytest $(COV_ARGS) $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed .env

.env:
	printf '# Development settings made by `make setup`; see .env.example for all variables.\nDEBUG=true\n' > $@

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	DEBUG=true $(BIN)/python manage.py migrate --noinput

demo: setup
	DEBUG=true $(BIN)/python manage.py seed_demo

worker: setup
	DEBUG=true $(BIN)/python manage.py db_worker

# The pre-commit hooks (.pre-commit-config.yaml): ruff, ruff format, djLint on the templates,
# the missing-migrations check.
lint: setup
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# mypy with django-stubs on the modules listed in pyproject.toml ([tool.mypy] files).
typecheck: setup
	DEBUG=true $(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

deploy-check: setup
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=pembinaan.rutanmagetan.go.id \
		BEHIND_PROXY=true $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
