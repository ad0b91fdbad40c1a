"""The adversarial grading corpus: correct answers written differently get full marks, plausible bugs lose points.

``tests/grading_corpus/<assignment>/<case>.py`` holds the replacement source of ONE solution cell of
``solutions/<assignment>/``, with a header of ``#`` lines (after a ``# ruff: noqa`` line: a cell uses names
that earlier cells of the notebook define)::

    # cell: activations            grade_id of the solution cell the source replaces
    # expect: full                 full: every point of the judged tests; lose: fewer points in each of them
    # tests: test_activations      grade_ids of the test cells that judge this case
    # why: one line on what the case is (a correct alternative, or the bug it plants)

``tests/grading_corpus/<assignment>/uses.txt`` says which solution cells each test cell calls besides
the judged one (``test_forward: activations``), so that a bug in one cell is never packed into the same
submission as a case judged by a test that calls that cell.

Cases go through the real pipeline — ``nbgrader autograde`` in a temporary course folder, as
``tests/test_exercises.py`` runs it — as few submissions per assignment as the ``uses`` allow: each
submission is the released notebook with every solution cell filled in (the model solution, or one case
per cell), and the scores are read per test cell from the gradebook. Every graded test cell of an
assignment must be judged by at least one ``full`` and two ``lose`` cases.
"""

import re
from pathlib import Path

import nbformat
import pytest
from conftest import load_tool, nbgrader_course

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "grading_corpus"
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")




TOOL = load_tool("exercises")
ASSIGNMENTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


class Case:
    def __init__(self, path):
        self.name = path.stem
        header, body = {}, []
        for line in path.read_text().splitlines():
            if line.startswith("# ruff: noqa") and not body:
                continue  # a cell fragment: ruff cannot see the names the notebook defines before it
            match = re.match(r"^# (cell|expect|tests|why): (.*)$", line)
            if match and not body:
                header[match.group(1)] = match.group(2).strip()
            else:
                body.append(line)
        missing = {"cell", "expect", "tests", "why"} - set(header)
        assert not missing, f"{path.relative_to(ROOT)}: header lacks {sorted(missing)}"
        assert header["expect"] in ("full", "lose"), f"{path.relative_to(ROOT)}: expect must be full or lose"
        self.cell, self.expect = header["cell"], header["expect"]
        self.tests = header["tests"].split()
        self.why = header["why"]
        self.source = "\n".join(body).strip("\n")


def cases(assignment):
    return [Case(p) for p in sorted((CORPUS / assignment).glob("*.py"))]


def uses(assignment):
    """test grade_id -> the other solution cells it calls."""
    path = CORPUS / assignment / "uses.txt"
    table = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        line = line.split("#")[0].strip()
        if line:
            test, _, cells = line.partition(":")
            table[test.strip()] = set(cells.split())
    return table


def pack(all_cases, table):
    """Pack the cases into few submissions: at most one case per cell, and no case next to a *bug* in a cell
    that one of its tests calls (a correct alternative there is harmless). First fit, fullest cells first,
    so the number of submissions is close to the largest number of cases of one cell."""
    def needs(case):
        return set().union(*(table.get(t, set()) for t in case.tests))

    per_cell = {}
    for case in all_cases:
        per_cell.setdefault(case.cell, []).append(case)
    ordered = [c for cell in sorted(per_cell, key=lambda k: -len(per_cell[k])) for c in per_cell[cell]]
    submissions = []
    for case in ordered:
        for sub in submissions:
            if any(other.cell == case.cell for other in sub):
                continue
            if any(other.expect == "lose" and other.cell in needs(case) for other in sub):
                continue
            if case.expect == "lose" and any(case.cell in needs(other) for other in sub):
                continue
            sub.append(case)
            break
        else:
            submissions.append([case])
    return submissions


def model_source(source):
    """A solution cell as a student who solved it would hand it in: the markers gone, the code kept."""
    return "\n".join(line for line in source.splitlines() if not MARKER.match(line))


def submission(assignment, chosen):
    """The solution notebook with every solution cell as a student hands it in, and the chosen cases."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    by_cell = {c.cell: c for c in chosen}
    found = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if gid in by_cell:
            cell.source = by_cell[gid].source
            found.add(gid)
        elif meta.get("solution") and cell.cell_type == "code":
            cell.source = model_source(cell.source)
        cell.outputs = [] if cell.cell_type == "code" else None
        if cell.cell_type != "code":
            cell.pop("outputs")
    missing = set(by_cell) - found
    assert not missing, f"{assignment}: no solution cell with grade_id {sorted(missing)}"
    return nb


def graded_tests(assignment):
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.cell_type == "code"
            and c.metadata.get("nbgrader", {}).get("grade")]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="the grading corpus needs nbgrader (pip install -e '.[instructor]')")
    root = tmp_path_factory.mktemp("corpus_course")
    nbgrader_course(root)
    return root


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corpus_covers_every_graded_task(assignment):
    judged = {}
    for case in cases(assignment):
        for test in case.tests:
            judged.setdefault(test, []).append(case.expect)
    unknown = sorted(set(judged) - set(graded_tests(assignment)))
    assert not unknown, f"{assignment}: cases name test cells that are not graded: {unknown}"
    thin = [t for t in graded_tests(assignment) if _autograded(assignment, t)
            and (judged.get(t, []).count("full") < 1 or judged.get(t, []).count("lose") < 2)]
    assert not thin, f"{assignment}: these graded tests lack 1 correct alternative and 2 bugs in the corpus: {thin}"


def _autograded(assignment, grade_id):
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return cell.cell_type == "code"  # written answers (markdown) are graded by hand


@pytest.mark.slow
# nbgrader's own gradebook code triggers SQLAlchemy autoflush warnings; they are not ours to fix.
@pytest.mark.filterwarnings("ignore:Object of type:Warning")
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corpus_is_graded_as_expected(course, assignment):
    from nbgrader.api import Gradebook

    api = TOOL.nbgrader_api(course)
    submissions = pack(cases(assignment), uses(assignment))
    students = []
    for k, chosen in enumerate(submissions):
        student = f"corpus_{k:02d}"
        folder = course / "grading" / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(assignment, chosen), folder / f"{assignment}.ipynb")
        result = api.autograde(assignment, student, force=True, create=True)
        assert result["success"], f"autograde of {student} failed:\n{result.get('log', '')}{result.get('error', '')}"
        students.append((student, chosen))
    problems = []
    with Gradebook(api.coursedir.db_url) as gradebook:
        for student, chosen in students:
            sub = gradebook.find_submission(assignment, student)
            grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
            for case in chosen:
                for test in case.tests:
                    g = grades[test]
                    ok = g.score == g.max_score if case.expect == "full" else g.score < g.max_score
                    if not ok:
                        problems.append(f"{case.name} ({case.why}): {test} scored {g.score}/{g.max_score}, "
                                        f"expected {'full marks' if case.expect == 'full' else 'a loss'}")
    assert not problems, f"{assignment}: {len(problems)} cases graded wrongly:\n" + "\n".join(problems)
