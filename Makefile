# One command to run the site, one to test it. Needs Python 3.11+ as `python3`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check-content serve install install-dev install-bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# The interface's translations, compiled from locale/*/LC_MESSAGES/django.po (polib,
# no GNU gettext needed); refused if any entry is untranslated or fuzzy.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
$(MO_FILES): %.mo: %.po | $(VENV)/.installed
	$(BIN)/python manage.py compile_translations

# Bootstrap's stylesheet without the rules no page uses (core/purge_css.py), rebuilt
# when a template, script, content file or the site's CSS changes.
CSS := build/static/css/bootstrap.css
CSS_SOURCES := $(shell find templates accounts core elearning lessons lti schools content static \
  -type f \( -name '*.html' -o -name '*.py' -o -name '*.md' -o -name '*.yaml' -o -name '*.svg' \
  -o -name '*.js' -o -name '*.css' \) -not -path '*/migrations/*')
$(CSS): requirements.txt $(CSS_SOURCES) | $(VENV)/.installed
	$(BIN)/python manage.py build_css

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# The Nu HTML Checker (the W3C validator) for tests/test_html_valid.py: the jar of the
# vnu-jar npm package, pinned; it runs on Java 11+. Without npm the test is skipped.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/node/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR): | $(BIN)/python
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/node vnu-jar@$(VNU_VERSION); \
	else \
	  echo "npm not found: the HTML validity test will be skipped (install Node.js)"; \
	fi

$(VENV)/.installed-bench: requirements.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

install: $(VENV)/.installed $(MO_FILES) $(CSS)
install-dev: $(VENV)/.installed-dev $(VNU_JAR) $(MO_FILES) $(CSS)
install-bench: $(VENV)/.installed-bench

## make run: set up, migrate, load content and demo data, serve on http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py lti_add_key --if-missing
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: ruff, the import contract, the migration and content checks, the whole suite
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py load_content --check
	$(BIN)/pytest

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles build
