# `make`: set up .venv if needed, regenerate every release and autograder bundle, build the site.
# `make test`: set up .venv if needed and run the test suite (CI runs exactly this).
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: all release book test chromium bench clean

all: release book

$(READY): requirements.txt requirements-nodeps.txt pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -r requirements-nodeps.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(READY)

release: $(READY)
	$(BIN)/zoo release

# The recurrent chapter's diagrams are drawn (no training), only when their script changed; the other
# figures come from training runs (book/figures/<chapter>_figures.py) and are committed. The build
# reuses _build's saved environment: unchanged, it takes seconds (bench/book.py measures it).
DIAGRAMS := book/figures/rnn_unrolled.svg book/figures/rnn_gradient_norm.svg book/figures/lstm_cell.svg
$(DIAGRAMS) &: book/figures/make_figures.py book/figures/style.py | $(READY)
	$(BIN)/python book/figures/make_figures.py

book: $(READY) $(DIAGRAMS)
	$(BIN)/jupyter-book build . --quiet

# The site test drives headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The hub test (tests/test_hub.py) runs JupyterHub's proxy, configurable-http-proxy, pinned in package.json.
NODE_READY := node_modules/.package-lock.json
$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: $(READY) chromium $(NODE_READY)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup --durations=25

bench: $(READY)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/grade_all.py
	$(BIN)/python bench/nbgrader_catalogue.py
	$(BIN)/python bench/catalogue.py

clean:
	rm -rf _build
