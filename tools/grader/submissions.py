"""Find the submissions to grade and check each one before any student code runs.

Layout (nbgrader's): ``grading/submitted/<student>/<assignment>/<notebook>.ipynb``. Everything
here only *reads* the submitted folder; the notebook that will be graded is a repaired copy:

* a notebook under the wrong file name (``ex01_forward_pass (1).ipynb``) is graded under the right
  one, and flagged; further notebooks are ignored, and flagged;
* an unreadable notebook (empty, not JSON, not a notebook) is reported with its student and file;
* every cell that carries an nbgrader ``grade_id`` gets the released cell's nbgrader metadata back
  (a student cannot un-grade a test or change its points), and locked cells get their released
  source back (nbgrader restores them too, hidden tests included); edits are flagged;
* a deleted test cell (or read-only code cell, or graded answer cell) is put back where it was,
  after the nearest surviving cell that preceded it, so it runs and counts; this is flagged loudly.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4.nbbase import random_cell_id

IGNORED = {".ipynb_checkpoints", "__pycache__", ".DS_Store", ".nbgrader.log"}
# The nbgrader metadata a student cannot change.
LOCKED_KEYS = ("grade", "solution", "locked", "task", "points", "grade_id")


@dataclass
class Submission:
    """One ``<student>/<assignment>`` folder (``path``) and what the checks found."""

    student: str
    assignment: str
    path: Path
    notebooks: dict = field(default_factory=dict)  # notebook name -> repaired NotebookNode
    files: list = field(default_factory=list)  # other files (relative paths) to hand to nbgrader
    flags: list = field(default_factory=list)  # graded, but an instructor should look
    errors: list = field(default_factory=list)  # could not be graded
    timestamp: object = None  # from nbgrader collect's timestamp.txt, if any

    @property
    def key(self):
        return f"{self.student}/{self.assignment}"


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def visible(path):
    return not any(part in IGNORED or part.startswith(".") for part in path.parts)


def discover(submitted, assignments):
    """List the submission folders under ``submitted``; return ``(submissions, problems)``.

    ``assignments`` are the known assignment names. ``problems`` are ``(student, assignment or
    path, message)`` for entries that cannot be graded at all (a file where a folder belongs, an
    unknown assignment).
    """
    submissions, problems = [], []
    submitted = Path(submitted)
    if not submitted.is_dir():
        return submissions, problems
    for student_dir in sorted(submitted.iterdir()):
        if not visible(Path(student_dir.name)):
            continue
        if not student_dir.is_dir():
            problems.append((student_dir.name, "", f"{student_dir.name} is a file, not a student folder "
                             f"(expected {submitted.name}/<student>/<assignment>/<notebook>.ipynb)"))
            continue
        student = student_dir.name
        entries = [p for p in sorted(student_dir.iterdir()) if visible(Path(p.name))]
        if not entries:
            problems.append((student, "", f"student {student}: the folder {student}/ is empty"))
        for entry in entries:
            if not entry.is_dir():
                problems.append((student, entry.name, f"student {student}: file {student}/{entry.name} is not inside "
                                 f"an assignment folder (expected {student}/<assignment>/{entry.name})"))
            elif entry.name not in assignments:
                problems.append((student, entry.name, f"student {student}: unknown assignment '{entry.name}' "
                                 f"(known: {', '.join(sorted(assignments)) or 'none'})"))
            else:
                submissions.append(Submission(student, entry.name, entry))
    return submissions, problems


def fingerprint(path):
    """SHA-256 over the names and contents of every visible file under ``path``."""
    digest = hashlib.sha256()
    path = Path(path)
    for file in sorted(p for p in path.rglob("*") if p.is_file() and visible(p.relative_to(path))):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


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
    """Check and repair one submission in memory; ``released`` maps notebook name -> released notebook."""
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
            sub.notebooks[name] = reconcile(readable[name], release, sub.flags)
            continue
        if name in by_name:
            continue  # unreadable: already reported
        candidate = _best_candidate(extras, release)
        if candidate is None:
            sub.errors.append(f"{sub.student}/{sub.assignment}: no notebook named {name}.ipynb"
                              + (f" (found: {', '.join(sorted(p.name for p in present))})" if present else ""))
            continue
        nb = extras.pop(candidate)
        sub.flags.append(f"wrong file name: graded {candidate}.ipynb as {name}.ipynb")
        sub.notebooks[name] = reconcile(nb, release, sub.flags)
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


def _label(cell):
    kind = "test" if _nbgrader(cell).get("grade") and not _nbgrader(cell).get("solution") else (
        "answer" if _nbgrader(cell).get("solution") else "read-only")
    return f"{kind} cell '{grade_id(cell)}'"


def reconcile(nb, release, flags):
    """Give the submitted notebook ``nb`` the released nbgrader cells back; append flags; return it."""
    nb = copy.deepcopy(nb)
    released = {grade_id(c): c for c in release.cells if grade_id(c)}
    seen, edited, foreign = set(), [], []
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        if gid not in released or gid in seen:
            # Unknown id (a pasted cell from elsewhere) or a copy of a cell: an ordinary cell now.
            del cell.metadata["nbgrader"]
            foreign.append(gid)
            continue
        seen.add(gid)
        original = released[gid]
        theirs = {k: _nbgrader(cell).get(k) for k in LOCKED_KEYS}
        ours = {k: _nbgrader(original).get(k) for k in LOCKED_KEYS}
        locked = _nbgrader(original).get("locked", False)
        changed = theirs != ours or cell.cell_type != original.cell_type or (locked and cell.source != original.source)
        if changed and (locked or _nbgrader(original).get("grade")):
            edited.append(_label(original))
        _restore(cell, original, keep_source=not locked)
    missing = [gid for gid, c in released.items() if gid not in seen and _should_restore(c)]
    for gid in missing:
        _insert(nb, release, released[gid])
    if edited:
        flags.append("edited locked cells, the originals were used: " + ", ".join(edited))
    if missing:
        flags.append("DELETED cells restored and run: " + ", ".join(_label(released[g]) for g in missing))
    if foreign:
        flags.append("copied or unknown nbgrader cells treated as ordinary cells: " + ", ".join(sorted(set(foreign))))
    return nb


def _should_restore(cell):
    meta = _nbgrader(cell)
    return bool(meta.get("grade")) or (meta.get("locked") and cell.cell_type == "code")


def _restore(cell, original, keep_source):
    if cell.cell_type != original.cell_type:
        cell.cell_type = original.cell_type
        if original.cell_type == "code":
            cell["outputs"], cell["execution_count"] = [], None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    cell.metadata["nbgrader"] = copy.deepcopy(original.metadata["nbgrader"])
    for key in ("editable", "deletable"):
        if key in original.metadata:
            cell.metadata[key] = original.metadata[key]
    if not keep_source:
        cell.source = original.source


def _insert(nb, release, original):
    """Insert a copy of a released cell after the nearest preceding cell the submission still has."""
    order = [grade_id(c) for c in release.cells if grade_id(c)]
    where = {grade_id(c): i for i, c in enumerate(nb.cells) if grade_id(c)}
    position = order.index(grade_id(original))
    cell = copy.deepcopy(original)
    if cell.cell_type == "code":
        cell["outputs"], cell["execution_count"] = [], None
    ids = {c.get("id") for c in nb.cells}
    if "id" in cell and cell["id"] in ids:
        cell["id"] = random_cell_id()
    before = [where[g] for g in order[:position] if g in where]
    after = [where[g] for g in order[position + 1:] if g in where]
    if before:
        nb.cells.insert(before[-1] + 1, cell)
    elif after:
        nb.cells.insert(after[0], cell)
    else:
        nb.cells.append(cell)  # nothing to anchor to: after all of the student's code
