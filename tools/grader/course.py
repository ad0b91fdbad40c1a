"""The course's nbgrader configuration, and the throw-away course folders a grading runs in.

Every submission is autograded in its own temporary course (``<workdir>/course``) with its own
copy of the gradebook (see ``job.py``): the student's code runs with its working folder inside that
temporary course, so it can delete or overwrite whatever it likes there without touching
``grading/submitted/`` or any other student's work.

``temp_config`` is the course's ``nbgrader_config.py`` pointed at such a folder, with the three
preprocessors that fill nbgrader's gaps put in place of nbgrader's own: ``SafeExecute`` for
``Execute``, ``FlaggingOverwriteCells`` for ``OverwriteCells`` (nbgrader's restoring of edited and
deleted cells, ``add_missing_cells``, which also records what it restored) and
``HideHiddenTests`` in the feedback.
"""

import copy
import json
import os
import shutil
import sys
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, GetGrades, OverwriteCells
from traitlets.config.loader import PyFileConfigLoader

from .execute import SafeExecute
from .hidden import HideHiddenTests
from .overwrite import FlaggingOverwriteCells

KERNEL = "grading-python3"
# Folder names inside a temporary course (the real course's names come from nbgrader_config.py).
SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = "source", "release", "submitted", "autograded", "feedback"
TOOLS_ROOT = Path(__file__).resolve().parents[2]  # the checkout that holds tools/ and nnlib/


def ensure_bin_on_path():
    """nbgrader's gradebook runs the ``alembic`` command installed next to this interpreter."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bindir, os.environ.get("PATH", "")])


def load_course_config(root):
    """The course's ``nbgrader_config.py`` as a traitlets ``Config``."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def course_dirs(config, root):
    """The real course's submitted / autograded / feedback folders, as nbgrader_config.py sets them."""
    cd = config.get("CourseDirectory", {})
    root = Path(cd.get("root", root))
    return {name: root / cd.get(f"{name}_directory", name) for name in ("submitted", "autograded", "feedback")}


def _replace(steps, old, new):
    return [new if step is old else step for step in steps]


def temp_config(base, course, db_url, *, timeout=None, max_output_chars=None, flag_file=None):
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
    config.OverwriteCells.add_missing_cells = True
    if flag_file is not None:
        config.FlaggingOverwriteCells.flag_file = str(flag_file)
    traits = Autograde.class_traits()
    sanitize = config.Autograde.get("sanitize_preprocessors", traits["sanitize_preprocessors"].default())
    config.Autograde.sanitize_preprocessors = _replace(list(sanitize), OverwriteCells, FlaggingOverwriteCells)
    steps = config.Autograde.get("autograde_preprocessors", traits["autograde_preprocessors"].default())
    config.Autograde.autograde_preprocessors = _replace(list(steps), Execute, SafeExecute)
    feedback = list(config.GenerateFeedback.get("preprocessors", [GetGrades, CSSHTMLHeaderPreprocessor]))
    if HideHiddenTests not in feedback:
        feedback.insert(1 if GetGrades in feedback else 0, HideHiddenTests)
    config.GenerateFeedback.preprocessors = feedback
    return config


def blank_gradebook(folder):
    """An empty gradebook in ``folder``, made once per nbgrader version and then copied.

    nbgrader stamps every new gradebook with its schema version by running the ``alembic``
    command (about 2 s); a copy of one made earlier needs no stamping.
    """
    import nbgrader
    from nbgrader.api import Gradebook

    path = Path(folder) / f".blank-gradebook-{nbgrader.__version__}.db"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        Gradebook(f"sqlite:///{tmp}").close()
        tmp.replace(path)
    return path


def release(base, root, assignment, workdir, db_url):
    """Run ``generate_assignment`` on a copy of ``solutions/<assignment>`` into the gradebook ``db_url``.

    This is what fills a gradebook with the assignment's cells, points and hidden tests. Returns
    the released folder; raises ``RuntimeError`` when nbgrader fails.
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
    return course / RELEASE / assignment


def write_kernelspec(workdir):
    """A kernelspec named ``KERNEL`` that runs this interpreter; returns the folder for JUPYTER_PATH.

    The kernel runs *this* Python (the one with nnlib installed), so ``import nnlib`` works in a
    submission wherever it was submitted from, whatever kernels the machine has.
    """
    folder = Path(workdir) / "jupyter"
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "Python 3 (grading)", "language": "python"}, indent=1))
    return folder
