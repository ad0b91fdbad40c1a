"""Find the submissions to grade and check each one before any student code runs.

Layout (nbgrader's): ``grading/submitted/<student>/<assignment>/<notebook>.ipynb``. Everything
here only *reads* the submitted folder. nbgrader skips a notebook whose name it does not know
(a student's ``ex01_forward_pass (1).ipynb`` would score 0 without a word) and stops with a
traceback on one that is not valid JSON, so before grading:

* a notebook under the wrong file name is graded under the right one, and flagged; further
  notebooks are ignored, and flagged;
* an unreadable notebook (empty, not JSON, not a notebook) is reported with its student and file;
* a folder for an assignment that does not exist, or a file outside an assignment folder, is
  reported.

Edited and deleted nbgrader cells are left to nbgrader itself (``overwrite.py``).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

IGNORED = {".ipynb_checkpoints", "__pycache__", ".DS_Store", ".nbgrader.log"}


@dataclass
class Submission:
    """One ``<student>/<assignment>`` folder (``path``) and what the checks found."""

    student: str
    assignment: str
    path: Path
    notebooks: dict = field(default_factory=dict)  # released notebook name -> the submitted file to grade as it
    files: list = field(default_factory=list)  # other files (relative paths) to hand to nbgrader
    flags: list = field(default_factory=list)  # graded, but an instructor should look
    errors: list = field(default_factory=list)  # could not be graded
    timestamp: object = None  # from nbgrader collect's timestamp.txt, if any

    @property
    def key(self):
        return f"{self.student}/{self.assignment}"


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


@dataclass
class Problem:
    """Something under the submitted folder that cannot be graded at all."""

    student: str
    assignment: str  # or the name of the stray file; empty when it concerns the whole student folder
    message: str


def visible(path):
    return not any(part in IGNORED or part.startswith(".") for part in path.parts)


def discover(submitted, assignments):
    """List the submission folders under ``submitted``; return ``(submissions, problems)``.

    ``assignments`` are the known assignment names. ``problems`` are ``Problem``s: entries that
    cannot be graded at all (a file where a folder belongs, an unknown assignment).
    """
    submissions, problems = [], []
    submitted = Path(submitted)
    if not submitted.is_dir():
        return submissions, problems
    for student_dir in sorted(submitted.iterdir()):
        if not visible(Path(student_dir.name)):
            continue
        if not student_dir.is_dir():
            problems.append(Problem(student_dir.name, "", f"{student_dir.name} is a file, not a student folder "
                             f"(expected {submitted.name}/<student>/<assignment>/<notebook>.ipynb)"))
            continue
        student = student_dir.name
        entries = [p for p in sorted(student_dir.iterdir()) if visible(Path(p.name))]
        if not entries:
            problems.append(Problem(student, "", f"student {student}: the folder {student}/ is empty"))
        for entry in entries:
            if not entry.is_dir():
                where = f"{student}/{entry.name}"
                problems.append(Problem(student, entry.name, f"student {student}: file {where} is not inside an "
                                        f"assignment folder (expected {student}/<assignment>/{entry.name})"))
            elif entry.name not in assignments:
                problems.append(Problem(student, entry.name, f"student {student}: unknown assignment '{entry.name}' "
                                 f"(known: {', '.join(sorted(assignments)) or 'none'})"))
            else:
                submissions.append(Submission(student, entry.name, entry))
    return submissions, problems


def read_notebook(path):
    """Read a notebook, or return the reason it cannot be read (as a string)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot be read ({error.__class__.__name__})"
    if not text.strip():
        return "is empty"
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"is not valid JSON ({error.msg} at line {error.lineno})"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # noqa: BLE001 -- nbformat raises many kinds of errors
        first = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
        return f"is not a valid notebook ({first[:200]})"
    return nb


def check(sub, released):
    """Match one submission's notebooks to the released ones (``name -> notebook``); fill in its flags and errors."""
    present = sorted(p for p in sub.path.rglob("*.ipynb") if visible(p.relative_to(sub.path)))
    by_name = {p.relative_to(sub.path).as_posix()[: -len(".ipynb")]: p for p in present}
    readable, unused = {}, []
    for name, path in by_name.items():
        result = read_notebook(path)
        if isinstance(result, str):
            where = f"{sub.student}/{sub.assignment}/{path.relative_to(sub.path).as_posix()}"
            if name in released:
                sub.errors.append(f"{where} {result}")
            else:
                unused.append((name, where, result))
        else:
            readable[name] = result
    extras = {n: nb for n, nb in readable.items() if n not in released}
    for name, release in released.items():
        if name in readable:
            sub.notebooks[name] = by_name[name]
            continue
        if name in by_name:
            continue  # unreadable: already reported
        candidate = _best_candidate(extras, release)
        if candidate is None:
            sub.errors.append(f"{sub.student}/{sub.assignment}: no notebook named {name}.ipynb"
                              + (f" (found: {', '.join(sorted(p.name for p in present))})" if present else ""))
            continue
        extras.pop(candidate)
        sub.flags.append(f"wrong file name: graded {candidate}.ipynb as {name}.ipynb")
        sub.notebooks[name] = by_name[candidate]
    for name in sorted(extras):
        sub.flags.append(f"extra notebook ignored: {name}.ipynb")
    for _name, where, result in unused:
        sub.flags.append(f"extra file ignored: {where} {result}")
    if sub.notebooks and sub.errors:
        # Some notebooks of the assignment can be graded: those that cannot count 0, loudly.
        sub.flags.extend(f"{error} (scored 0)" for error in sub.errors)
        sub.errors = []
    sub.files = sorted(p.relative_to(sub.path).as_posix() for p in sub.path.rglob("*")
                       if p.is_file() and p.suffix != ".ipynb" and visible(p.relative_to(sub.path)))
    return sub


def _best_candidate(extras, release):
    """The extra notebook that holds most of the released cells' ids (or the only one there is)."""
    if not extras:
        return None
    ids = {grade_id(c) for c in release.cells if grade_id(c)}
    scored = sorted(((len(ids & {grade_id(c) for c in nb.cells}), name) for name, nb in extras.items()), reverse=True)
    best_count, best = scored[0]
    if best_count > 0 or len(extras) == 1:
        return best
    return None
