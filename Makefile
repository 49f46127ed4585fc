# Two commands do all the set-up: `make lab` and `make test`.
# The tests come in tiers: `make test` (unit tests and every notebook through
# nbval, a few minutes), `make test-browser` (JupyterLab in headless Chromium),
# `make test-all` (those two and the wheel installed in a fresh venv; CI runs it).
# Both create .venv (an editable install of cnnlib and everything the
# notebooks and tests need) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: lab test test-browser test-install test-all bench notebooks html clean help

help:
	@echo "make lab        start JupyterLab on the series (creates .venv on first use)"
	@echo "make test       unit tests and every notebook through nbval, on every core (minutes)"
	@echo "make test-browser  every notebook and explorer in JupyterLab in headless Chromium"
	@echo "make test-all   make test, make test-browser and the wheel in a fresh venv (what CI runs)"
	@echo "make bench      run the benchmarks; the last line is a JSON object of figures"
	@echo "make notebooks  re-execute every notebook in place in a fresh kernel"
	@echo "make html       export the series to static HTML in html/ (reads without a kernel)"
	@echo "make clean      remove .venv"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[lab,test]"
	@touch $(STAMP)

# Bound to localhost; JupyterLab prints a link with a fresh login token.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ROOT_FLAG)

# The browser tests (tests/browser/) drive this Chromium, installed from the
# system's packages (Debian: apt-get install chromium); without it they are
# skipped. `make CNNLIB_CHROMIUM=/path/to/chromium test` picks another one.
CNNLIB_CHROMIUM ?= /usr/bin/chromium
export CNNLIB_CHROMIUM

# pytest-xdist spreads the unit test files and the notebooks over the cores;
# --dist loadfile keeps each notebook's cells in one kernel, in order.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not browser and not install" tests notebooks

# Two workers (pytest-xdist), each with its own JupyterLab and Chromium: the
# suite mostly waits on them. --dist loadfile keeps a file's tests in one
# worker, in file order (one notebook's tab opens once). (loadgroup would
# spread a file's notebooks, but pytest-xdist 3.8 cannot set its groups under
# pytest 9.2, whose node ids it no longer rewrites.)
BROWSER_WORKERS ?= 2
test-browser: $(STAMP)
	$(BIN)/python -m pytest -p no:randomly -n $(BROWSER_WORKERS) --dist loadfile -m browser tests/browser

# Builds the wheel and runs every notebook with it from another folder.
test-install: $(STAMP)
	$(BIN)/python -m pytest -p no:randomly -m install tests

test-all: test test-browser test-install

# The *_vs_torch figures compare with PyTorch on one CPU thread. torch is
# optional (the bench extra); where it cannot be installed those figures are null.
TORCH ?= torch==2.13.0
bench: $(STAMP)
	@$(BIN)/python -c 'import torch' 2>/dev/null || $(BIN)/python -m pip install --quiet "$(TORCH)" \
		|| echo "bench: $(TORCH) not installed; the *_vs_torch figures will be null"
	PYTHONPATH=tools:tests/browser $(BIN)/python benchmarks/run.py

notebooks: $(STAMP)
	$(BIN)/python tools/notebooks.py execute

html: $(STAMP)
	$(BIN)/python tools/export_html.py html

clean:
	rm -rf $(VENV)
