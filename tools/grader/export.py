"""``GradesExport``: nbgrader's CSV export plus what ``make grade`` found (status and flags).

    nbgrader export --exporter tools.grader.export.GradesExport --to grading/grades.csv

(``nbgrader_config.py`` makes it the default exporter, so plain ``nbgrader export`` does the same.)
nbgrader's ``CsvExportPlugin`` writes one row per student and assignment *in the gradebook*, with
the scores; it cannot know about a submission that could not be graded (it is not in the
gradebook) or one that was graded with a warning, and it does not quote its fields. This plugin
writes nbgrader's columns followed by ``status``, ``needs_manual_grade`` and ``flags``, one row
per entry of ``grading/grading_state.json`` (see ``state.py``) and, when the last run had a
roster, a ``missing`` row (0 points) for each student on it who handed nothing in for an
assignment that others handed in. Without a roster there are no ``missing`` rows: the grader
cannot tell an absent student from a folder name it has never seen.
"""

import csv
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from .state import FAILED, FILE, FLAGGED, GRADED, MISSING, State

NBGRADER_FIELDS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                   "raw_score", "late_submission_penalty", "score", "max_score"]
FIELDS = NBGRADER_FIELDS + ["status", "needs_manual_grade", "flags"]
NOT_ON_ROSTER = "not on the roster (check the folder name)"


def _number(value):
    return "" if value in ("", None) else f"{float(value):g}"


def _text(value):
    return "" if value is None else str(value)


class GradesExport(ExportPlugin):
    """nbgrader's CSV columns, then the status and flags of every submission ``make grade`` saw."""

    state_file = Unicode("", help="The grader's state (default: grading/grading_state.json in the course root)"
                         ).tag(config=True)

    def _state_path(self):
        if self.state_file:
            return Path(self.state_file)
        root = getattr(getattr(self.parent, "coursedir", None), "root", ".")
        return Path(root) / "grading" / FILE

    def export(self, gradebook):
        state = State.load(self._state_path())
        students, assignments = set(map(str, self.student)), set(map(str, self.assignment))
        entries = {(e.student, e.assignment): e for e in state.entries.values()}
        known = {a.name for a in gradebook.assignments}
        if state.roster is not None:
            handed_in = {a for (_, a), e in entries.items() if a in known}
            for student in state.roster:
                for assignment in handed_in:
                    entries.setdefault((student, assignment), None)
        rows = []
        for (student, assignment), entry in sorted(entries.items()):
            if (students and student not in students) or (assignments and assignment not in assignments):
                continue
            rows.append(self._row(gradebook, student, assignment, entry, known, state.roster))
        dest = self.to or "grades.csv"
        self.log.info("Exporting %d rows to %s", len(rows), dest)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)

    def _row(self, gradebook, student, assignment, entry, known, roster):
        row = dict.fromkeys(FIELDS, "")
        row.update(student_id=student, assignment=assignment)
        try:
            person = gradebook.find_student(student)
            row.update(last_name=_text(person.last_name), first_name=_text(person.first_name),
                       email=_text(person.email))
        except MissingEntry:
            pass
        if assignment in known:
            found = gradebook.find_assignment(assignment)
            row.update(duedate=_text(found.duedate), max_score=_number(found.max_score))
        status = entry.status if entry else MISSING
        reasons = list(entry.reasons) if entry else ["nothing submitted"]
        if status in (GRADED, FLAGGED):
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                status, reasons = FAILED, reasons + ["no scores in the gradebook (run make grade again)"]
            else:
                penalty = submission.late_submission_penalty or 0.0
                row.update(timestamp=_text(submission.timestamp), raw_score=_number(submission.score),
                           late_submission_penalty=_number(penalty),
                           score=_number(max(0.0, submission.score - penalty)),
                           max_score=_number(submission.max_score),
                           needs_manual_grade="yes" if submission.needs_manual_grade else "no")
        elif status == MISSING:
            row.update(raw_score="0", late_submission_penalty="0", score="0")
        if roster is not None and student not in roster:
            reasons.append(NOT_ON_ROSTER)  # the roster is not part of the grading: checked here
            status = FLAGGED if status == GRADED else status
        row.update(status=status, flags="; ".join(reasons))
        return row
