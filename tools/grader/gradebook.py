"""Keep the course's gradebook (``grading/gradebook.db``) up to date with nbgrader's own steps.

A job grades in its own copy of the assignment's gradebook, which the student's code could reach.
The scores that count are saved into the course's gradebook by nbgrader's ``SaveAutoGrades`` and
``AssignLatePenalties`` (the last steps of ``nbgrader autograde``), run again here on the
autograded notebook, so that formgrader and ``nbgrader export`` find them next to any manual
grades (which ``SaveAutoGrades`` keeps, marking a changed autograde for review).
"""

import warnings
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

try:  # nbgrader's ORM code triggers SQLAlchemy warnings that say nothing about the grades
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
except ImportError:  # pragma: no cover
    pass


def record(db_url, config, assignment, student, notebooks, timestamp=None):
    """Save the auto scores of one graded submission into the gradebook at ``db_url``.

    ``notebooks`` maps each notebook name of the assignment to the path of its autograded
    notebook, or ``None`` when it was not submitted (its grades become 0, as nbgrader's
    autograde does). ``config`` is the course's nbgrader configuration (late penalties).
    """
    with Gradebook(db_url) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student, **({"timestamp": timestamp} if timestamp else {}))
        for name, path in notebooks.items():
            if path is None:
                for grade in gb.find_submission_notebook(name, assignment, student).grades:
                    grade.auto_score, grade.needs_manual_grade = 0, False
        gb.db.commit()
    for name, path in notebooks.items():
        if path is None:
            continue
        nb = nbformat.read(path, as_version=4)
        resources = {"nbgrader": {"notebook": name, "assignment": assignment, "student": student, "db_url": db_url}}
        for step in (SaveAutoGrades, AssignLatePenalties):
            step(config=config).preprocess(nb, resources)


def forget(db_url, assignment, student):
    """Remove a submission (one that can no longer be graded) so that no stale score survives."""
    if not exists(db_url):
        return
    with Gradebook(db_url) as gb:
        try:
            gb.remove_submission(assignment, student)
        except MissingEntry:
            pass


def exists(db_url):
    return db_url.startswith("sqlite:///") and Path(db_url[len("sqlite:///"):]).exists()


def submissions(db_url):
    """``{(student, assignment)}`` of every submission in the gradebook (empty when there is none yet)."""
    if not exists(db_url):
        return set()
    with Gradebook(db_url) as gb:
        return {(s.student.id, a.name) for a in gb.assignments for s in a.submissions}
