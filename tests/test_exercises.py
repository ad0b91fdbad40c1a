"""The nbgrader pipeline: solutions/ -> exercises/ is in sync, exercises run, solutions score full marks.

Every check is parametrised over the assignments found in ``solutions/`` when the tests are
collected (``solutions/<assignment>/<assignment>.ipynb``), so a new exercise set is covered as soon
as it exists.

* in sync: regenerating the exercises in a temporary course folder (a copy of ``solutions/`` and
  ``nbgrader_config.py``, run through ``tools/exercises.py`` exactly like ``make exercises``) gives
  byte-identical files to the committed ``exercises/``;
* runnable: each released notebook, executed as a student first sees it, fails only where the
  ``raise NotImplementedError()`` stubs are, or in test cells that need a stub's result
  (``NotImplementedError`` / ``NameError`` of a stub's name) — never for another reason;
* gradable: the solution notebook, submitted as a fake student's work and autograded by nbgrader
  in the temporary course, gets every point (read from the gradebook).
"""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import load_tool, nbgrader_course

ROOT = Path(__file__).resolve().parent.parent
STUB = "raise NotImplementedError()"
STUDENT = "test_student"




TOOL = load_tool("exercises")
ASSIGNMENTS = TOOL.assignments(ROOT)
parametrize = pytest.mark.parametrize("assignment", ASSIGNMENTS)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary nbgrader course: solutions/ and nbgrader_config.py copied, exercises generated."""
    pytest.importorskip("nbgrader")
    root = tmp_path_factory.mktemp("course")
    nbgrader_course(root)
    return root


def _files(folder):
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_stale_exercise_folders():
    folder = ROOT / "exercises"
    released = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []
    assert released == ASSIGNMENTS, (
        f"exercises/ holds {released} but solutions/ has {ASSIGNMENTS}: run `make exercises` and commit exercises/"
    )


@parametrize
def test_exercises_are_up_to_date(course, assignment):
    fresh, committed = _files(course / "exercises" / assignment), _files(ROOT / "exercises" / assignment)
    assert sorted(fresh) == sorted(committed), (
        f"exercises/{assignment}/ should contain {sorted(fresh)}, has {sorted(committed)}: run `make exercises`"
    )
    stale = [name for name in fresh if fresh[name].read_bytes() != committed[name].read_bytes()]
    assert not stale, (
        f"exercises/{assignment}/{stale} differ from what solutions/{assignment}/ generates: "
        "run `make exercises` and commit the result (never edit exercises/ by hand)"
    )


def _stub_names(nb):
    """Identifiers that appear in cells containing a stub: the names a student is asked to define there
    (``def f``, ``x = ...``, or a commented template such as ``# shapes = {...}``). A test cell may fail
    with a NameError on those, and on nothing else."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and STUB in cell.source:
            names |= set(re.findall(r"[A-Za-z_]\w*", cell.source))
    return names


@pytest.mark.slow
@parametrize
def test_released_notebook_fails_only_at_stubs(assignment, tmp_path):
    from nbclient import NotebookClient

    source = ROOT / "exercises" / assignment / f"{assignment}.ipynb"
    work = tmp_path / assignment
    shutil.copytree(source.parent, work)
    nb = nbformat.read(work / source.name, as_version=4)
    stubs = [cell for cell in nb.cells if cell.cell_type == "code" and STUB in cell.source]
    assert stubs, f"{source.name} has no `{STUB}` stub: did nbgrader clear the solutions?"
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(work)}}).execute()
    names = _stub_names(nb)
    problems = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type != "error":
                continue
            where = f"cell {index} ({cell.metadata.get('nbgrader', {}).get('grade_id', 'no grade_id')})"
            if out.ename == "NotImplementedError":
                continue  # a stub, called directly or from a test
            missing = re.match(r"name '(\w+)' is not defined", out.evalue)
            if out.ename == "NameError" and missing and missing.group(1) in names:
                continue  # a test needs a value that a stub cell did not get to assign
            problems.append(f"{where}: {out.ename}: {out.evalue}")
    assert not problems, f"exercises/{assignment} fails for reasons other than the stubs:\n" + "\n".join(problems)


@pytest.mark.slow
# nbgrader's own gradebook code triggers SQLAlchemy autoflush warnings; they are not ours to fix.
@pytest.mark.filterwarnings("ignore:Object of type:Warning")
@parametrize
def test_solution_scores_full_marks(course, assignment):
    from nbgrader.api import Gradebook

    submitted = course / "grading" / "submitted" / STUDENT / assignment
    submitted.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "solutions" / assignment / f"{assignment}.ipynb", submitted / f"{assignment}.ipynb")
    api = TOOL.nbgrader_api(course)
    result = api.autograde(assignment, STUDENT, force=True, create=True)
    assert result["success"], (
        f"nbgrader autograde {assignment} failed:\n{result.get('log', '')}\n{result.get('error', '')}"
    )
    with Gradebook(api.coursedir.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, STUDENT)
        grades = [grade for notebook in submission.notebooks for grade in notebook.grades]
        # Written answers wait for a person (needs_manual_grade); every autograded test must give full marks.
        auto = [grade for grade in grades if not grade.needs_manual_grade]
        score, max_score = sum(g.score for g in auto), sum(g.max_score for g in auto)
        lost = [f"{g.name}: {g.score}/{g.max_score}" for g in auto if g.max_score and g.score != g.max_score]
    assert max_score > 0, f"{assignment} has no autograded test cells (points)"
    assert score == max_score, f"the solution of {assignment} scores {score}/{max_score}; lost points: {lost}"
