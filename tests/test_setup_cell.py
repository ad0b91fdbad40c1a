"""A single notebook, anywhere: the generated setup cell, and a lesson run outside the repository.

Every lesson and exercise starts (right after its title) with a code cell that tools/nav.py
generates and tags ``nnlib-setup``. When nnlib is importable it prints nothing; when it is not
(Colab, Kaggle, VS Code, a downloaded notebook) it stops with the commands that install nnlib.
The slow test builds the wheel, installs it into a fresh virtual environment outside the
repository and runs one lesson there, first without nnlib (the setup cell must stop it with the
instructions), then with the wheel (the lesson must run to the end).
"""

import ast
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nav  # noqa: E402

NAME, VERSION, URL = nav.project_facts()
WHEEL = f"{NAME.replace('-', '_')}-{VERSION}-py3-none-any.whl"
SOURCE = nav.setup_source(NAME, VERSION, URL)
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*/*.ipynb"))
LOCK = ROOT / "requirements" / "lock.txt"


def setup_cells(nb):
    return [c for c in nb.cells if nav.SETUP_TAG in c.metadata.get("tags", [])]


# --- the cell itself -----------------------------------------------------------------------------

def test_setup_cell_is_silent_when_nnlib_imports():
    namespace, out, err = {}, io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        exec(compile(SOURCE, "setup-cell", "exec"), namespace)
    assert out.getvalue() == err.getvalue() == ""
    assert set(namespace) - {"__builtins__"} == {"importlib"}


def test_setup_cell_defines_no_helpers():
    """It only checks the import: no function, class or assignment hides course code."""
    tree = ast.parse(SOURCE)
    kinds = [type(node).__name__ for node in tree.body]
    assert kinds == ["Import", "If"]
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Assign)]


def test_setup_cell_without_nnlib_stops_with_the_install_commands(tmp_path):
    # -I -S: no site-packages, no PYTHONPATH, no current folder, so nnlib cannot be found.
    run = subprocess.run([sys.executable, "-I", "-S", "-c", SOURCE], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode != 0
    message = run.stderr
    assert "ModuleNotFoundError: This notebook needs nnlib" in message
    assert f"%pip install {WHEEL}" in message
    assert f'%pip install "{NAME} @ git+' in message
    assert "restart the kernel" in message
    assert "No module named" not in message


def test_wheel_name_in_the_cell_is_the_one_make_wheel_builds():
    assert WHEEL.startswith("breaking_symmetry-") and NAME == "breaking-symmetry"


# --- where the cell goes -------------------------------------------------------------------------

def _toy(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_with_setup_puts_one_cell_right_after_the_title_and_is_idempotent():
    nav_top = nbformat.v4.new_markdown_cell("← | map | →", metadata={"tags": ["nav"]})
    title = nbformat.v4.new_markdown_cell("# 09 · Something\n\nIntro.")
    code = nbformat.v4.new_code_cell("import numpy as np")
    stale = nav.setup_cell("# an old setup cell")
    nb = _toy(nav_top, title, stale, code, nav.setup_cell("# a duplicate"))
    once = nav.with_setup(nb, nav.setup_cell(SOURCE))
    assert [c.source for c in once.cells] == [nav_top.source, title.source, SOURCE, code.source]
    assert once.cells[2].cell_type == "code" and once.cells[2].outputs == []
    twice = nav.with_setup(once, nav.setup_cell(SOURCE))
    assert nav.same(once, twice)
    assert not nav.same(nb, once)


def test_setup_cell_in_solutions_is_locked_and_ungraded():
    cell = nav.setup_cell(SOURCE, graded_folder=True)
    meta = cell.metadata["nbgrader"]
    assert meta["locked"] and not meta["solution"] and not meta["grade"] and not meta["task"]
    assert meta["grade_id"] == "nnlib_setup"


# --- the repository ------------------------------------------------------------------------------

def test_generated_cells_are_up_to_date(capsys):
    """tools/nav.py --check: every lesson and solution has its nav bars and the current setup cell."""
    assert nav.main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS + EXERCISES,
                         ids=[p.relative_to(ROOT).as_posix() for p in LESSONS + SOLUTIONS + EXERCISES])
def test_first_code_cell_is_the_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    (cell,) = setup_cells(nb)
    assert cell.source == SOURCE
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code is cell
    assert not cell.get("outputs"), "the setup cell prints nothing when nnlib imports"
    if path in EXERCISES:  # nbgrader's generate_assignment kept it as a locked, ungraded cell
        meta = cell.metadata["nbgrader"]
        assert meta["locked"] and not meta["solution"] and not meta["grade"]


# --- one lesson outside the repository -----------------------------------------------------------

RUNNER = textwrap.dedent("""
    import json, sys
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = sys.argv[1]
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": sys.argv[2]}})
    report = {"ok": True}
    try:
        client.execute()
    except CellExecutionError as error:
        failed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                  and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        report = {"ok": False, "failed": failed, "first_code": first_code,
                  "ename": error.ename, "evalue": error.evalue}
    print("REPORT" + json.dumps(report))
""")


def _run(python, notebook, env):
    run = subprocess.run([str(python), "-c", RUNNER, str(notebook), str(notebook.parent)], cwd=notebook.parent,
                         env=env, capture_output=True, text=True, timeout=900)
    lines = [line for line in run.stdout.splitlines() if line.startswith("REPORT")]
    assert lines, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(lines[-1][len("REPORT"):])


@pytest.mark.slow
def test_a_lesson_runs_outside_the_repository_from_the_wheel(tmp_path):
    # Build the wheel from a copy of what it is made of (nothing written into the checkout).
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "nnlib", src / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"),
                    str(src)], check=True, capture_output=True, text=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == WHEEL
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"{NAME.replace('-', '_')}-{VERSION}.dist-info/METADATA").decode()
    assert "nnlib/datasets/digits.npz" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert requires and not [r for r in requires if any(x in r for x in ("jupyterlab", "notebook", "nbgrader"))]

    # A fresh environment outside the repository, with only a kernel and nbclient.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "-c", str(LOCK)]
    subprocess.run([*pip, "ipykernel", "nbclient", "nbformat"], check=True, capture_output=True, text=True)
    work = tmp_path / "work"
    work.mkdir()
    notebook = work / "01_forward_pass.ipynb"
    shutil.copy2(ROOT / "notebooks" / notebook.name, notebook)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter-data")  # no kernelspec of the user's own
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    # Without nnlib: the first code cell stops the notebook with the install commands.
    report = _run(python, notebook, env)
    assert not report["ok"]
    assert report["failed"] == [report["first_code"]]
    assert report["ename"] == "ModuleNotFoundError"
    assert f"%pip install {WHEEL}" in report["evalue"]

    # With the wheel: the lesson runs to the end.
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, text=True)
    report = _run(python, notebook, env)
    assert report == {"ok": True}
