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
	@# Benchmarks first, output shown: they print figures and assert no timings.
	$(BIN)/python -m pytest tests/benchmarks -q -s $(PYTEST_ARGS)
	$(BIN)/python -m pytest --ignore=tests/benchmarks -m "not bundle" $(PYTEST_ARGS)

bench: $(STAMP)
	@scripts/system-deps.sh test
	$(BIN)/python -m pytest tests/benchmarks -s -m benchmark -p no:randomly $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(STAMP): pyproject.toml constraints.txt tests/peers/everything/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@# The TypeScript reference MCP server the gateway tests talk to (pinned by its lock file).
	if command -v npm >/dev/null; then cd tests/peers/everything && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; else echo "npm not found: the tests against the reference MCP server will be skipped"; fi
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# Screenshots of every page (English and Japanese) under a virtual X server.
.PHONY: screenshots translations
screenshots: $(STAMP)
	scripts/screenshots.sh

# Refresh the translation sources from the code, then compile them (.qm is committed).
TS_FILES := gui/ui/assets/translations/agentcore_chat_ja.ts
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find gui/ui gui/ui/startup/app.py -name '*.py' | sort) -no-obsolete -ts $(TS_FILES)
	for ts in $(TS_FILES); do $(BIN)/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done

# The desktop app as one folder (PyInstaller; packaging/README.md): build it, add it to the
# user's application menu, and smoke-test it as CI would.
.PHONY: bundle install-desktop bundle-smoke
bundle: $(STAMP)
	@scripts/system-deps.sh run
	scripts/bundle.sh

install-desktop:
	scripts/install-desktop.sh

bundle-smoke: $(STAMP)
	@scripts/system-deps.sh test
	scripts/bundle-smoke.sh
