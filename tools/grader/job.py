"""One grading job: ``python -m tools.grader.job <workdir>``, run by ``pool.py`` as a subprocess.

``<workdir>/job.json`` (a ``JobSpec``) names a temporary course prepared by ``make grade``:
``<workdir>/course`` holds the assignment's data files and one submission, ``<workdir>/gradebook.db``
a copy of the assignment's gradebook. The job runs ``nbgrader autograde`` and ``nbgrader
generate_feedback`` there (with the course's ``nbgrader_config.py``, pointed at that folder by
``course.temp_config``), and writes ``<workdir>/result.json`` (a ``JobResult``). Everything it
and the kernel print goes to the log file the pool opened.

A job is its own process, started fresh (nothing inherited from the parent but the environment),
under an address-space limit that its kernel inherits; the pool kills it, with its kernel, when it
overruns its time.
"""

import json
import os
import re
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import resource  # POSIX only: memory limits and peak-memory figures
except ImportError:  # pragma: no cover
    resource = None

JOB_FILE, RESULT_FILE, FLAG_FILE = "job.json", "result.json", "flags.jsonl"


@dataclass
class JobSpec:
    """What one job grades, and how (written by the parent into ``<workdir>/job.json``)."""

    root: str  # the real course (its nbgrader_config.py)
    assignment: str
    student: str
    notebooks: list  # notebook names (without .ipynb) to keep in the autograded folder
    timeout: int  # seconds per cell
    max_output: int  # characters per cell
    memory_limit_mb: int = 0  # 0: none
    threads: int = 1  # BLAS threads of the kernel

    def write(self, workdir):
        Path(workdir, JOB_FILE).write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def read(cls, workdir):
        return cls(**json.loads(Path(workdir, JOB_FILE).read_text()))


@dataclass
class JobResult:
    """What a job reports back (``<workdir>/result.json``); missing when the job died."""

    autograde: bool = False
    feedback: bool = False
    error: str = ""
    autograde_seconds: float = 0.0
    feedback_seconds: float = 0.0
    max_rss_mb: float = 0.0
    kernel_max_rss_mb: float = 0.0

    @classmethod
    def read(cls, workdir):
        """The result, or None when the job wrote none (it died or was killed)."""
        try:
            return cls(**json.loads(Path(workdir, RESULT_FILE).read_text()))
        except (OSError, ValueError, TypeError):
            return None


def run(workdir, result):
    """Autograde and write feedback in ``workdir/course``, filling in ``result`` (a ``JobResult``)."""
    from nbgrader.apps import NbGraderAPI

    from .course import AUTOGRADED, ensure_bin_on_path, load_course_config, temp_config, write_kernelspec

    spec = JobSpec.read(workdir)
    if spec.memory_limit_mb and resource is not None:
        size = int(spec.memory_limit_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    jupyter = write_kernelspec(workdir)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter), os.environ.get("JUPYTER_PATH")]))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(spec.threads)
    ensure_bin_on_path()
    course = workdir / "course"
    config = temp_config(load_course_config(spec.root), course, f"sqlite:///{workdir / 'gradebook.db'}",
                         timeout=spec.timeout, max_output_chars=spec.max_output, flag_file=workdir / FLAG_FILE)
    api = NbGraderAPI(config=config)
    start = time.perf_counter()
    graded = api.autograde(spec.assignment, spec.student, force=True, create=True)
    result.autograde_seconds = time.perf_counter() - start
    print(graded.get("log", ""))
    result.autograde = bool(graded["success"])
    if not graded["success"]:
        print(graded.get("error", ""))
        result.error = last_error(graded)
        return
    # Keep only the autograded notebooks: whatever the student's code wrote next to them
    # (files, other notebooks) must not reach the feedback.
    folder = course / AUTOGRADED / spec.student / spec.assignment
    keep = {f"{name}.ipynb" for name in spec.notebooks}
    for path in list(folder.iterdir()):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink()
    start = time.perf_counter()
    feedback = api.generate_feedback(spec.assignment, spec.student, force=True)
    result.feedback_seconds = time.perf_counter() - start
    print(feedback.get("log", ""))
    result.feedback = bool(feedback["success"])
    if not feedback["success"]:
        print(feedback.get("error", ""))
        result.error = "feedback: " + last_error(feedback)


def last_error(result):
    """The most telling line of a failed nbgrader run: the last exception that is not nbgrader's wrapper."""
    lines = [line.strip() for line in (result.get("log", "") + "\n" + result.get("error", "")).splitlines()]
    exceptions = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b.*:", line)
                  and not line.startswith("nbgrader.converters.base.NbGraderException")]
    if exceptions:
        return exceptions[-1][:300]
    generic = ("see the", "error processing", "Traceback")
    for line in reversed(lines):
        if line.startswith("[ERROR]") and not any(g in line for g in generic):
            return line[len("[ERROR]"):].strip()[:300]
    return "nbgrader failed"


def main(argv):
    # jsonschema (through nbformat) imports rfc3987_syntax when it is installed, which compiles a
    # grammar for its "iri" format checks: 0.75 s of the 1.2 s CPU a job spends importing, once per
    # submission. Notebook validation uses no such format; without the module jsonschema skips it.
    sys.modules.setdefault("rfc3987_syntax", None)
    workdir = Path(argv[0]).resolve()
    result = JobResult()
    try:
        run(workdir, result)
    except BaseException as error:  # noqa: BLE001 -- report anything to the parent
        import traceback

        traceback.print_exc()
        result.error = f"{error.__class__.__name__}: {error}"
    if resource is not None:
        result.max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result.kernel_max_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(workdir, RESULT_FILE).write_text(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
