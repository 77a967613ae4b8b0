# Every target sets up what it needs: the virtual environment on first use
# (pinned by constraints.txt), the Debian packages when run as root.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench clean

demo: $(STAMP)
	@scripts/system-deps.sh run
	$(BIN)/agentcore-chat --demo

test: $(STAMP)
	@scripts/system-deps.sh test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	bash scripts/check-auth0.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@scripts/system-deps.sh test
	$(BIN)/python -m pytest tests/benchmarks -s -m benchmark -p no:randomly $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
