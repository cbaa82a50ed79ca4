# bookpress — `make book` builds the sample book, `make test` runs every test.
#
# Both set themselves up on a fresh machine: Debian fonts and tools the
# theme and the tests need (when run as root or with sudo), then a virtual
# environment in .venv with bookpress installed into it.
#
#   make book               build manuscript/ into build/<slug>.pdf and .epub
#   make pdf | make epub    one of the two
#   make check              check the book, then preflight its PDF
#   make release            build, check and publish dist/<slug>-<version>.{pdf,epub},
#                           -screen.pdf, -cover.pdf (with [cover]), SHA256SUMS and
#                           release.json (VERSION=1.2.0, default: [book] version or
#                           the latest git tag)
#   make watch              rebuild on every change
#   make test               ruff, mypy (bookpress/, see [tool.mypy]), then the whole test suite
#                           (unit + end-to-end, a bounded fuzz run)
#   make test-fast          the tests that build no whole book (pytest -m "not slow"), under a minute
#   make fuzz               5,000 random manuscripts through reader, transforms and both
#                           writers' markup (FUZZ_EXAMPLES=n for another count)
#   make bench              how fast: a 400- and an 800-page book against bare WeasyPrint
#   make corpus             build every book of ../shared/corpus (CORPUS=dir) and check it:
#                           pages, time, memory, warnings, EPUBCheck, preflight, completeness
#   make lint               ruff
#   make clean              remove build/ (make distclean also removes .venv and dist/)
#
# BOOK=path/to/book builds another book; OUT=dir puts the outputs elsewhere,
# DIST=dir the releases.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BOOK ?= manuscript
OUT ?= build
DIST ?= dist
VERSION ?=
READY := $(VENV)/.ready
# Test workers (pytest-xdist): one per core; each test file runs in one worker.
TEST_JOBS ?= auto

# Debian packages: the theme's fonts (text, headings, code, emoji, and
# every script: Noto, Noto CJK with real bold faces), HarfBuzz subsetting
# for WeasyPrint, PDF tools for the tests, Java for EPUBCheck, and Chromium
# (interactive figures drawn for print, driven by Playwright from PyPI).
DEBIAN_PACKAGES := fonts-linuxlibertine fonts-texgyre fonts-jetbrains-mono fonts-dejavu-core \
	fonts-noto-core fonts-noto-cjk fonts-noto-mono fonts-noto-color-emoji fonts-ebgaramond libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 libgs-common poppler-utils qpdf default-jre-headless chromium

SOURCES := $(shell find $(BOOK) -type f -not -path '*/build/*' -not -name '.*' 2>/dev/null)
STYLES := $(shell find styles -type f)
CODE := $(shell find bookpress -type f \( -name '*.py' -o -name '*.j2' \))
SLUG := $(shell $(BIN)/bookpress info $(BOOK) --field slug 2>/dev/null)
PDF = $(OUT)/$(SLUG).pdf
EPUB = $(OUT)/$(SLUG).epub

.PHONY: all book pdf epub outputs check checked release watch test test-fast fuzz bench corpus lint clean distclean setup system-deps js-deps

all: book

book: $(READY)
	@$(MAKE) --no-print-directory outputs

pdf: $(READY)
	@$(MAKE) --no-print-directory $(OUT)/.pdf-target

epub: $(READY)
	@$(MAKE) --no-print-directory $(OUT)/.epub-target

# Second stage: runs once .venv exists, so that SLUG can be computed.
outputs: $(PDF) $(EPUB)
	@echo "PDF:  $(PDF)"
	@echo "EPUB: $(EPUB)"

$(OUT)/.pdf-target: $(PDF)
	@echo "PDF:  $(PDF)"

$(OUT)/.epub-target: $(EPUB)
	@echo "EPUB: $(EPUB)"

.PHONY: $(OUT)/.pdf-target $(OUT)/.epub-target

$(PDF): $(SOURCES) $(STYLES) $(CODE)
	$(BIN)/bookpress build $(BOOK) --out $(OUT) --format pdf

$(EPUB): $(SOURCES) $(STYLES) $(CODE)
	$(BIN)/bookpress build $(BOOK) --out $(OUT) --format epub

check: $(READY)
	@$(MAKE) --no-print-directory checked

checked: $(PDF)
	$(BIN)/bookpress check $(BOOK)
	$(BIN)/bookpress check $(BOOK) --pdf $(PDF)

release: $(READY)
	$(BIN)/bookpress release $(BOOK) --out $(DIST) $(if $(VERSION),--version $(VERSION))

watch: $(READY)
	$(BIN)/bookpress watch $(BOOK) --out $(OUT)

bench: $(READY)
	$(BIN)/python bench/run.py

# Real books, read-only: copied to build/corpus/<name>/src with our book.toml
# (tests/corpus/<name>/book.toml) when the book has none; table + build/corpus.json.
CORPUS ?= ../shared/corpus
corpus: $(READY)
	$(BIN)/python bench/corpus.py --corpus $(CORPUS)

setup: $(READY)

$(READY): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@$(MAKE) --no-print-directory js-deps
	@touch $@

# The JavaScript libraries interactive figures load from public CDNs (d3…),
# answered from local copies when the browser draws them for print: the
# versions pinned in bookpress/assets/libraries.py, from the npm registry.
js-deps:
	@if ! command -v npm >/dev/null && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null \
		|| { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null; }; fi; \
	if ! command -v npm >/dev/null; then \
		echo "note: no npm: interactive figures that load d3 from a CDN will print as boxes"; exit 0; fi; \
	npm install --prefix $(VENV)/share/bookpress-js --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
		$$($(BIN)/python -c 'from bookpress.assets.libraries import PACKAGES; print(*PACKAGES)')

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "note: not a Debian system; install these or their equivalents: $$missing"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else \
		echo "note: run as root to install: $$missing"; exit 0; fi; \
	echo "installing Debian packages: $$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null \
		|| { $$sudo apt-get update -q >/dev/null && $$sudo apt-get install -y -q --no-install-recommends $$missing >/dev/null; }

test: $(READY)
	$(BIN)/ruff check bookpress tests
	$(BIN)/mypy
	$(BIN)/pytest -q -n $(TEST_JOBS) --dist loadfile

# No end-to-end builds of whole books (tests marked slow) and fewer fuzz examples.
test-fast: $(READY)
	$(BIN)/ruff check bookpress tests
	HYPOTHESIS_PROFILE=fast $(BIN)/pytest -q -n $(TEST_JOBS) --dist loadfile -m "not slow"

# Fresh random manuscripts each run; a failure prints the example and how to replay it.
fuzz: $(READY)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/fuzz

lint: $(READY)
	$(BIN)/ruff check bookpress tests
	$(BIN)/ruff format --check bookpress tests

clean:
	rm -rf $(OUT) .pytest_cache

distclean: clean
	rm -rf $(VENV) $(DIST)
