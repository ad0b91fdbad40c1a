"""nbgrader's ``OverwriteCells``, recording what it restored so that ``make grade`` can flag it.

nbgrader 0.9's ``OverwriteCells`` (the "sanitize" step of ``nbgrader autograde``) already gives
every nbgrader cell its released type, lock and points back, the source of every locked cell
(hidden tests included), and with ``add_missing_cells`` puts deleted grade cells back after the
answer they test. It only *logs* what it did. ``FlaggingOverwriteCells`` changes nothing in that
and appends one JSON line per finding to ``flag_file``:

* ``edited``: a locked or graded cell whose type, lock, points or (for a locked cell) source
  differed from the released notebook. nbgrader also "restores" every unedited test cell that
  carries hidden tests (its released source lacks them): that is not an edit and is not recorded;
* ``restored``: a deleted grade (or task) cell that nbgrader put back;
* ``deleted``: a deleted locked code cell that is no grade cell (e.g. the setup cell): nbgrader
  does not put those back, the tests after it will fail, and an instructor should know why;
* ``unknown``: a cell whose ``grade_id`` is not in the gradebook (pasted from elsewhere).

nbgrader's ``add_missing_grade_cells`` anchors a deleted grade cell to the source cell just before
it and fails (``KeyError``) when that cell is gone too (a student who deleted a task's answer *and*
its test); the cells it could not place are then appended at the end, as nbgrader does for task
cells, so they still run and score.
"""

import copy
import json

from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells
from traitlets import Unicode


class FlaggingOverwriteCells(OverwriteCells):
    """``OverwriteCells`` that records what it restored in ``flag_file`` (JSON lines)."""

    flag_file = Unicode("", help="Where to append one JSON line per edited, restored or unknown cell.").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source = gb.find_notebook(info["notebook"], info["assignment"])
            self._kinds = {c.name: "read-only" for c in source.source_cells}
            self._kinds.update({c.name: "task" for c in source.task_cells})
            self._kinds.update({c.name: "test" for c in source.grade_cells})
            self._kinds.update({c.name: "answer" for c in source.solution_cells})
            locked_code = [c.name for c in source.source_cells if c.locked and c.cell_type == "code"]
        self._findings = {}
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        nb, resources = super().preprocess(nb, resources)
        for name in locked_code:
            if name not in present and self._kinds[name] == "read-only":
                self._record("deleted", name)
        if self.flag_file and self._findings:
            with open(self.flag_file, "a", encoding="utf-8") as handle:
                for kind, name in self._findings:
                    handle.write(json.dumps({"notebook": info["notebook"], "kind": kind, "cell": name,
                                             "cell_kind": self._kinds.get(name, "unknown")}) + "\n")
        return nb, resources

    def _record(self, kind, name):
        self._findings.setdefault((kind, name), None)  # a dict keeps the order and drops repeats

    # -- edited cells -------------------------------------------------------------------------
    def report_change(self, name, attr, old, new):
        super().report_change(name, attr, old, new)
        self._changes.append(attr)

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        submitted = cell.source
        self._changes = []
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if grade_id is None:
            return cell, resources
        if "grade_id" not in cell.metadata.get("nbgrader", {}):  # nbgrader found no such cell
            cell.metadata.nbgrader = {}  # an ordinary cell now (nbgrader's validation rejects half-metadata)
            self._record("unknown", grade_id)
            return cell, resources
        changes = set(self._changes)
        if "checksum" in changes and submitted == self._released_source(cell):
            changes.discard("checksum")  # only the hidden tests were put back
        if changes:
            self._record("edited", grade_id)
        return cell, resources

    def _released_source(self, cell):
        """The source the student was given: the restored (instructor) source without hidden tests."""
        released = copy.deepcopy(cell)
        released.metadata.nbgrader["grade"] = True  # ClearHiddenTests accepts hidden tests in grade cells only
        ClearHiddenTests(parent=self).preprocess_cell(released, {}, 0)
        return released.source

    # -- deleted cells ------------------------------------------------------------------------
    def missing_cell_transform(self, source_cell, max_score, is_solution=False, is_task=False):
        self._record("restored", source_cell.name)
        return super().missing_cell_transform(source_cell, max_score, is_solution=is_solution, is_task=is_task)

    def add_missing_grade_cells(self, nb, resources):
        try:
            return super().add_missing_grade_cells(nb, resources)
        except KeyError:  # the cell to anchor to is gone too: append what is still missing
            present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells if utils.is_grade(c)}
            source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            solutions = {c.name for c in source.solution_cells}
            by_name = {c.name: c for c in source.source_cells}
            for grade_cell in source.grade_cells:
                if grade_cell.name not in present:
                    nb.cells.append(self.missing_cell_transform(by_name[grade_cell.name], grade_cell.max_score,
                                                                is_solution=grade_cell.name in solutions))
            return nb, resources


def flags(path):
    """The flag messages of a job's ``flag_file`` (one per kind of finding), or [] when there is none."""
    try:
        lines = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    except (OSError, ValueError):
        return []
    by_kind = {}
    for finding in lines:
        by_kind.setdefault(finding["kind"], {}).setdefault(f"{finding['cell_kind']} cell '{finding['cell']}'", None)
    text = {
        "edited": "edited locked cells, the originals were used: ",
        "restored": "DELETED cells restored and run: ",
        "deleted": "DELETED read-only cells (nbgrader does not restore them; the cells after them may fail): ",
        "unknown": "copied or unknown nbgrader cells treated as ordinary cells: ",
    }
    return [text[kind] + ", ".join(cells) for kind, cells in by_kind.items() if kind in text]
