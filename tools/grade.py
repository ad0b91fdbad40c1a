"""Autograde every submission in grading/submitted/: what `make grade` runs.

    python tools/grade.py --help

The code lives in tools/grader/ (see its __init__.py for a map).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.grader.command import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
