# AI University Atlas: `make serve` to write, `make test` before you push.
# Both set everything up on first use; `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed
# `make serve PORT=8001` when 8000 is taken; `make check ARGS="--format json"`
PORT ?= 8000
ARGS ?=

# Material 9.8 prints a banner about MkDocs 2.0 on every run; it is noise here.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup serve build check new-page test test-browser lint bench screenshots clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-13s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "make: Python 3.11+ is needed (found: $$($(PYTHON) --version 2>&1))"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --group dev
	@# the checker as a package: the `check-site` command and MkDocs plugin that mkdocs.yml uses
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	@touch $@

$(JS_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: Node 20+ with npm is needed"; exit 2; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(PY_STAMP) $(JS_STAMP) ## Create .venv and node_modules (idempotent)

# A busy port stops `make serve` before anything starts, with one line (make's own `$(error)`);
# MkDocs would print a traceback.
ifneq ($(filter serve,$(MAKECMDGOALS)),)
PORT_PROBLEM := $(shell $(PYTHON) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' '$(PORT)' 2>/dev/null || echo busy)
ifneq ($(PORT_PROBLEM),)
$(error make serve: port $(PORT) on 127.0.0.1 is in use or not a port number; try make serve PORT=8001)
endif
endif

# Serving is never strict: a strict rebuild that fails leaves the server holding every request.
# The check-site plugin prints the findings after each rebuild and shows them in the page.
serve: setup ## Serve with live reload at http://127.0.0.1:$(PORT) (PORT=8001 for another port)
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:$(PORT)

build: setup ## Build the site into site/ (strict; diagrams must be drawn, so Chromium is needed)
	ATLAS_PRERENDER=required $(BIN)/mkdocs build --strict

# The recipe ends with the checker's own code: 1 errors found, 2 the check could not run. make
# shows it as "Error 1" or "Error 2", but GNU make itself always exits 2 when a recipe fails:
# scripts that need the exact code run .venv/bin/check-site.
check: setup ## Check links, anchors, nav, images, diagrams, page contract (ARGS="--format json")
	$(BIN)/check-site $(ARGS)

new-page: setup ## Scaffold a deep-dive: make new-page AREA=nlp-llms SLUG=tokenizers TITLE="Tokenizers"
	$(BIN)/python scripts/new_page.py --area '$(AREA)' --slug '$(SLUG)' --title '$(TITLE)'

# Without Chromium (a laptop), diagrams are left for the browser and the tests
# that need them drawn are skipped; CI=true requires Chromium everywhere.
test: setup check ## Strict build, site check and the whole test suite
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pytest

test-browser: build ## Only the browser tests (real Chromium)
	$(BIN)/python -m pytest tests/browser

lint: setup ## ruff over scripts, hooks and tests
	$(BIN)/ruff check scripts hooks tests

BENCH_TOOLS := scripts/bench-tools/node_modules/.installed
$(BENCH_TOOLS): scripts/bench-tools/package.json scripts/bench-tools/package-lock.json
	npm ci --prefix scripts/bench-tools --no-audit --no-fund --loglevel=error
	@touch $@

bench: build $(BENCH_TOOLS) ## The checker's speed, and the site's bytes, Lighthouse and build time (BENCHMARKS.md)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_site.py

screenshots: build ## PNGs of key pages into build/screenshots/
	$(BIN)/python scripts/screenshots.py

clean: ## Remove site/, build/ and the drawing cache (keeps .venv and node_modules)
	rm -rf site build .cache/atlas-render
