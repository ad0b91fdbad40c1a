"""Strict nbval over every lesson and every solution notebook.

Each notebook in ``notebooks/`` and ``solutions/<assignment>/`` is re-executed in a fresh kernel
by ``pytest --nbval`` (strict: every stored text output must be reproduced; only cells tagged
``nbval-ignore-output`` are exempt) with the sanitizers of ``tests/sanitize.cfg``. The list is
built when the tests are collected, so a new lesson or exercise is checked as soon as its
notebook exists.

Every notebook runs as its own child ``pytest`` process, so ``pytest`` / ``make test`` /
``pytest tests/`` all include these checks, and a failure shows nbval's own cell-by-cell diff.
To check one notebook by hand:

    .venv/bin/python -m pytest --nbval --nbval-current-env \
        --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider notebooks/01_forward_pass.ipynb
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "tests" / "sanitize.cfg"
NOTEBOOKS = [
    path for folder in ("notebooks", "solutions") for path in sorted((ROOT / folder).rglob("*.ipynb"))
    if ".ipynb_checkpoints" not in path.parts
]


def nbval(path, timeout=600):
    """Run strict nbval on one notebook in a child pytest; return the CompletedProcess."""
    command = [
        sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(SANITIZE.relative_to(ROOT)),
        "-p", "no:cacheprovider", "-q", "--no-header", "-rfE",
        str(path.relative_to(ROOT)),
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_notebook_reproduces_its_outputs(path):
    run = nbval(path)
    assert run.returncode == 0, (
        f"nbval failed for {path.relative_to(ROOT).as_posix()} (exit {run.returncode}); "
        "re-run the notebook top to bottom (tools/run_notebooks.py) if the change is intended.\n"
        + run.stdout[-20000:] + run.stderr[-5000:]
    )


def test_sanitizers_remove_only_representation_noise():
    """The sanitize file maps addresses, figure reprs and numpy scalar reprs, and keeps numbers."""
    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns(SANITIZE.read_text())

    def clean(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert clean("<Figure size 640x480 with 1 Axes>") == clean("<Figure size 1000x300 with 3 Axes>")
    assert clean("<function f at 0x7f3a2b>") == clean("<function f at 0x55aa01>")
    assert clean("np.float64(0.5)") == "0.5"
    assert clean("(np.int64(3), np.True_)") == "(3, True)"
    assert clean("loss 0.6931 after 300 steps") == "loss 0.6931 after 300 steps"
