"""Run nbgrader in throw-away course folders.

Every submission is autograded in its own temporary course (``<tmp>/course``) with its own copy of
the gradebook, by a child process of ``make grade``: the student's code runs with its working
folder inside that temporary course, so it can delete or overwrite whatever it likes there without
touching ``grading/submitted/`` or any other student, and a crash of the kernel, of nbgrader or of
the child itself only loses that one submission. The parent process then copies the autograded
notebook and the HTML feedback back, and records the scores in the real gradebook.

The kernel is a kernelspec written into the temporary folder that runs *this* Python interpreter
(the one with nnlib installed) with the course folder on ``PYTHONPATH``, so ``import nnlib`` works
in a submission wherever it was submitted from, whatever kernels the machine has.
"""

import copy
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

try:
    import resource  # POSIX only: memory limits and peak-memory figures
except ImportError:  # pragma: no cover
    resource = None

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, GetGrades
from traitlets.config.loader import PyFileConfigLoader

from .execute import SafeExecute
from .hidden import HideHiddenTests

KERNEL = "grading-python3"
# Folder names inside a temporary course (the real course's names come from nbgrader_config.py).
SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = "source", "release", "submitted", "autograded", "feedback"
TOOLS_ROOT = Path(__file__).resolve().parents[2]  # the checkout that holds tools/ and nnlib/


def ensure_bin_on_path():
    """nbgrader's gradebook runs the ``alembic`` command installed next to this interpreter."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bindir, os.environ.get("PATH", "")])


def fast_gradebook_creation():
    """Let nbgrader create gradebooks without running the ``alembic`` command.

    For every new gradebook nbgrader asks ``alembic heads`` in a subprocess for the schema version to
    stamp (2-5 s here, and once per run for the template gradebook); alembic answers the same question
    in-process in a millisecond. Falls back to nbgrader's own way if that fails.
    """
    import nbgrader.api

    try:
        from alembic.config import Config as AlembicConfig
        from alembic.script import ScriptDirectory

        config = AlembicConfig()
        config.set_main_option("script_location", str(Path(nbgrader.api.__file__).parent / "alembic"))
        head = ScriptDirectory.from_config(config).get_current_head()
    except Exception:  # noqa: BLE001
        return
    if head:
        nbgrader.api.get_alembic_version = lambda: head


def load_course_config(root):
    """The course's ``nbgrader_config.py`` as a traitlets ``Config``."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def course_dirs(config, root):
    """The real course's submitted / autograded / feedback folders, as nbgrader_config.py sets them."""
    cd = config.get("CourseDirectory", {})
    root = Path(cd.get("root", root))
    return {name: root / cd.get(f"{name}_directory", name) for name in ("submitted", "autograded", "feedback")}


def temp_config(base, course, db_url, *, timeout=None, max_output_chars=None, max_restarts=None):
    """``base`` (the course's config) pointed at a temporary course folder and hardened for grading."""
    config = copy.deepcopy(base)  # Config.merge would share (and so change) base's sections
    cd = config.CourseDirectory
    cd.root = str(course)
    cd.db_url = db_url
    cd.source_directory, cd.release_directory = SOURCE, RELEASE
    cd.submitted_directory, cd.autograded_directory, cd.feedback_directory = SUBMITTED, AUTOGRADED, FEEDBACK
    config.Execute.kernel_name = KERNEL
    if timeout is not None:
        config.Execute.timeout = int(timeout)
        config.ExecutePreprocessor.timeout = int(timeout)
    if max_output_chars is not None:
        config.SafeExecute.max_output_chars = int(max_output_chars)
    if max_restarts is not None:
        config.SafeExecute.max_restarts = int(max_restarts)
    steps = list(config.Autograde.get("autograde_preprocessors", Autograde.class_traits()["autograde_preprocessors"]
                                      .default()))
    config.Autograde.autograde_preprocessors = [SafeExecute if step is Execute else step for step in steps]
    feedback = list(config.GenerateFeedback.get("preprocessors", [GetGrades, CSSHTMLHeaderPreprocessor]))
    if HideHiddenTests not in feedback:
        feedback.insert(1 if GetGrades in feedback else 0, HideHiddenTests)
    config.GenerateFeedback.preprocessors = feedback
    return config


def release(base, root, assignment, workdir, db_url):
    """Run ``generate_assignment`` on a copy of ``solutions/<assignment>`` into the gradebook ``db_url``.

    This is what fills a gradebook with the assignment's cells, points and hidden tests. Returns
    ``(released folder, log)``; raises ``RuntimeError`` when nbgrader fails.
    """
    source_dir = Path(base.get("CourseDirectory", {}).get("source_directory", "source"))
    course = Path(workdir) / "course"
    shutil.copytree(Path(root) / source_dir / assignment, course / SOURCE / assignment,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    api = NbGraderAPI(config=temp_config(base, course, db_url))
    result = api.generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                           + result.get("log", "")[-3000:] + result.get("error", "")[-3000:])
    return course / RELEASE / assignment, result.get("log", "")


def write_kernelspec(workdir):
    """A kernelspec named ``KERNEL`` that runs this interpreter; returns the folder for JUPYTER_PATH."""
    folder = Path(workdir) / "jupyter"
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "Python 3 (grading)", "language": "python"}, indent=1))
    return folder


def child(workdir, assignment, student, config, settings):
    """Entry point of the child process: autograde and write feedback in ``workdir/course``.

    Writes ``workdir/result.json``; everything printed (nbgrader's log, the kernel's stderr) goes
    to ``workdir/worker.log``.
    """
    workdir = Path(workdir)
    log = os.open(workdir / "worker.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115 -- lives as long as the process
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
    result = {"autograde": False, "feedback": False}
    try:
        limit = settings.get("memory_limit_mb")
        if limit and resource is not None:
            size = int(limit) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        jupyter = write_kernelspec(workdir)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter), os.environ.get("JUPYTER_PATH")]))
        paths = [str(settings["root"]), str(TOOLS_ROOT), os.environ.get("PYTHONPATH", "")]
        os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in paths if p))
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            if settings.get("threads"):
                os.environ[name] = str(settings["threads"])
        ensure_bin_on_path()
        api = NbGraderAPI(config=config)
        start = time.perf_counter()
        graded = api.autograde(assignment, student, force=True, create=True)
        result["autograde_seconds"] = time.perf_counter() - start
        print(graded.get("log", ""))
        result["autograde"] = bool(graded["success"])
        if not graded["success"]:
            print(graded.get("error", ""))
            result["error"] = _last_error(graded)
        else:
            # Keep only the autograded notebooks: whatever the student's code wrote next to them
            # (files, other notebooks) must not reach the feedback.
            folder = Path(config.CourseDirectory.root) / AUTOGRADED / student / assignment
            keep = {f"{name}.ipynb" for name in settings["notebooks"]}
            for path in list(folder.iterdir()):
                if path.name in keep:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink()
            start = time.perf_counter()
            feedback = api.generate_feedback(assignment, student, force=True)
            result["feedback_seconds"] = time.perf_counter() - start
            print(feedback.get("log", ""))
            result["feedback"] = bool(feedback["success"])
            if not feedback["success"]:
                print(feedback.get("error", ""))
                result["error"] = "feedback: " + _last_error(feedback)
    except BaseException as error:  # noqa: BLE001 -- report anything to the parent
        import traceback

        traceback.print_exc()
        result["error"] = f"{error.__class__.__name__}: {error}"
    finally:
        if resource is not None:
            result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            result["kernel_max_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        (workdir / "result.json").write_text(json.dumps(result))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # skip atexit handlers inherited from the parent


def _last_error(result):
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
