"""The end of a run: ``grading/grades.csv`` by ``nbgrader export`` (``export.py``) and the summary."""

import csv
import os
import subprocess
import sys
from dataclasses import dataclass, field

from .course import TOOLS_ROOT
from .state import FAILED, FLAGGED, GRADED, MISSING


@dataclass
class Timing:
    """Where the time of a run went."""

    total: float = 0.0
    prepare: float = 0.0  # releasing the assignments into the gradebooks
    assignments: int = 0
    graded: int = 0  # submissions graded in this run
    jobs: int = 1


@dataclass
class Summary:
    csv_path: str  # as shown to the user
    rows: list  # dicts, as written to the CSV
    problems: list = field(default_factory=list)  # messages that belong to no row
    timing: Timing = field(default_factory=Timing)
    feedback: str = ""
    logs: str = ""

    def lines(self):
        groups = {k: [r for r in self.rows if r["status"] == k] for k in (GRADED, FLAGGED, FAILED, MISSING)}
        out = ["", f"Summary ({self.csv_path}):",
               f"  graded:          {len(groups[GRADED])}",
               f"  flagged:         {len(groups[FLAGGED])}"]
        out += [f"    {r['student_id']}/{r['assignment']}: {r['flags']}" for r in groups[FLAGGED]]
        out.append(f"  failed to grade: {len(groups[FAILED])}")
        out += [f"    {r['student_id'] + '/' if r['student_id'] else ''}{r['assignment']}: {r['flags']}"
                for r in groups[FAILED]]
        if groups[MISSING]:
            out.append(f"  not submitted:   {len(groups[MISSING])} ("
                       + ", ".join(f"{r['student_id']}/{r['assignment']}" for r in groups[MISSING][:20])
                       + (", ..." if len(groups[MISSING]) > 20 else "") + ")")
        if self.problems:
            out.append("  other problems:")
            out += [f"    {p}" for p in self.problems]
        t = self.timing
        if t.graded:
            out.append(f"  time: {t.total:.1f} s: {t.prepare:.1f} s to prepare {t.assignments} assignment(s), "
                       f"then {(t.total - t.prepare) / t.graded:.1f} s per submission ({t.jobs} at a time)")
        out.append(f"  feedback: {self.feedback}/<student>/<assignment>/   logs: {self.logs}/")
        return out


def export(root, csv_path, state_path, students=(), assignments=()):
    """Run ``nbgrader export`` with ``GradesExport`` in the course ``root``; return the rows it wrote."""
    command = [sys.executable, "-m", "nbgrader", "export", "--exporter=tools.grader.export.GradesExport",
               f"--to={csv_path}", f"--GradesExport.state_file={state_path}", "--log-level=WARN"]
    command += [f"--ExportPlugin.student={s}" for s in students]
    command += [f"--ExportPlugin.assignment={a}" for a in assignments]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TOOLS_ROOT), env.get("PYTHONPATH", "")) if p)
    run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"nbgrader export failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
