"""``make grade``: autograde every submission, write feedback and ``grading/grades.csv``.

    python tools/grade.py                        # what `make grade` runs
    python tools/grade.py --force                # regrade everything, changed or not
    python tools/grade.py --jobs 2 --timeout 30  # two submissions at a time, 30 s per cell
    python tools/grade.py --roster roster.csv    # students from a roster (id,first_name,last_name,email)
    python tools/grade.py --student alice --assignment ex01_forward_pass

For every ``grading/submitted/<student>/<assignment>/`` (folders as configured in
``nbgrader_config.py``): check the notebooks, autograde a repaired copy in a throw-away course
with a per-cell timeout (``nbgrader autograde``), write HTML feedback without hidden tests
(``nbgrader generate_feedback``) to ``grading/feedback/``, record the scores in
``grading/gradebook.db``, and at the end export ``grading/grades.csv`` and print a summary: graded,
flagged (with reasons), failed to grade. A submission whose files, assignment source and grading
settings have not changed since the last run is not graded again (``--force`` regrades it).
"""

import argparse
import csv
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import GRADER_VERSION, gradebook, runner, submissions

STATE = "grading_state.json"
NOT_ON_ROSTER = "not on the roster (check the folder name)"
CSV_FIELDS = ["student_id", "assignment", "status", "score", "max_score", "needs_manual_grade", "flags"]
ROOT_WARNING = (
    "WARNING: grading as root. Autograding runs every student's code with the rights of the user who "
    "runs it: as root, a submission can read or change anything on this machine. Grade as an "
    "unprivileged user, in a container or a separate account per grading run (README: For instructors)."
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="tools/grade.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=runner.TOOLS_ROOT,
                        help="course folder holding nbgrader_config.py (default: this repository)")
    parser.add_argument("--submitted", type=Path,
                        help="folder of <student>/<assignment>/ submissions (default: from nbgrader_config.py)")
    parser.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    parser.add_argument("--student", action="append", default=[], help="grade only this student (repeatable)")
    parser.add_argument("--assignment", action="append", default=[], help="grade only this assignment (repeatable)")
    parser.add_argument("--roster", type=Path, help="CSV with an 'id' column (and first_name, last_name, email)")
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


# -- helpers ------------------------------------------------------------------------------------
def known_assignments(root, config):
    source = root / config.get("CourseDirectory", {}).get("source_directory", "source")
    if not source.is_dir():
        return {}
    return {p.name: p for p in sorted(source.iterdir())
            if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb"))}


def read_roster(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    key = next((k for k in ("id", "student_id") if rows and k in rows[0]), None)
    if key is None:
        raise SystemExit(f"{path}: a roster needs a header with an 'id' column (and optionally "
                         "first_name, last_name, email)")
    return {row[key].strip(): {k: (row.get(k) or "").strip() for k in ("first_name", "last_name", "email")}
            for row in rows if row.get(key, "").strip()}


def cell_labels(nb):
    """(grade_id, source) of the nbgrader cells: what must match between exercises/ and solutions/."""
    return [(submissions.grade_id(c), c.source) for c in nb.cells if submissions.grade_id(c)]


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


def kill_tree(pid):
    """Kill a grading process and everything it started (its kernel)."""
    try:
        import psutil

        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
        for proc in procs:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(procs, timeout=10)
    except ImportError:
        os.kill(pid, signal.SIGKILL)
    except Exception:  # noqa: BLE001 -- already gone
        pass


class Grader:
    """One run of ``make grade`` over a course folder."""

    def __init__(self, args):
        self.args = args
        self.root = args.root.resolve()
        self.config = runner.load_course_config(self.root)
        cd = self.config.get("CourseDirectory", {})
        self.dirs = runner.course_dirs(self.config, self.root)
        self.submitted = (args.submitted or self.dirs["submitted"]).resolve()
        self.db_url = cd.get("db_url", f"sqlite:///{self.root / 'gradebook.db'}")
        self.release_dir = self.root / cd.get("release_directory", "release")
        self.work = self.root / "grading"
        self.work.mkdir(exist_ok=True)
        self.csv_path = args.csv or self.work / "grades.csv"
        self.state_path = self.work / STATE
        self.state = self.load_state()
        self.timeout = args.timeout or self.config.get("Execute", {}).get("timeout", 30)
        self.assignments = known_assignments(self.root, self.config)
        self.roster = read_roster(args.roster) if args.roster else None
        self.prepared = {}  # assignment -> (template db, released notebooks) or error message
        self.rows = {}  # (student, assignment) -> state entry
        self.problems = []  # messages that belong to no student/assignment row
        self.graded_now = []
        self.prep_seconds = 0.0

    def say(self, text):
        if not self.args.quiet:
            print(text, flush=True)

    # -- state ----------------------------------------------------------------------------------
    def load_state(self):
        try:
            state = json.loads(self.state_path.read_text())
            return state if state.get("version") == GRADER_VERSION else {"version": GRADER_VERSION, "entries": {}}
        except (OSError, ValueError):
            return {"version": GRADER_VERSION, "entries": {}}

    def save_state(self):
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True))
        tmp.replace(self.state_path)

    def fingerprint(self, sub):
        settings = {"version": GRADER_VERSION, "timeout": self.timeout, "max_output": self.args.max_output,
                    "memory": self.args.memory_limit,
                    "source": submissions.fingerprint(self.assignments[sub.assignment]),
                    "submission": submissions.fingerprint(sub.path)}
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()

    # -- per assignment -------------------------------------------------------------------------
    def prepare(self, assignment):
        """Release the assignment into a template gradebook (and the course's gradebook) once per run."""
        if assignment in self.prepared:
            return self.prepared[assignment]
        started = time.monotonic()
        template = Path(tempfile.mkdtemp(prefix=f"grade-{assignment}-"))
        try:
            db = template / "gradebook.db"
            released_dir, _ = runner.release(self.config, self.root, assignment, template / "t", f"sqlite:///{db}")
            released = {p.stem: nbformat.read(p, as_version=4) for p in sorted(released_dir.glob("*.ipynb"))}
            # The same cells and points in the course's own gradebook (for formgrader and export).
            runner.release(self.config, self.root, assignment, template / "m", self.db_url)
        except Exception as error:  # noqa: BLE001
            self.prepared[assignment] = f"could not prepare assignment {assignment}: {error}"
            remove_tree(template)
            return self.prepared[assignment]
        for name, nb in released.items():
            shipped = self.release_dir / assignment / f"{name}.ipynb"
            if shipped.exists() and cell_labels(nbformat.read(shipped, as_version=4)) != cell_labels(nb):
                self.problems.append(f"note: {shipped.relative_to(self.root)} differs from what "
                                     f"solutions/ generates now; grading uses solutions/ (run `make exercises`)")
        self.prepared[assignment] = (template, db, released)
        self.prep_seconds += time.monotonic() - started
        return self.prepared[assignment]

    # -- per submission -------------------------------------------------------------------------
    def outputs(self, student, assignment):
        return (self.dirs["autograded"] / student / assignment, self.dirs["feedback"] / student / assignment,
                self.work / "logs" / student / f"{assignment}.log")

    def fail(self, sub, fp, errors, flags=()):
        if gradebook.db_exists(self.db_url):
            gradebook.forget(self.db_url, sub.assignment, sub.student)
        autograded, feedback, _ = self.outputs(sub.student, sub.assignment)
        remove_tree(autograded)
        remove_tree(feedback)
        self.finish(sub, fp, "failed", list(flags), list(errors))

    def finish(self, sub, fp, status, flags, errors, extra=None):
        entry = {"fingerprint": fp, "status": status, "flags": flags, "errors": errors, **(extra or {})}
        self.state["entries"][sub.key] = entry
        self.save_state()
        self.rows[(sub.student, sub.assignment)] = entry
        self.graded_now.append(sub.key)

    def launch(self, sub, fp):
        """Check one submission and start its grading process; return the job, or None if it was settled."""
        prepared = self.prepare(sub.assignment)
        if isinstance(prepared, str):
            self.fail(sub, fp, [prepared])
            return None
        template, db, released = prepared
        submissions.check(sub, released)
        sub.timestamp = None
        if "timestamp.txt" in sub.files:  # written by `nbgrader collect`; nbgrader fails on a bad one
            try:
                from nbgrader.utils import parse_utc

                sub.timestamp = parse_utc((sub.path / "timestamp.txt").read_text().strip())
            except Exception:  # noqa: BLE001
                sub.files.remove("timestamp.txt")
                sub.flags.append("timestamp.txt is not a date; ignored")
        if sub.errors:
            self.fail(sub, fp, sub.errors, sub.flags)
            return None
        workdir = Path(tempfile.mkdtemp(prefix="grade-"))
        course = workdir / "course"
        shutil.copyfile(db, workdir / "gradebook.db")
        source = self.assignments[sub.assignment]
        for file in source.rglob("*"):  # data files the notebooks read (never the solution notebooks)
            if file.is_file() and file.suffix != ".ipynb" and submissions.visible(file.relative_to(source)):
                target = course / runner.SOURCE / sub.assignment / file.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target)
        target = course / runner.SUBMITTED / sub.student / sub.assignment
        target.mkdir(parents=True)
        for name, nb in sub.notebooks.items():
            nbformat.write(nb, target / f"{name}.ipynb")
        for rel in sub.files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sub.path / rel, target / rel)
        config = runner.temp_config(self.config, course, f"sqlite:///{workdir / 'gradebook.db'}",
                                    timeout=self.timeout, max_output_chars=self.args.max_output)
        settings = {"root": str(self.root), "memory_limit_mb": self.args.memory_limit,
                    "notebooks": sorted(sub.notebooks),
                    # Few BLAS threads: parallel gradings share the cores, and on a many-core server
                    # OpenBLAS's per-thread buffers would not fit in the address-space limit.
                    "threads": 1 if self.args.jobs > 1 else min(4, os.cpu_count() or 1)}
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        process = context.Process(target=runner.child,
                                  args=(str(workdir), sub.assignment, sub.student, config, settings))
        process.start()
        return {"sub": sub, "fp": fp, "process": process, "workdir": workdir, "start": time.monotonic(),
                "released": released}

    def collect(self, job, timed_out=False):
        """Settle a finished (or stopped) grading process."""
        sub, workdir = job["sub"], job["workdir"]
        seconds = time.monotonic() - job["start"]
        autograded, feedback, logfile = self.outputs(sub.student, sub.assignment)
        logfile.parent.mkdir(parents=True, exist_ok=True)
        worker_log = workdir / "worker.log"
        logfile.write_text((worker_log.read_text(errors="replace") if worker_log.exists() else "")[-2_000_000:])
        try:
            result = json.loads((workdir / "result.json").read_text())
        except (OSError, ValueError):
            result = {}
        course = workdir / "course"
        made = course / runner.AUTOGRADED / sub.student / sub.assignment
        stats = {"seconds": round(seconds, 2), **{k: round(result[k], 2) for k in (
            "autograde_seconds", "feedback_seconds", "max_rss_mb", "kernel_max_rss_mb") if k in result}}
        if timed_out:
            error = f"grading took longer than {self.args.submission_timeout} s and was stopped (--submission-timeout)"
        elif not result:
            error = f"the grading process died (exit code {job['process'].exitcode}); see {self.rel(logfile)}"
        elif not result.get("autograde"):
            error = f"nbgrader autograde failed: {result.get('error', 'unknown error')}; see {self.rel(logfile)}"
        elif not all((made / f"{name}.ipynb").exists() for name in sub.notebooks):
            error = f"nbgrader wrote no autograded notebook; see {self.rel(logfile)}"
        else:
            error = None
        if error:
            self.fail(sub, job["fp"], [error], sub.flags)
            remove_tree(workdir)
            return
        replace_tree(made, autograded, [f"{name}.ipynb" for name in sub.notebooks])
        replace_tree(course / runner.FEEDBACK / sub.student / sub.assignment, feedback,
                     [f"{name}.html" for name in sub.notebooks])
        flags = list(sub.flags)
        for name in sub.notebooks:
            flags.extend(gradebook.events(autograded / f"{name}.ipynb", self.timeout))
        if not result.get("feedback"):
            flags.append(f"no feedback written: {result.get('error', '')}")
        notebooks = {name: (autograded / f"{name}.ipynb" if name in sub.notebooks else None)
                     for name in job["released"]}
        try:
            gradebook.record(self.db_url, sub.assignment, sub.student, notebooks, sub.timestamp,
                             (self.roster or {}).get(sub.student))
            stats["score"], stats["max_score"] = gradebook.total(self.db_url, sub.assignment, sub.student)
        except Exception as error:  # noqa: BLE001
            self.fail(sub, job["fp"], [f"could not record the scores: {error}"], flags)
            remove_tree(workdir)
            return
        self.finish(sub, job["fp"], "flagged" if flags else "graded", flags, [], stats)
        remove_tree(workdir)

    def rel(self, path):
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # -- the run ----------------------------------------------------------------------------------
    def run(self):
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            print(ROOT_WARNING, file=sys.stderr, flush=True)
        if not self.submitted.is_dir():
            print(f"Nothing to grade: {self.rel(self.submitted)}/ does not exist. Put submissions in "
                  f"{self.rel(self.submitted)}/<student>/<assignment>/<notebook>.ipynb "
                  "(nbgrader collect, zip_collect, or a copy of grading/samples/submitted).")
            self.export([])
            return 0
        subs, problems = submissions.discover(self.submitted, self.assignments)
        if self.args.student:
            subs = [s for s in subs if s.student in self.args.student]
            problems = [p for p in problems if p[0] in self.args.student]
        if self.args.assignment:
            subs = [s for s in subs if s.assignment in self.args.assignment]
            problems = [p for p in problems if p[1] in self.args.assignment]
        for student, assignment, message in problems:
            if student and assignment and (self.submitted / student / assignment).is_dir():
                self.rows[(student, assignment)] = {"status": "failed", "flags": [], "errors": [message]}
            else:
                self.problems.append(message)
        in_db = gradebook.totals(self.db_url)[0] if gradebook.db_exists(self.db_url) else {}
        todo = []
        for sub in subs:
            fp = self.fingerprint(sub)
            old = self.state["entries"].get(sub.key)
            settled = old and old.get("fingerprint") == fp and (
                old["status"] == "failed" or ((sub.student, sub.assignment) in in_db
                                              and self.outputs(sub.student, sub.assignment)[0].is_dir()))
            if settled and not self.args.force:
                self.rows[(sub.student, sub.assignment)] = old
            else:
                todo.append((sub, fp))
        skipped = len(subs) - len(todo)
        self.say(f"Grading {len(todo)} submission(s) from {self.rel(self.submitted)}/"
                 + (f" ({skipped} unchanged since the last run; --force regrades them)" if skipped else "")
                 + f", {self.timeout} s per cell, {self.args.jobs} at a time")
        start = time.monotonic()
        try:
            self.grade_all(todo)
        finally:
            for template in self.prepared.values():
                if not isinstance(template, str):
                    remove_tree(template[0])
        elapsed = time.monotonic() - start
        self.export(subs)
        self.summary(len(todo), elapsed)
        return 0

    def grade_all(self, todo):
        queue, running, done = list(todo), [], 0
        try:
            while queue or running:
                while queue and len(running) < max(1, self.args.jobs):
                    sub, fp = queue.pop(0)
                    job = self.launch(sub, fp)
                    if job is None:
                        done += 1
                        self.progress(done, len(todo), sub)
                    else:
                        running.append(job)
                time.sleep(0.05)
                for job in list(running):
                    process = job["process"]
                    overdue = time.monotonic() - job["start"] > self.args.submission_timeout
                    if process.is_alive() and not overdue:
                        continue
                    if process.is_alive():
                        kill_tree(process.pid)
                    process.join(5)
                    running.remove(job)
                    self.collect(job, timed_out=overdue)
                    done += 1
                    self.progress(done, len(todo), job["sub"])
        except BaseException:
            for job in running:
                kill_tree(job["process"].pid)
                remove_tree(job["workdir"])
            raise

    def progress(self, done, total, sub):
        entry = self.rows[(sub.student, sub.assignment)]
        if entry["status"] == "failed":
            detail = "FAILED: " + "; ".join(entry["errors"])
        else:
            score = f" {entry['score']:g}/{entry['max_score']:g}" if entry.get("max_score") is not None else ""
            detail = entry["status"] + score + (": " + "; ".join(entry["flags"]) if entry["flags"] else "")
        seconds = f" ({entry['seconds']:.1f} s)" if entry.get("seconds") else ""
        self.say(f"[{done}/{total}] {sub.key}: {detail}{seconds}")

    # -- results --------------------------------------------------------------------------------
    def export(self, subs):
        totals, max_scores = gradebook.totals(self.db_url) if gradebook.db_exists(self.db_url) else ({}, {})
        students = set(self.roster or ()) | {s for s, _ in self.rows}
        assignments = {a for _, a in self.rows if a in self.assignments} | set(self.args.assignment or ())
        if self.args.student:
            students &= set(self.args.student)
        for student in students:
            for assignment in assignments:
                self.rows.setdefault((student, assignment), {"status": "missing", "flags": ["nothing submitted"],
                                                             "errors": []})
        lines = []
        for (student, assignment), entry in sorted(self.rows.items()):
            status = entry["status"]
            score, max_score, manual = "", max_scores.get(assignment, ""), ""
            if status in ("graded", "flagged") and (student, assignment) in totals:
                score, max_score, manual = totals[(student, assignment)]
                manual = "yes" if manual else "no"
            elif status == "missing":
                score = 0.0
            reasons = entry.get("errors", []) + entry.get("flags", [])
            if self.roster is not None and student not in self.roster:
                reasons = reasons + [NOT_ON_ROSTER]  # the roster is not part of the grading: checked here
                status = "flagged" if status == "graded" else status
            lines.append({"student_id": student, "assignment": assignment, "status": status,
                          "score": _number(score), "max_score": _number(max_score),
                          "needs_manual_grade": manual, "flags": "; ".join(reasons)})
        self.csv_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.csv_path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
            writer.writeheader()
            writer.writerows(lines)
        self.lines = lines

    def summary(self, graded_now, elapsed):
        groups = {k: [row for row in self.lines if row["status"] == k] for k in ("graded", "flagged", "failed",
                                                                                   "missing")}
        out = ["", f"Summary ({self.rel(self.csv_path)}):",
               f"  graded:          {len(groups['graded'])}",
               f"  flagged:         {len(groups['flagged'])}"]
        out += [f"    {r['student_id']}/{r['assignment']}: {r['flags']}" for r in groups["flagged"]]
        out.append(f"  failed to grade: {len(groups['failed'])}")
        out += [f"    {r['student_id'] + '/' if r['student_id'] else ''}{r['assignment']}: {r['flags']}"
                for r in groups["failed"]]
        if groups["missing"]:
            out.append(f"  not submitted:   {len(groups['missing'])} ("
                       + ", ".join(f"{r['student_id']}/{r['assignment']}" for r in groups["missing"][:20])
                       + (", ..." if len(groups["missing"]) > 20 else "") + ")")
        if self.problems:
            out.append("  other problems:")
            out += [f"    {p}" for p in self.problems]
        if graded_now:
            grading = elapsed - self.prep_seconds
            out.append(f"  time: {elapsed:.1f} s: {self.prep_seconds:.1f} s to prepare {len(self.prepared)} "
                       f"assignment(s), then {grading / graded_now:.1f} s per submission ({self.args.jobs} at a time)")
        out.append(f"  feedback: {self.rel(self.dirs['feedback'])}/<student>/<assignment>/   "
                   f"logs: {self.rel(self.work / 'logs')}/")
        print("\n".join(out), flush=True)


def _number(value):
    if value in ("", None):
        return ""
    return f"{float(value):g}"


def main(argv=None):
    args = parse_args(argv)
    runner.ensure_bin_on_path()
    runner.fast_gradebook_creation()
    return Grader(args).run()
