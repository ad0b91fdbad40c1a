"""`make grade` on a class of synthetic submissions, good and bad (tools/grade.py, tools/grader/).

A temporary course is built once per module: ``nbgrader_config.py`` copied from the repository, a
small synthetic assignment ``ex00_probe`` (two autograded tasks, one with a hidden test carrying a
marker string, and a manually graded written answer; its setup cell imports nnlib), plus
``ex01_forward_pass`` from ``solutions/`` with the sample submissions of ``grading/samples/``.
The synthetic class holds one student per case of the grading brief: correct, partly wrong, blank,
a hidden test failing, an infinite loop, a loop that ignores the interrupt, ``sys.exit()``,
``os._exit(1)``, a segfault through ctypes, millions of lines of output, code that deletes its
working folder, an edited test cell, a deleted test cell, a malformed and an empty notebook, a
wrong file name, an extra notebook, an unknown assignment. Everything is graded by *one* run of
``tools/grade.py`` (two at a time); the tests then read the CSV, the summary, the gradebook, the
feedback and the untouched originals. A second run checks that only changed work is regraded.
"""

import copy
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import load_tool
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytest.importorskip("nbgrader", reason="grading needs nbgrader: pip install -e '.[instructor]'")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nbgrader.preprocessors import ClearHiddenTests  # noqa: E402

from tools.grader import course as grading_course  # noqa: E402
from tools.grader import hidden, overwrite, submissions  # noqa: E402
from tools.grader.samples import ASSIGNMENT as SAMPLE_ASSIGNMENT  # noqa: E402
from tools.grader.samples import EXPECTED as SAMPLE_EXPECTED  # noqa: E402

PROBE = "ex00_probe"
MARKER = "HIDDEN_MARKER_b7e1"
TIMEOUT = 5  # seconds per cell in these tests


def _nbgrader(grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id, "schema_version": 3}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def probe_source():
    """The instructor notebook of the synthetic assignment: 2 + 3 autograded points, 1 manual point."""
    cells = [
        new_markdown_cell("# Probe\n\nA synthetic assignment for the grading tests.",
                          metadata=_nbgrader("intro", locked=True)),
        new_code_cell("import numpy as np\n\nfrom nnlib.activations import relu",
                      metadata=_nbgrader("setup", locked=True)),
        new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                      metadata=_nbgrader("double", solution=True)),
        new_code_cell("assert double(2) == 4, 'double(2) should be 4'\n"
                      "### BEGIN HIDDEN TESTS\n"
                      f"assert double(3) == 6, '{MARKER}: double(3) must be 6'\n"
                      f"secret_{MARKER} = [double(x) for x in range(5)]\n"
                      "### END HIDDEN TESTS",
                      metadata=_nbgrader("test_double", grade=True, locked=True, points=2)),
        new_code_cell("def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION",
                      metadata=_nbgrader("square", solution=True)),
        new_code_cell("assert square(3) == 9\nassert np.allclose(square(relu(np.arange(-1.0, 3.0))), [0, 0, 1, 4])",
                      metadata=_nbgrader("test_square", grade=True, locked=True, points=3)),
        new_markdown_cell("Why is 4 = 2 + 2? (1 point, graded by hand)", metadata=_nbgrader("question", locked=True)),
        new_markdown_cell("### BEGIN SOLUTION\nBecause.\n### END SOLUTION",
                          metadata=_nbgrader("answer", grade=True, solution=True, points=1)),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


GOOD = {"double": "def double(x):\n    return 2 * x", "square": "def square(x):\n    return x * x",
        "answer": "Because two and two make four."}
# Deletes everything in its working folder and the folders above it, as far as the grader's
# temporary folder (named grade-...): never further, so that this test cannot harm the machine.
VANDAL = """import pathlib
import shutil

here = pathlib.Path.cwd()
for folder in [here, *here.parents]:
    if not any(part.startswith("grade-") for part in folder.parts[:-1]):
        break
    for path in folder.iterdir():
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
here.mkdir(parents=True, exist_ok=True)
(here / "junk.txt").write_text("junk")
(here / "evil.ipynb").write_text("{}")


def double(x):
    return 2 * x"""
STUCK = """while True:
    try:
        while True:
            pass
    except BaseException:
        pass"""

# student: (answer sources, cells to delete, file name, expected status, score, text expected in the flags)
CASES = {
    "full": (GOOD, (), None, "graded", 5, ""),
    "partial": ({**GOOD, "square": "def square(x):\n    return 2 * x"}, (), None, "graded", 2, ""),
    "blank": ({}, (), None, "graded", 0, ""),
    "hidden_fail": ({**GOOD, "double": "def double(x):\n    return 4 if x == 2 else 0"}, (), None, "graded", 3, ""),
    "loop": ({**GOOD, "double": "while True:\n    pass"}, (), None, "flagged", 3, "timed out"),
    "stuck": ({**GOOD, "double": STUCK}, (), None, "flagged", 3, "ignored the interrupt"),
    "sys_exit": ({**GOOD, "square": "import sys\nsys.exit(1)"}, (), None, "graded", 2, ""),
    "os_exit": ({**GOOD, "double": GOOD["double"] + "\n\nimport os\nos._exit(1)"}, (), None, "flagged", 3,
                "killed the kernel"),
    "segfault": ({**GOOD, "square": "import ctypes\nctypes.string_at(0)"}, (), None, "flagged", 2,
                 "killed the kernel"),
    "flood": ({**GOOD, "double": GOOD["double"] + '\nprint("flood\\n" * 3_000_000)\nfor i in range(100_000):\n'
               "    print(i)"}, (), None, "graded", 5, ""),
    "vandal": ({**GOOD, "double": VANDAL}, (), None, "graded", 5, ""),
    "edited_test": ({**GOOD, "square": "def square(x):\n    return 2 * x", "test_square": "pass"}, (), None,
                    "flagged", 2, "edited locked cells"),
    # Restored, the deleted test runs and passes (5 points); deleted silently, it would score 2.
    "deleted_test": (GOOD, ("test_square",), None, "flagged", 5,
                     "DELETED cells restored and run: test cell 'test_square'"),
    "wrong_name": (GOOD, (), "ex00_probe-Copy1.ipynb", "flagged", 5, "wrong file name"),
    "late": (GOOD, (), None, "graded", 5, ""),  # with nbgrader collect's timestamp.txt
    "bad_stamp": (GOOD, (), None, "flagged", 5, "timestamp.txt is not a date"),
    "extra_nb": (GOOD, (), None, "flagged", 5, "extra notebook ignored: scratch.ipynb"),
    "malformed": (GOOD, (), None, "failed", None, "malformed/ex00_probe/ex00_probe.ipynb is not valid JSON"),
    "empty": (GOOD, (), None, "failed", None, "empty/ex00_probe/ex00_probe.ipynb is empty"),
}




def make_submission(release, sources, delete=()):
    nb = copy.deepcopy(release)
    nb.cells = [c for c in nb.cells if submissions.grade_id(c) not in delete]
    for cell in nb.cells:
        if submissions.grade_id(cell) in sources:
            cell.source = sources[submissions.grade_id(cell)]
    return nb


def tree_digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def grade(root, *args):
    command = [sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root), "--timeout", str(TIMEOUT),
               "--jobs", "2", "--submission-timeout", "300", *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    return run


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The temporary course, graded once: (root, first run, CSV rows, digest of the originals)."""
    pytest.importorskip("nbgrader")
    root = tmp_path_factory.mktemp("grading-course")
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "solutions" / PROBE).mkdir(parents=True)
    nbformat.write(probe_source(), root / "solutions" / PROBE / f"{PROBE}.ipynb")
    samples = (ROOT / "solutions" / SAMPLE_ASSIGNMENT).is_dir()
    if samples:
        shutil.copytree(ROOT / "solutions" / SAMPLE_ASSIGNMENT, root / "solutions" / SAMPLE_ASSIGNMENT)
    load_tool("exercises").generate(root, quiet=True)
    release = nbformat.read(root / "exercises" / PROBE / f"{PROBE}.ipynb", as_version=4)
    submitted = root / "grading" / "submitted"
    for student, (sources, delete, filename, *_) in CASES.items():
        folder = submitted / student / PROBE
        folder.mkdir(parents=True)
        path = folder / (filename or f"{PROBE}.ipynb")
        nb = make_submission(release, sources, delete)
        if student == "edited_test":  # also claims 100 points for the test and unlocks it
            cell = next(c for c in nb.cells if submissions.grade_id(c) == "test_square")
            cell.metadata.nbgrader.update(points=100, locked=False)
        if student == "malformed":
            text = nbformat.writes(nb)
            path.write_text(text[: len(text) // 3])
        elif student == "empty":
            path.write_bytes(b"")
        else:
            nbformat.write(nb, path)
        if student in ("late", "bad_stamp"):
            stamp = "2026-01-31 23:59:59.000000 UTC" if student == "late" else "the night before the deadline"
            (folder / "timestamp.txt").write_text(stamp)
        if student == "extra_nb":
            nbformat.write(make_submission(release, {}), folder / "scratch.ipynb")
    (submitted / "typo" / "ex00_porbe").mkdir(parents=True)  # an assignment that does not exist
    nbformat.write(make_submission(release, GOOD), submitted / "typo" / "ex00_porbe" / f"{PROBE}.ipynb")
    if samples:
        for student_dir in (ROOT / "grading" / "samples" / "submitted").iterdir():
            shutil.copytree(student_dir, submitted / student_dir.name)
    before = tree_digest(submitted)
    run = grade(root)
    return {"root": root, "run": run, "rows": read_csv(root / "grading" / "grades.csv"), "before": before,
            "samples": samples}


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(CASES))
def test_each_submission_gets_its_grade_and_flag(course, student):
    *_, status, score, flag = CASES[student]
    row = course["rows"][(student, PROBE)]
    assert row["status"] == status, row
    assert row["max_score"] == "6", row
    assert row["score"] == ("" if score is None else f"{score:g}"), row
    assert flag in row["flags"], row
    if status == "graded":
        assert row["flags"] == "", row


@pytest.mark.slow
def test_written_answers_wait_for_manual_grading(course):
    rows = course["rows"]
    assert rows[("full", PROBE)]["needs_manual_grade"] == "yes"  # an answer was written
    assert rows[("blank", PROBE)]["needs_manual_grade"] == "no"  # nothing written: 0, nothing to grade


@pytest.mark.slow
def test_unknown_assignment_is_reported(course):
    row = course["rows"][("typo", "ex00_porbe")]
    assert row["status"] == "failed" and "unknown assignment 'ex00_porbe'" in row["flags"], row
    assert "typo: unknown assignment 'ex00_porbe'" in course["run"].stdout


@pytest.mark.slow
def test_summary_lists_graded_flagged_and_failed(course):
    out = course["run"].stdout
    rows = course["rows"].values()
    for status, label in [("graded", "graded:"), ("flagged", "flagged:"), ("failed", "failed to grade:")]:
        count = sum(row["status"] == status for row in rows)
        assert f"{label:<17}{count}" in out, out[-3000:]
    for student in ("loop", "deleted_test", "malformed", "empty"):
        assert f"{student}/{PROBE}: " in out.split("Summary")[1]


@pytest.mark.slow
def test_originals_and_other_students_survive(course):
    root = course["root"]
    submitted = root / "grading" / "submitted"
    assert tree_digest(submitted) == course["before"], "grading changed the submitted files"
    graded = [key for key, row in course["rows"].items() if row["status"] in ("graded", "flagged")]
    for student, assignment in graded:
        assert (root / "grading" / "autograded" / student / assignment / f"{assignment}.ipynb").is_file()
        assert (root / "grading" / "feedback" / student / assignment / f"{assignment}.html").is_file()
    for junk in ("junk.txt", "evil.ipynb"):
        assert not list((root / "grading").rglob(junk)), "files written by student code were copied back"


@pytest.mark.slow
def test_feedback_never_shows_hidden_tests(course):
    feedback = sorted((course["root"] / "grading" / "feedback").rglob("*.html"))
    assert feedback
    for path in feedback:
        text = path.read_text()
        assert MARKER not in text and "BEGIN HIDDEN TESTS" not in text, path
    failed = (course["root"] / "grading" / "feedback" / "hidden_fail" / PROBE / f"{PROBE}.html").read_text()
    assert hidden.HIDDEN_FAILED in failed and hidden.PLACEHOLDER in failed
    # ... while the hidden tests did run: the autograded notebook (for the instructor) keeps them.
    autograded = course["root"] / "grading" / "autograded" / "hidden_fail" / PROBE / f"{PROBE}.ipynb"
    assert MARKER in autograded.read_text()


def secret_lines(solution):
    """Lines (12+ characters) that appear only inside the hidden-test regions of a solution notebook."""
    hidden_lines, visible_lines = set(), set()
    for cell in nbformat.read(solution, as_version=4).cells:
        inside = False
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
                continue
            (hidden_lines if inside else visible_lines).add(line.strip())
    return {line for line in hidden_lines - visible_lines if len(line) >= 12}


@pytest.mark.slow
def test_feedback_quotes_no_hidden_line(course):
    """No line unique to a hidden test appears in any feedback, as rendered text."""
    import html
    import re

    for solution in sorted((course["root"] / "solutions").glob("*/*.ipynb")):
        secret = secret_lines(solution)
        assignment = solution.parent.name
        for path in sorted((course["root"] / "grading" / "feedback").glob(f"*/{assignment}/*.html")):
            text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))
            assert not [line for line in secret if line in text], path


@pytest.mark.slow
def test_output_flood_is_truncated(course):
    path = course["root"] / "grading" / "autograded" / "flood" / PROBE / f"{PROBE}.ipynb"
    assert path.stat().st_size < 300_000, f"{path.stat().st_size} bytes"
    assert "output truncated" in path.read_text()
    # The grading process never kept the 18 MB of output: measured, its peak memory grows by about 60 MB
    # (decoding the messages) over a plain grading, against about 270 MB with no limit (--max-output=-1).
    state = json.loads((course["root"] / "grading" / "grading_state.json").read_text())["entries"]
    peaks = {key: entry["max_rss_mb"] for key, entry in state.items() if entry.get("max_rss_mb")}
    assert peaks[f"flood/{PROBE}"] < min(peaks.values()) + 150, peaks


@pytest.mark.slow
def test_gradebook_holds_the_same_scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course['root'] / 'grading' / 'gradebook.db'}") as gb:
        assert gb.find_assignment(PROBE).max_score == 6
        totals = {(s.student.id, a.name): s.score for a in gb.assignments for s in a.submissions}
    for (student, assignment), row in course["rows"].items():
        if row["status"] in ("graded", "flagged"):
            assert f"{totals[(student, assignment)]:g}" == row["score"], (student, assignment)
        else:
            assert (student, assignment) not in totals


@pytest.mark.slow
def test_no_missing_rows_without_a_roster(course):
    """Without a roster the grader cannot tell an absent student from an unknown one: no 'missing' rows."""
    assert not [key for key, row in course["rows"].items() if row["status"] == "missing"]
    assert ("alice", PROBE) not in course["rows"] and ("full", SAMPLE_ASSIGNMENT) not in course["rows"]


@pytest.mark.slow
def test_collect_timestamps_reach_the_gradebook(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course['root'] / 'grading' / 'gradebook.db'}") as gb:
        assert gb.find_submission(PROBE, "late").timestamp.isoformat().startswith("2026-01-31T23:59:59")


@pytest.mark.slow
def test_root_gets_a_warning(course):
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    assert ("WARNING: grading as root" in course["run"].stderr) == as_root


@pytest.mark.slow
def test_sample_submissions_grade_as_documented(course):
    if not course["samples"]:
        pytest.skip(f"solutions/{SAMPLE_ASSIGNMENT} does not exist yet")
    rows = course["rows"]
    for student, (status, score) in SAMPLE_EXPECTED.items():
        row = rows[(student, SAMPLE_ASSIGNMENT)]
        assert row["status"] == status, (
            f"{row}: the samples are out of date; run `python tools/grader/samples.py` and check the table there")
        assert row["score"] == ("" if score is None else f"{score:g}"), row


@pytest.fixture
def regraded(course, tmp_path):
    """A copy of the graded course, for tests that change submissions and grade again."""
    root = tmp_path / "course"
    shutil.copytree(course["root"], root)
    return root


@pytest.mark.slow
def test_rerun_grades_only_what_changed(course, regraded):
    """A second `make grade` with a roster regrades one edited submission only."""
    root = regraded
    path = root / "grading" / "submitted" / "partial" / PROBE / f"{PROBE}.ipynb"
    release = nbformat.read(root / "exercises" / PROBE / f"{PROBE}.ipynb", as_version=4)
    nbformat.write(make_submission(release, GOOD), path)  # the student fixed the answer
    roster = root / "roster.csv"
    students = sorted({s for s, _ in course["rows"]} - {"full"} | {"absent"})
    roster.write_text("id,first_name,last_name,email\n" + "".join(f"{s},,,\n" for s in students))
    run = grade(root, "--roster", str(roster))
    assert "Grading 1 submission(s)" in run.stdout, run.stdout[-3000:]
    rows = read_csv(root / "grading" / "grades.csv")
    assert rows[("partial", PROBE)]["score"] == "5"
    assert rows[("absent", PROBE)]["status"] == "missing" and rows[("absent", PROBE)]["score"] == "0"
    assert rows[("full", PROBE)]["status"] == "flagged" and "not on the roster" in rows[("full", PROBE)]["flags"]
    unchanged = {k: v for k, v in course["rows"].items() if k[0] not in ("partial", "full")}
    assert all(rows[k] == v for k, v in unchanged.items())


# -- fast unit tests ---------------------------------------------------------------------------
def test_hidden_lines_are_redacted_by_position_not_by_text():
    """A visible line that repeats a hidden line stays; the hidden failing line and its message go."""
    source = "x = 1\nassert x == 1\n### BEGIN HIDDEN TESTS\nassert x == 1\nassert x == 2, 'secret detail'\n" \
             "### END HIDDEN TESTS"
    cell = new_code_cell(source, execution_count=7, metadata=_nbgrader("t", grade=True, locked=True, points=1))
    traceback = ["---------", "AssertionError   Traceback (most recent call last)",
                 "Cell In[7], line 5\n      1 x = 1\n      2 assert x == 1\n      3 ### BEGIN HIDDEN TESTS\n"
                 "      4 assert x == 1\n----> 5 assert x == 2, 'secret detail'\n      6 ### END HIDDEN TESTS",
                 "AssertionError: secret detail"]
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="secret detail",
                                           traceback=traceback)]
    nb = new_notebook(cells=[cell])
    nb, _ = hidden.HideHiddenTests().preprocess(nb, {})
    text = "\n".join(nb.cells[0].outputs[0]["traceback"])
    assert "secret" not in text and "x == 2" not in text and "HIDDEN" not in text
    assert "      2 assert x == 1" in text and "      4 assert x == 1" not in text
    assert nb.cells[0].source == "x = 1\nassert x == 1\n" + hidden.PLACEHOLDER


def _sanitize(tmp_path, nb):
    """nbgrader's OverwriteCells (``add_missing_cells``) as ``make grade`` runs it on one probe submission."""
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    source = tmp_path / "src"
    (source / "solutions" / PROBE).mkdir(parents=True)
    nbformat.write(probe_source(), source / "solutions" / PROBE / f"{PROBE}.ipynb")
    config = grading_course.load_course_config(ROOT)
    config.CourseDirectory.source_directory = "solutions"
    grading_course.release(config, source, PROBE, tmp_path / "release", db)
    flag_file = tmp_path / "flags.jsonl"
    step = overwrite.FlaggingOverwriteCells(add_missing_cells=True, flag_file=str(flag_file))
    resources = {"nbgrader": {"notebook": PROBE, "assignment": PROBE, "student": "s", "db_url": db}}
    nb, _ = step.preprocess(nb, resources)
    return nb, overwrite.flags(flag_file)


def _released():
    nb = nbformat.reads(nbformat.writes(probe_source()), as_version=4)
    nb, _ = ClearHiddenTests().preprocess(nb, {})
    return nb


def test_deleted_and_edited_cells_are_restored_and_flagged(tmp_path):
    nb = make_submission(_released(), {**GOOD, "test_square": "pass"}, delete=("test_double", "setup"))
    fixed, flags = _sanitize(tmp_path, nb)
    ids = [submissions.grade_id(c) for c in fixed.cells]
    assert ids[ids.index("double") + 1] == "test_double"  # back after the answer it tests
    restored = fixed.cells[ids.index("test_double")]
    assert MARKER in restored.source  # with its hidden tests, so they run
    assert fixed.cells[ids.index("test_square")].source.startswith("assert square(3) == 9")
    assert "setup" not in ids  # nbgrader restores grade cells only: flagged instead
    text = " | ".join(flags)
    assert "DELETED cells restored and run: test cell 'test_double'" in text
    assert "edited locked cells, the originals were used: test cell 'test_square'" in text
    assert "DELETED read-only cells" in text and "'setup'" in text
    assert "test_double" not in text.split("edited")[1].split("|")[0]  # its hidden tests put back: no edit


def test_unedited_cells_raise_no_flag(tmp_path):
    fixed, flags = _sanitize(tmp_path, make_submission(_released(), GOOD))
    assert flags == []
    assert MARKER in "".join(c.source for c in fixed.cells)  # the hidden tests are back for grading


def test_a_test_deleted_with_its_answer_is_still_run(tmp_path):
    """nbgrader anchors a deleted test to the cell before it; when that is gone too, it goes at the end."""
    nb = make_submission(_released(), GOOD, delete=("double", "test_double"))
    fixed, flags = _sanitize(tmp_path, nb)
    ids = [submissions.grade_id(c) for c in fixed.cells]
    assert "test_double" in ids and "test cell 'test_double'" in " ".join(flags)


def test_discover_reports_stray_files_and_unknown_assignments(tmp_path):
    (tmp_path / "ann" / PROBE).mkdir(parents=True)
    (tmp_path / "ann" / "notes.ipynb").write_text("{}")
    (tmp_path / "ann" / "ex99").mkdir()
    (tmp_path / "README.txt").write_text("")
    subs, problems = submissions.discover(tmp_path, {PROBE})
    assert [s.key for s in subs] == [f"ann/{PROBE}"]
    messages = " | ".join(p.message for p in problems)
    assert "unknown assignment 'ex99'" in messages and "ann/notes.ipynb is not inside" in messages
    assert "README.txt is a file, not a student folder" in messages


def test_course_config_gives_nbgrader_by_hand_the_graders_steps():
    """`nbgrader generate_feedback` run by hand (after manual grading) must hide hidden tests too."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    steps = config.GenerateFeedback.preprocessors
    assert any(step.__name__ == "HideHiddenTests" for step in steps), steps
    # ... and restore deleted test cells, and export what `make grade` exports
    assert config.OverwriteCells.add_missing_cells is True
    assert config.ExportApp.plugin_class == "tools.grader.export.GradesExport"


@pytest.mark.slow
def test_a_submission_over_its_time_limit_is_stopped(regraded):
    """A notebook that sleeps in every cell is killed with its kernel."""
    import psutil

    root = regraded
    release = nbformat.read(root / "exercises" / PROBE / f"{PROBE}.ipynb", as_version=4)
    folder = root / "grading" / "submitted" / "slowpoke" / PROBE
    folder.mkdir(parents=True)
    nbformat.write(make_submission(release, {"double": "import time\ntime.sleep(60)"}), folder / f"{PROBE}.ipynb")
    run = grade(root, "--student", "slowpoke", "--submission-timeout", "4", "--timeout", "60")
    row = read_csv(root / "grading" / "grades.csv")[("slowpoke", PROBE)]
    assert row["status"] == "failed" and "--submission-timeout" in row["flags"], (row, run.stdout[-2000:])
    leftovers = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel_launcher" in " ".join(proc.info["cmdline"] or []) and "/grade-" in proc.cwd():
                leftovers.append(proc.pid)
        except (psutil.Error, OSError):
            pass
    assert not leftovers, f"kernels left running: {leftovers}"
