# The briefing book: one command per thing a person wants.
#   make book   build the site (with its search index) and the PDF briefing books
#   make test   run the whole test suite (first installs the system packages it
#               needs when they are missing and it can: tests/setup-system.sh)
#   make serve  live preview: rebuilds on save, reloads the browser (PORT=8000)
#   make check  every problem of the site as file:line: message (non-zero if any)
#   make bench  benchmarks at archive scale (docs/performance.md); bench-quick: a smoke run
#   make dist   a release: site, PDF books, data, CITATION.cff and checksums in one archive
#   make linkcheck  check every outside link of the knowledge base (its sources)
# Everything runs inside .venv, created on first use with the machine's Python.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -n -W --keep-going
SPHINXBUILD := $(BIN)/sphinx-build -c .
SOURCE := docs
export PYTHONPATH := $(CURDIR)/_ext
BUILD := _build
AXE := tests/a11y/node_modules/axe-core/axe.min.js
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: book html pdf test system lint bench bench-quick serve check clean venv dist linkcheck

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

# the PDFs first: the HTML build copies them into the site and links them
book: pdf html

html: $(STAMP)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

pdf: $(STAMP)
	$(SPHINXBUILD) -b pdf $(SPHINXOPTS) $(SOURCE) $(BUILD)/pdf

# `system` first: without its tools the suite would fail (never skip) half-way
test: system $(STAMP) $(AXE)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# Chromium, Java, Node.js and npm, fonts, pango, poppler: installed with apt-get
# when missing (as root or with password-less sudo), or one message saying how
system:
	@bash tests/setup-system.sh

# axe-core, for the accessibility tests, from the npm registry (pinned by the lock file)
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json | system
	npm ci --prefix tests/a11y --no-audit --no-fund --silent
	touch $(AXE)

lint: $(STAMP)
	$(BIN)/ruff check _ext tests benchmarks
	$(BIN)/ruff format --check _ext tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

# Warnings are shown in the terminal but do not stop the preview (no -W).
serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . -b html -n --keep-going --host $(HOST) --port $(PORT) \
		--watch conf.py $(SOURCE) $(BUILD)/serve

# A release from fresh builds, reproducible: every date in it is SOURCE_DATE_EPOCH,
# by default the time of the last commit (docs/project/publishing.md).
dist: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
dist: $(STAMP)
	rm -rf $(BUILD)/html $(BUILD)/pdf
	$(MAKE) --no-print-directory book
	$(BIN)/python -m briefing dist --build $(BUILD) --out $(BUILD)/dist

# Broken links are reported with their page and line; the exit status is non-zero.
linkcheck: $(STAMP)
	$(SPHINXBUILD) -b linkcheck -n --keep-going $(SOURCE) $(BUILD)/linkcheck

check: $(STAMP)
	@$(BIN)/python -m briefing check --docs $(SOURCE)

clean:
	rm -rf $(BUILD)
