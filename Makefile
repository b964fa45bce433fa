# haicap — two commands matter: `make start` (install everything, then run) and `make test`.
# Every target is idempotent: a second run only redoes what changed.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.haicap-installed

.PHONY: start install model test lint bench clean

## Install everything, fetch + verify the model, then start the bot (TELEGRAM_BOT_TOKEN
## set) or the terminal chat (no token) at once; either loads the folders named in
## HAICAP_CORPUS in the background, e.g.
##   HAICAP_CORPUS=../shared/corpus/legal:../shared/seeds make start
start: install
	$(BIN)/haicap start

## Virtual environment in .venv: torch (CPU build) first, then the pinned dependencies,
## then the embedding model (verified against the official hashes).
install: $(STAMP) model

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,postgres]"
	@# this machine sets PYTHONDONTWRITEBYTECODE=1: precompile so imports are 2x faster
	$(BIN)/python -m compileall -q -j 2 $(VENV)/lib > /dev/null || true
	touch $(STAMP)

model: $(STAMP)
	$(BIN)/haicap models fetch

## Lint, the architecture contract (.importlinter) and the whole test suite (CI runs
## exactly this through .ci/run).
test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -p no:cacheprovider -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
