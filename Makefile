# `make`: set up .venv if needed, regenerate every release and autograder bundle, build the site.
# `make test`: set up .venv if needed and run the test suite (CI runs exactly this).
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: all release book test chromium bench clean

all: release book

$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(READY)

release: $(READY)
	$(BIN)/zoo release

book: $(READY)
	$(BIN)/python book/figures/make_figures.py
	$(BIN)/jupyter-book build . --quiet

# The site test drives headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: $(READY) chromium
	$(BIN)/python -m pytest -q

bench: $(READY)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/grade_all.py
	$(BIN)/python bench/nbgrader_catalogue.py

clean:
	rm -rf _build
