"""The navigation cells at the top and bottom of every lesson are what tools/nav.py generates."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_navigation_cells_are_up_to_date():
    run = subprocess.run([sys.executable, "tools/nav.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, (
        f"stale navigation cells (run `python tools/nav.py` and commit):\n{run.stdout}{run.stderr}")
