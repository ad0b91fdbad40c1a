"""``make grade``: autograde every submission, write feedback and ``grading/grades.csv``.

    python tools/grade.py                        # what `make grade` runs
    python tools/grade.py --force                # regrade everything, changed or not
    python tools/grade.py --jobs 2 --timeout 30  # two submissions at a time, 30 s per cell
    python tools/grade.py --roster roster.csv    # students from a roster (id,first_name,last_name,email)
    python tools/grade.py --student alice --assignment ex01_forward_pass

For every ``grading/submitted/<student>/<assignment>/`` (folders as configured in
``nbgrader_config.py``): check the notebooks, autograde a copy in a throw-away course with a
per-cell timeout (``nbgrader autograde``, in a subprocess with a time limit), write HTML feedback
without hidden tests (``nbgrader generate_feedback``) to ``grading/feedback/``, save the scores in
``grading/gradebook.db`` (nbgrader's ``SaveAutoGrades``), and at the end export
``grading/grades.csv`` (``nbgrader export``) and print a summary: graded, flagged (with reasons),
failed to grade. A submission whose files, assignment source and grading settings have not changed
since the last run is not graded again (``--force`` regrades it).
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import course, execute, gradebook, overwrite, report, submissions
from .job import FLAG_FILE, JobResult, JobSpec
from .pool import Job, Pool
from .state import FAILED, FILE, FLAGGED, GRADED, Entry, State, fingerprint

ROOT_WARNING = (
    "WARNING: grading as root. Autograding runs every student's code with the rights of the user who "
    "runs it: as root, a submission can read or change anything on this machine. Grade as an "
    "unprivileged user, in a container or a separate account per grading run (README: For instructors)."
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="tools/grade.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=course.TOOLS_ROOT,
                        help="course folder holding nbgrader_config.py (default: this repository)")
    parser.add_argument("--submitted", type=Path,
                        help="folder of <student>/<assignment>/ submissions (default: from nbgrader_config.py)")
    parser.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    parser.add_argument("--student", action="append", default=[], help="grade only this student (repeatable)")
    parser.add_argument("--assignment", action="append", default=[], help="grade only this assignment (repeatable)")
    parser.add_argument("--roster", type=Path, help="CSV with an 'id' column (and first_name, last_name, email), "
                        "imported with `nbgrader db student import`")
    parser.add_argument("--timeout", type=int, help="seconds per cell (default: Execute.timeout in nbgrader_config.py)")
    parser.add_argument("--submission-timeout", type=int, default=900,
                        help="seconds for one whole submission before it is stopped and reported (default: 900)")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="submissions graded at the same time (default: 1)")
    parser.add_argument("--memory-limit", type=int, default=4096,
                        help="address-space limit of a grading process and its kernel, in MiB (0: none)")
    parser.add_argument("--max-output", type=int, default=200_000, help="output characters kept per cell while it runs")
    parser.add_argument("--csv", type=Path, help="where to write the grades (default: grading/grades.csv)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print the summary only")
    return parser.parse_args(argv)


# -- file helpers -------------------------------------------------------------------------------
def remove_tree(path):
    def unlock(func, name, _):
        try:
            os.chmod(os.path.dirname(name), 0o700)
            os.chmod(name, 0o700)
            func(name)
        except OSError:
            pass

    if Path(path).exists():  # student code may leave read-only folders behind
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=unlock)
        else:
            shutil.rmtree(path, onerror=unlock)


def replace_tree(src, dst, names):
    """Make ``dst`` hold copies of the files ``names`` of ``src`` (and nothing else: not what student code wrote)."""
    remove_tree(dst)
    for name in names:
        file = Path(src) / name
        if file.is_file() and not file.is_symlink():
            dst.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dst / name)


def read_roster_ids(path):
    """The ``id`` column of a roster (what ``nbgrader db student import`` requires)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if "id" not in [name.strip() for name in reader.fieldnames or []]:
            raise SystemExit(f"{path}: a roster needs a header with an 'id' column (and optionally "
                             "first_name, last_name, email), as for `nbgrader db student import`")
        return sorted({row["id"].strip() for row in reader if (row.get("id") or "").strip()})


def cell_labels(nb):
    """(grade_id, source) of the nbgrader cells: what must match between exercises/ and solutions/."""
    return [(submissions.grade_id(c), c.source) for c in nb.cells if submissions.grade_id(c)]


@dataclass
class Prepared:
    """An assignment released once per run: a template gradebook to copy per submission."""

    folder: Path  # temporary; removed at the end of the run
    db: Path
    released: dict  # notebook name -> released NotebookNode


@dataclass
class Pending:
    """A submission handed to the pool."""

    sub: submissions.Submission
    fingerprint: str
    job: Job
    released: dict


class Grading:
    """One run of ``make grade`` over a course folder."""

    def __init__(self, args):
        self.args = args
        self.root = args.root.resolve()
        self.config = course.load_course_config(self.root)
        cd = self.config.get("CourseDirectory", {})
        self.dirs = course.course_dirs(self.config, self.root)
        self.submitted = (args.submitted or self.dirs["submitted"]).resolve()
        self.db_url = cd.get("db_url", f"sqlite:///{self.root / 'gradebook.db'}")
        self.release_dir = self.root / cd.get("release_directory", "release")
        source = self.root / cd.get("source_directory", "source")
        self.assignments = {p.name: p for p in sorted(source.iterdir()) if p.is_dir() and not p.name.startswith(".")
                            and any(p.glob("*.ipynb"))} if source.is_dir() else {}
        self.work = self.root / "grading"
        self.work.mkdir(exist_ok=True)
        self.csv_path = (args.csv or self.work / "grades.csv").resolve()
        self.state_path = self.work / FILE
        self.state = State.load(self.state_path)
        self.timeout = args.timeout or self.config.get("Execute", {}).get("timeout", 30)
        self.prepared = {}  # assignment -> Prepared, or the error message
        self.problems = []  # messages that belong to no student/assignment row
        self.timing = report.Timing(jobs=args.jobs)
        self.done = 0
        self.total = 0

    def say(self, text):
        if not self.args.quiet:
            print(text, flush=True)

    def rel(self, path):
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def settings(self):
        return {"timeout": self.timeout, "max_output": self.args.max_output, "memory": self.args.memory_limit}

    # -- per assignment -------------------------------------------------------------------------
    def prepare(self, assignment):
        """Release the assignment into a template gradebook (and the course's gradebook) once per run."""
        if assignment in self.prepared:
            return self.prepared[assignment]
        started = time.monotonic()
        folder = Path(tempfile.mkdtemp(prefix=f"grade-{assignment}-"))
        try:
            db = folder / "gradebook.db"
            shutil.copyfile(course.blank_gradebook(self.work), db)
            released_dir = course.release(self.config, self.root, assignment, folder / "t", f"sqlite:///{db}")
            released = {p.stem: nbformat.read(p, as_version=4) for p in sorted(released_dir.glob("*.ipynb"))}
            # The same cells and points in the course's own gradebook (for formgrader and export).
            course.release(self.config, self.root, assignment, folder / "m", self.db_url)
        except Exception as error:  # noqa: BLE001
            remove_tree(folder)
            self.prepared[assignment] = f"could not prepare assignment {assignment}: {error}"
            return self.prepared[assignment]
        for name, nb in released.items():
            shipped = self.release_dir / assignment / f"{name}.ipynb"
            if shipped.exists() and cell_labels(nbformat.read(shipped, as_version=4)) != cell_labels(nb):
                self.problems.append(f"note: {shipped.relative_to(self.root)} differs from what "
                                     f"solutions/ generates now; grading uses solutions/ (run `make exercises`)")
        self.prepared[assignment] = Prepared(folder, db, released)
        self.timing.prepare += time.monotonic() - started
        self.timing.assignments += 1
        return self.prepared[assignment]

    # -- per submission -------------------------------------------------------------------------
    def outputs(self, student, assignment):
        return (self.dirs["autograded"] / student / assignment, self.dirs["feedback"] / student / assignment,
                self.work / "logs" / student / f"{assignment}.log")

    def finish(self, entry):
        self.state.put(entry)
        self.state.save(self.state_path)
        self.done += 1
        if entry.status == FAILED:
            detail = "FAILED: " + "; ".join(entry.errors)
        else:
            detail = entry.status + (": " + "; ".join(entry.flags) if entry.flags else "")
        seconds = f" ({entry.seconds:.1f} s)" if entry.seconds else ""
        self.say(f"[{self.done}/{self.total}] {entry.key}: {detail}{seconds}")

    def fail(self, sub, fp, errors, flags=(), **stats):
        gradebook.forget(self.db_url, sub.assignment, sub.student)
        autograded, feedback, _ = self.outputs(sub.student, sub.assignment)
        remove_tree(autograded)
        remove_tree(feedback)
        self.finish(Entry(sub.student, sub.assignment, FAILED, list(flags), list(errors), fp, **stats))

    def launch(self, sub, fp):
        """Check one submission and set up its job; return a ``Pending``, or None if it was settled here."""
        prepared = self.prepare(sub.assignment)
        if isinstance(prepared, str):
            self.fail(sub, fp, [prepared])
            return None
        submissions.check(sub, prepared.released)
        if "timestamp.txt" in sub.files:  # written by `nbgrader collect`; nbgrader fails on a bad one
            from nbgrader.utils import parse_utc

            try:
                sub.timestamp = parse_utc((sub.path / "timestamp.txt").read_text().strip())
            except Exception:  # noqa: BLE001
                sub.files.remove("timestamp.txt")
                sub.flags.append("timestamp.txt is not a date; ignored")
        if sub.errors:
            self.fail(sub, fp, sub.errors, sub.flags)
            return None
        workdir = Path(tempfile.mkdtemp(prefix="grade-"))
        shutil.copyfile(prepared.db, workdir / "gradebook.db")
        place = workdir / "course"
        source = self.assignments[sub.assignment]
        for file in source.rglob("*"):  # data files the notebooks read (never the solution notebooks)
            if file.is_file() and file.suffix != ".ipynb" and submissions.visible(file.relative_to(source)):
                target = place / course.SOURCE / sub.assignment / file.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target)
        target = place / course.SUBMITTED / sub.student / sub.assignment
        target.mkdir(parents=True)
        for name, path in sub.notebooks.items():
            shutil.copyfile(path, target / f"{name}.ipynb")
        for rel in sub.files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sub.path / rel, target / rel)
        # Few BLAS threads: parallel gradings share the cores, and on a many-core server
        # OpenBLAS's per-thread buffers would not fit in the address-space limit.
        threads = 1 if self.args.jobs > 1 else min(4, os.cpu_count() or 1)
        JobSpec(str(self.root), sub.assignment, sub.student, sorted(sub.notebooks), int(self.timeout),
                self.args.max_output, self.args.memory_limit, threads).write(workdir)
        job = Job(sub.key, workdir, self.args.submission_timeout, pythonpath=[self.root, course.TOOLS_ROOT])
        return Pending(sub, fp, job, prepared.released)

    def collect(self, pending):
        """Settle a finished (or stopped) job."""
        try:
            self._collect(pending)
        finally:
            remove_tree(pending.job.workdir)

    def _collect(self, pending):
        sub, job = pending.sub, pending.job
        autograded, feedback, logfile = self.outputs(sub.student, sub.assignment)
        logfile.parent.mkdir(parents=True, exist_ok=True)
        logfile.write_text((job.log.read_text(errors="replace") if job.log.exists() else "")[-2_000_000:])
        result = JobResult.read(job.workdir)
        made = job.workdir / "course" / course.AUTOGRADED / sub.student / sub.assignment
        stats = {"seconds": round(job.seconds, 2)}
        if result:
            stats.update({k: round(getattr(result, k), 2) for k in (
                "autograde_seconds", "feedback_seconds", "max_rss_mb", "kernel_max_rss_mb")})
        if job.timed_out:
            error = f"grading took longer than {self.args.submission_timeout} s and was stopped (--submission-timeout)"
        elif result is None:
            error = f"the grading process died (exit code {job.returncode}); see {self.rel(logfile)}"
        elif not result.autograde:
            error = f"nbgrader autograde failed: {result.error or 'unknown error'}; see {self.rel(logfile)}"
        elif not all((made / f"{name}.ipynb").exists() for name in sub.notebooks):
            error = f"nbgrader wrote no autograded notebook; see {self.rel(logfile)}"
        else:
            error = None
        if error:
            self.fail(sub, pending.fingerprint, [error], sub.flags, **stats)
            return
        replace_tree(made, autograded, [f"{name}.ipynb" for name in sub.notebooks])
        replace_tree(job.workdir / "course" / course.FEEDBACK / sub.student / sub.assignment, feedback,
                     [f"{name}.html" for name in sub.notebooks])
        flags = list(sub.flags) + overwrite.flags(job.workdir / FLAG_FILE)
        for name in sub.notebooks:
            flags.extend(execute.failures(autograded / f"{name}.ipynb", self.timeout))
        if not result.feedback:
            flags.append(f"no feedback written: {result.error}")
        notebooks = {name: (autograded / f"{name}.ipynb" if name in sub.notebooks else None)
                     for name in pending.released}
        try:
            gradebook.record(self.db_url, self.config, sub.assignment, sub.student, notebooks, sub.timestamp)
        except Exception as error:  # noqa: BLE001
            self.fail(sub, pending.fingerprint, [f"could not record the scores: {error}"], flags, **stats)
            return
        self.finish(Entry(sub.student, sub.assignment, FLAGGED if flags else GRADED, flags, [],
                          pending.fingerprint, **stats))

    # -- the run ----------------------------------------------------------------------------------
    def import_roster(self):
        """``nbgrader db student import``: the roster's names reach the gradebook (and so formgrader and the CSV)."""
        ids = read_roster_ids(self.args.roster)
        run = subprocess.run([sys.executable, "-m", "nbgrader", "db", "student", "import",
                              str(self.args.roster.resolve()), "--log-level=WARN"],
                             cwd=self.root, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"nbgrader db student import {self.args.roster} failed:\n{run.stdout[-2000:]}"
                             f"{run.stderr[-2000:]}")
        return ids

    def select(self):
        """The submissions and problems this run is about (after --student / --assignment)."""
        subs, problems = submissions.discover(self.submitted, self.assignments)

        def keep(student, assignment):
            return ((not self.args.student or student in self.args.student)
                    and (not self.args.assignment or assignment in self.args.assignment))

        return ([s for s in subs if keep(s.student, s.assignment)],
                [p for p in problems if keep(p.student, p.assignment)])

    def run(self):
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            print(ROOT_WARNING, file=sys.stderr, flush=True)
        self.state.roster = self.import_roster() if self.args.roster else None
        filtered = bool(self.args.student or self.args.assignment)
        if not self.submitted.is_dir():
            print(f"Nothing to grade: {self.rel(self.submitted)}/ does not exist. Put submissions in "
                  f"{self.rel(self.submitted)}/<student>/<assignment>/<notebook>.ipynb "
                  "(nbgrader collect, zip_collect, or a copy of grading/samples/submitted).")
            subs, problems = [], []
        else:
            subs, problems = self.select()
        if not filtered:  # forget submissions that are no longer there
            self.state.entries = {}
        for problem in problems:
            if problem.student and problem.assignment and (self.submitted / problem.student /
                                                           problem.assignment).is_dir():
                self.state.put(Entry(problem.student, problem.assignment, FAILED, [], [problem.message]))
            else:
                self.problems.append(problem.message)
        old = State.load(self.state_path).entries
        in_db = gradebook.submissions(self.db_url)
        todo = []
        for sub in subs:
            fp = fingerprint(sub.path, self.assignments[sub.assignment], self.settings())
            entry = old.get(sub.key)
            settled = entry and entry.fingerprint == fp and (
                entry.status == FAILED or ((sub.student, sub.assignment) in in_db
                                           and self.outputs(sub.student, sub.assignment)[0].is_dir()))
            if settled and not self.args.force:
                self.state.put(entry)
            else:
                todo.append((sub, fp))
        self.state.save(self.state_path)
        skipped = len(subs) - len(todo)
        self.say(f"Grading {len(todo)} submission(s) from {self.rel(self.submitted)}/"
                 + (f" ({skipped} unchanged since the last run; --force regrades them)" if skipped else "")
                 + f", {self.timeout} s per cell, {self.args.jobs} at a time")
        start = time.monotonic()
        try:
            self.grade_all(todo)
        finally:
            for prepared in self.prepared.values():
                if isinstance(prepared, Prepared):
                    remove_tree(prepared.folder)
        self.timing.total, self.timing.graded = time.monotonic() - start, len(todo)
        rows = report.export(self.root, self.csv_path, self.state_path, self.args.student, self.args.assignment)
        summary = report.Summary(self.rel(self.csv_path), rows, self.problems, self.timing,
                                 self.rel(self.dirs["feedback"]), self.rel(self.work / "logs"))
        print("\n".join(summary.lines()), flush=True)
        return 0

    def grade_all(self, todo):
        self.total = len(todo)
        pending = {}
        try:
            for sub, fp in todo:
                item = self.launch(sub, fp)
                if item is not None:
                    pending[item.job.key] = item
            Pool(self.args.jobs).run([p.job for p in pending.values()],
                                     lambda job: self.collect(pending.pop(job.key)))
        finally:
            for item in pending.values():  # interrupted: the jobs that never finished
                remove_tree(item.job.workdir)


def main(argv=None):
    args = parse_args(argv)
    course.ensure_bin_on_path()
    return Grading(args).run()
