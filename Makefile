# Breaking Symmetry — the two commands a person needs:
#   make lab    set up .venv (first time only; students' packages) and open the course in JupyterLab
#   make test   set up .venv (first time only; every dev package) and run every check CI runs
# Versions come from requirements/lock.txt (regenerate with `make lock`).
#
# Plain POSIX sh recipes; every tool comes from .venv.

SHELL    := /bin/sh
PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python

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
	@echo "make lab        set up .venv if needed (students' packages), open the course in JupyterLab"
	@echo "make notebook   the same in Notebook 7"
	@echo "make test       set up .venv if needed (all dev packages), then ruff + pytest (everything CI runs)"
	@echo "make lint       ruff only"
	@echo "make exercises  regenerate exercises/ from solutions/ (nbgrader)"
	@echo "make grade      autograde grading/submitted/, write feedback and grading/grades.csv"
	@echo "make translations  refresh the Chinese catalogs and regenerate zh-CN/ (translations/README.md)"
	@echo "make book       build the HTML book from the stored notebooks into build/book/html"
	@echo "make instructor-lab  JupyterLab with nbgrader (formgrader) at the repository root"
	@echo "make wheel      build dist/breaking_symmetry-*.whl (nnlib + data) for a single notebook anywhere"
	@echo "make lock       re-resolve requirements/lock.txt from pyproject.toml (uv; LOCK_ARGS=--upgrade)"
	@echo "make bench      run benchmarks/ and print the performance ratios (not part of make test)"
	@echo "make mutation   mutation testing of nnlib's core with mutmut (about 5 min; not part of make test)"
	@echo "make venv       (re)install .venv when pyproject.toml or the lock changed"
	@echo "make clean      remove caches and build output (keeps .venv)"
	@echo "make distclean  clean, and remove .venv too"

# --- environment -------------------------------------------------------------
# Every install takes its versions from the lock (requirements/lock.txt, `make lock`), so a
# laptop, CI and a fresh clone get the same packages. One stamp per extras set: a stamp is newer
# than pyproject.toml and the lock once that install succeeded, so later runs skip straight to
# the work; editing either file triggers a reinstall (pip then changes only what differs).
#   lab         what students need: nnlib + JupyterLab, Notebook 7, ipykernel     (make lab)
#   instructor  lab + nbgrader                                                   (make exercises, grade, instructor-lab)
#   dev         everything: lab, test, instructor, browser, book                 (make test, lint, bench, book)
# `make test CONSTRAINTS=` installs the latest releases instead (the scheduled workflow does).
LOCK        := requirements/lock.txt
CONSTRAINTS ?= -c $(LOCK)
EXTRAS_lab        := lab
EXTRAS_instructor := lab,instructor
EXTRAS_dev        := dev

$(PY):
	@echo "==> $(PYTHON) -m venv $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

$(VENV)/.installed-%: pyproject.toml $(LOCK) | $(PY)
	@echo "==> Installing nnlib (editable) with the [$(EXTRAS_$*)] extras into $(VENV), versions from $(LOCK)"
	$(PY) -m pip install $(CONSTRAINTS) -e ".[$(EXTRAS_$*)]"
	@touch $@

LAB_STAMP        := $(VENV)/.installed-lab
INSTRUCTOR_STAMP := $(VENV)/.installed-instructor
STAMP            := $(VENV)/.installed-dev

venv setup: $(STAMP)
.PRECIOUS: $(VENV)/.installed-%

# `make lock`: re-resolve requirements/lock.txt from pyproject.toml with uv, one file for every
# supported Python (3.10-3.13, environment markers where versions differ). Versions already in
# the lock are kept unless pyproject.toml excludes them; to move on, e.g.
#   make lock LOCK_ARGS=--upgrade                        (everything to the latest releases)
#   make lock LOCK_ARGS="--upgrade-package numpy"        (one package)
# then `make test`, update environment.yml to the same versions, and commit both.
LOCK_ARGS ?=
.PHONY: lock
lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --universal --python-version 3.10 --all-extras \
	  --custom-compile-command "make lock" $(LOCK_ARGS) -o $(LOCK)

# `make wheel`: dist/breaking_symmetry-<version>-py3-none-any.whl, nnlib with its data sets and
# LICENSE, for a single notebook anywhere (`%pip install breaking_symmetry-....whl`; see README).
.PHONY: wheel
wheel: $(STAMP)
	$(PY) -m build --wheel --no-isolation --outdir dist .

# --- students ----------------------------------------------------------------
# Opens on the course's first lesson (notebooks/00_the_question.ipynb), not on the repository root.
START := notebooks/00_the_question.ipynb
lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(START) $(ROOT_FLAG) $(LAB_ARGS)

# `make notebook`: the same in Notebook 7 (the classic one-document interface).
.PHONY: notebook
notebook: $(LAB_STAMP)
	$(VENV)/bin/jupyter notebook --ServerApp.root_dir=. --JupyterNotebookApp.default_url=/notebooks/$(START) \
	  $(ROOT_FLAG) $(LAB_ARGS)

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
exercises: $(INSTRUCTOR_STAMP)
	$(PY) tools/exercises.py

# `make grade`: autograde every grading/submitted/<student>/<assignment>/ (each in its own
# throw-away course folder, per-cell timeout), write feedback without hidden tests to
# grading/feedback/, scores to grading/gradebook.db and grading/grades.csv, print a summary.
# Unchanged submissions are skipped; options go through GRADE_ARGS, e.g.
#   make grade GRADE_ARGS="--force --jobs 2 --roster roster.csv"    (all options: tools/grade.py --help)
GRADE_ARGS ?=
.PHONY: grade instructor-lab
grade: $(INSTRUCTOR_STAMP)
	$(PY) tools/grade.py $(GRADE_ARGS)

# `make instructor-lab`: JupyterLab with nbgrader's menus (formgrader, Create Assignment), at the root.
instructor-lab: $(INSTRUCTOR_STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(ROOT_FLAG) $(LAB_ARGS)

# --- the Chinese edition ---------------------------------------------------------
# `make translations`: refresh translations/zh_CN/*.po from the English notebooks (changed blocks
# become fuzzy, new ones empty), then regenerate zh-CN/, README.zh-CN.md and book/index.zh-CN.md.
# Translate the catalogs, run it again, commit both; make test fails while anything is missing.
.PHONY: translations
translations: $(STAMP)
	$(PY) tools/translate.py update
	$(PY) tools/translate.py build
	$(PY) tools/translate.py check

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
# ~3000 mutants, which took 4.0 min with the default 2 test runs and 7.2 min with one at a time
# (MUTATION_ARGS="--jobs 1") on the shared 2-core machine. One module:
# make mutation MUTATION_ARGS="--modules activations" (0.5 min).
.PHONY: mutation
mutation: $(STAMP)
	$(PY) -m pip install -q $(CONSTRAINTS) -e ".[mutation]"
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
