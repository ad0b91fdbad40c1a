"""Generate the student notebooks in ``exercises/`` from the instructor notebooks in ``solutions/``.

For every assignment folder ``solutions/<assignment>/`` this runs the equivalent of

    nbgrader generate_assignment --force <assignment>

(through nbgrader's Python API, configured by ``nbgrader_config.py``): nbgrader replaces the
solution regions with stubs, drops hidden tests and outputs and locks the test cells. Then this
script strips what depends on the machine that ran it, so that regenerating on any
machine gives byte-identical files: the Python version in ``language_info``, the kernel's
display name, and any folder of ``exercises/`` whose source was removed.

    python tools/exercises.py                 # regenerate exercises/ (what `make exercises` runs)
    python tools/exercises.py --root DIR      # the same in another course folder (used by the tests)

It needs nbgrader (the ``instructor`` extra); students never do.
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCE, RELEASE = "solutions", "exercises"


def assignments(root):
    """Names of the assignment folders under ``root/solutions`` that hold a notebook."""
    if not (root / SOURCE).is_dir():
        return []
    return sorted(p.name for p in (root / SOURCE).iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))


def normalise(path):
    """Rewrite one released notebook without machine-specific metadata."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    nbformat.write(nb, path)


def nbgrader_api(root):
    """An ``NbGraderAPI`` configured by ``root/nbgrader_config.py`` (and nothing else)."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    # (loading the config also puts this interpreter's bin folder, with `alembic`, on PATH)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return NbGraderAPI(config=config)


def generate(root=ROOT, quiet=False):
    """Regenerate ``root/exercises`` from ``root/solutions``; return the released notebooks.

    Equivalent to ``nbgrader generate_assignment --force <assignment>`` for every assignment, run
    through nbgrader's Python API in one process (one nbgrader start-up instead of one per
    assignment).
    """
    root = Path(root).resolve()
    names = assignments(root)
    api = nbgrader_api(root) if names else None
    for name in names:
        result = api.generate_assignment(name, force=True)
        if not result["success"]:
            sys.stderr.write(result.get("log", "") + result.get("error", ""))
            raise SystemExit(f"nbgrader generate_assignment {name} failed")
        if not quiet:
            print(f"generated {RELEASE}/{name}/")
    release = root / RELEASE
    for folder in release.iterdir() if release.exists() else []:
        if folder.is_dir() and folder.name not in names:
            shutil.rmtree(folder)  # its source is gone
            if not quiet:
                print(f"removed stale {RELEASE}/{folder.name}/")
    released = sorted(release.glob("*/*.ipynb")) if release.exists() else []
    for path in released:
        normalise(path)
    return released


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="course folder (default: this repository)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    generate(args.root, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
