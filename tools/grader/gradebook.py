"""Read scores out of an autograded notebook and keep the course's gradebook up to date.

The scores are computed from the autograded notebook exactly as nbgrader's ``SaveAutoGrades``
does (``nbgrader.utils.determine_grade``), not read from the temporary gradebook the student's
code could reach, and are written into the real gradebook (``grading/gradebook.db``), where
nbgrader's formgrader and ``nbgrader export`` find them next to any manual grades.
"""

import logging
import warnings
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry

from .execute import KERNEL_DIED, KERNEL_UNRESPONSIVE, NOT_RUN, TIMEOUT

log = logging.getLogger("grading")

try:  # nbgrader's ORM code triggers SQLAlchemy warnings that say nothing about the grades
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
except ImportError:  # pragma: no cover
    pass


def notebook_scores(path):
    """``{grade_id: (auto_score or None, max_score)}`` and ``{grade_id: auto_comment}`` of one notebook."""
    nb = nbformat.read(path, as_version=4)
    grades, comments = {}, {}
    for cell in nb.cells:
        if utils.is_grade(cell):
            grades[cell.metadata.nbgrader["grade_id"]] = utils.determine_grade(cell, log)
        if utils.is_solution(cell) or utils.is_task(cell):
            unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
            comments[cell.metadata.nbgrader["grade_id"]] = (
                "No response." if unchanged and not utils.is_task(cell) else None)
    return grades, comments


def events(path, timeout):
    """What went wrong while the notebook ran, one line per kind (read from the error outputs)."""
    nb = nbformat.read(path, as_version=4)
    found = {TIMEOUT: [], KERNEL_DIED: [], KERNEL_UNRESPONSIVE: [], NOT_RUN: []}
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        label = cell.metadata.get("nbgrader", {}).get("grade_id") or f"#{index}"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in found:
                found[output["ename"]].append(label)
                break
    text = {
        TIMEOUT: f"timed out after {timeout} s (interrupted, scored as an error)",
        KERNEL_DIED: "killed the kernel (a new kernel re-ran the cells before it)",
        KERNEL_UNRESPONSIVE: f"ran over {timeout} s and ignored the interrupt (kernel replaced)",
        NOT_RUN: "not run: the kernel failed too often",
    }
    return [f"cells {', '.join(labels)}: {text[kind]}" if len(labels) > 1 else f"cell {labels[0]}: {text[kind]}"
            for kind, labels in found.items() if labels]


def sync_student(gb, student, info):
    gb.update_or_create_student(student, **{k: v for k, v in (info or {}).items() if v})


def record(db_url, assignment, student, notebooks, timestamp=None, student_info=None):
    """Write the auto scores of one graded submission into the gradebook at ``db_url``.

    ``notebooks`` maps each notebook name of the assignment to the path of its autograded
    notebook, or ``None`` when it was not submitted (its grades become 0, as in nbgrader).
    Manual scores already in the gradebook are kept; as nbgrader does, a cell whose autograde
    changed under a manual score is marked for review.
    """
    with Gradebook(db_url) as gb:
        sync_student(gb, student, student_info)
        kwargs = {"timestamp": timestamp} if timestamp else {}
        gb.update_or_create_submission(assignment, student, **kwargs)
        for name, path in notebooks.items():
            submitted = gb.find_submission_notebook(name, assignment, student)
            if path is None:
                for grade in submitted.grades:
                    grade.auto_score, grade.needs_manual_grade = 0, False
                continue
            grades, comments = notebook_scores(path)
            for grade in submitted.grades:
                auto = grades[grade.name][0] if grade.name in grades else 0
                grade.auto_score = auto
                grade.needs_manual_grade = grade.manual_score is not None or auto is None
            for comment in submitted.comments:
                comment.auto_comment = comments.get(comment.name)
        gb.db.commit()


def total(db_url, assignment, student):
    """(score, max_score) of one submission in the gradebook."""
    with Gradebook(db_url) as gb:
        submission = gb.find_submission(assignment, student)
        return submission.score, submission.max_score


def forget(db_url, assignment, student):
    """Remove a submission (one that can no longer be graded) so that no stale score survives."""
    with Gradebook(db_url) as gb:
        try:
            gb.remove_submission(assignment, student)
        except MissingEntry:
            pass


def totals(db_url):
    """``{(student, assignment): (score, max_score, needs_manual_grade)}`` for every submission."""
    out, max_scores = {}, {}
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            max_scores[assignment.name] = assignment.max_score
            for submission in assignment.submissions:
                out[(submission.student.id, assignment.name)] = (
                    submission.score, submission.max_score, bool(submission.needs_manual_grade))
    return out, max_scores


def db_exists(db_url):
    return db_url.startswith("sqlite:///") and Path(db_url[len("sqlite:///"):]).exists()
