# The briefing book: one command per thing a person wants.
#   make book   build the site (with its search index) and the PDF briefing books
#   make test   run the whole test suite
#   make bench  benchmarks at archive scale (docs/performance.md); bench-quick: a smoke run
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

.PHONY: book html pdf test lint bench bench-quick serve check clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

book: html pdf

html: $(STAMP)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

pdf: $(STAMP)
	$(SPHINXBUILD) -b pdf $(SPHINXOPTS) $(SOURCE) $(BUILD)/pdf

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check _ext tests benchmarks
	$(BIN)/ruff format --check _ext tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf $(BUILD)
