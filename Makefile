# Breaking Symmetry — the two commands a person needs:
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv (first time only) and run every check CI runs
#
# Plain POSIX sh recipes; every tool comes from .venv.

SHELL    := /bin/sh
PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed

# Folders ruff checks; only those that exist yet (the course grows folder by folder).
LINT_DIRS := $(wildcard nnlib tests notebooks solutions tools benchmarks)

# JupyterLab binds to loopback by default; override in a container, e.g.
#   make lab LAB_ARGS="--ip=0.0.0.0 --port=8888"
LAB_ARGS  ?= --ip=127.0.0.1
# Jupyter refuses to run as root unless told to (containers, CI machines).
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.DEFAULT_GOAL := help
.PHONY: help venv setup lab test lint clean distclean exercises

help:
	@echo "make lab        set up .venv if needed, then open the course in JupyterLab"
	@echo "make test       set up .venv if needed, then ruff + pytest (everything CI runs)"
	@echo "make lint       ruff only"
	@echo "make exercises  regenerate exercises/ from solutions/ (nbgrader)"
	@echo "make grade      autograde grading/submitted/, write feedback and grading/grades.csv"
	@echo "make book       build the HTML book from the stored notebooks into build/book/html"
	@echo "make bench      run benchmarks/ and print the performance ratios (not part of make test)"
	@echo "make mutation   mutation testing of nnlib's core with mutmut (not part of make test; long)"
	@echo "make venv       (re)install .venv when pyproject.toml changed"
	@echo "make clean      remove caches and build output (keeps .venv)"
	@echo "make distclean  clean, and remove .venv too"

# --- environment -------------------------------------------------------------
# The stamp is newer than pyproject.toml once the install succeeded, so later
# runs skip straight to the work. Editing pyproject.toml triggers a reinstall.
$(STAMP): pyproject.toml
	@echo "==> Setting up $(VENV) (editable install of nnlib with the [dev] extras)"
	@if [ ! -x $(PY) ]; then echo "==> $(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e ".[dev]"
	@touch $@

venv setup: $(STAMP)

# --- students ----------------------------------------------------------------
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(ROOT_FLAG) $(LAB_ARGS)

# --- checks ------------------------------------------------------------------
lint: $(STAMP)
	@echo "==> ruff check $(LINT_DIRS)"
	@$(VENV)/bin/ruff check $(LINT_DIRS)

# ruff and pytest both run even when the first fails, so one run shows every problem;
# the target fails if either did.
test: $(STAMP)
	@echo "==> ruff check $(LINT_DIRS)"; \
	$(VENV)/bin/ruff check $(LINT_DIRS); lint=$$?; \
	echo "==> $(PY) -m pytest (all tests under tests/)"; \
	$(PY) -m pytest; tests=$$?; \
	if [ $$lint -ne 0 ]; then echo "==> FAILED: ruff (exit $$lint)"; fi; \
	if [ $$tests -ne 0 ]; then echo "==> FAILED: pytest (exit $$tests)"; fi; \
	[ $$lint -eq 0 ] && [ $$tests -eq 0 ]

# --- instructors -------------------------------------------------------------
# `make exercises`: regenerate the student notebooks exercises/<a>/<a>.ipynb from every
# solutions/<a>/ with `nbgrader generate_assignment --force <a>` (config: nbgrader_config.py),
# then strip machine-specific metadata so the output is byte-identical on every machine.
# Commit the result; tests/test_exercises.py fails when exercises/ is out of date.
exercises: $(STAMP)
	$(PY) tools/exercises.py

# `make grade`: autograde every grading/submitted/<student>/<assignment>/ (each in its own
# throw-away course folder, per-cell timeout), write feedback without hidden tests to
# grading/feedback/, scores to grading/gradebook.db and grading/grades.csv, print a summary.
# Unchanged submissions are skipped; options go through GRADE_ARGS, e.g.
#   make grade GRADE_ARGS="--force --jobs 2 --roster roster.csv"    (all options: tools/grade.py --help)
GRADE_ARGS ?=
.PHONY: grade
grade: $(STAMP)
	$(PY) tools/grade.py $(GRADE_ARGS)

# --- the book ------------------------------------------------------------------
# `make book`: the course as a static website (landing page, lessons, student exercises, guides),
# rendered from the notebooks' stored outputs with Sphinx + myst-nb; warnings are errors.
.PHONY: book
book: $(STAMP)
	$(PY) tools/book.py

# --- performance -------------------------------------------------------------
# `make bench` runs benchmarks/ (train_step, stacked, widgets, course; a few minutes) and prints
# the ratios of COURSE_DESIGN §7 with PASS/MISS; not part of `make test`. One of them only:
#   make bench BENCH=stacked
.PHONY: bench
bench: $(STAMP)
	$(PY) benchmarks/run_all.py $(BENCH)

# `make mutation` mutates nnlib's core modules with mutmut (in a scratch copy, nice -n 19, 2 test
# runs at a time) and prints the share of non-equivalent mutants its tests kill; survivors that cannot
# change a result are listed in tests/mutation_equivalent.txt. Not part of `make test`: the core has
# ~2900 mutants; on the shared 2-core machine (load ~11) 1300 took 42 min, so the full run takes well
# over an hour there. One module at a time: make mutation MUTATION_ARGS="--modules activations" (1.2 min).
.PHONY: mutation
mutation: $(STAMP)
	$(PY) -m pip install -q -e ".[mutation]"
	$(PY) tools/mutation.py $(MUTATION_ARGS)

# --- housekeeping ------------------------------------------------------------
clean:
	@echo "==> removing caches and build output (not $(VENV))"
	find . -path ./$(VENV) -prune -o -path ./.git -prune -o \
	  \( -name __pycache__ -o -name .ipynb_checkpoints -o -name '*.egg-info' \) -type d -print \
	  | xargs rm -rf
	rm -rf .pytest_cache .ruff_cache .hypothesis build dist test-artifacts

distclean: clean
	rm -rf $(VENV)
